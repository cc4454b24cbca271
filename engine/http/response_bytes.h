// An answer as the bytes that go on the wire, in one buffer: the server writes it with one
// plain socket write instead of Beast's http::async_write.
#pragma once

#include <string>

#include "engine/http/asio.h"

namespace oneseal::http {

using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Replaces `out` with `response` as Beast's serializer lays it out (status line, the fields
// in their order, a blank line, the body). REQUIRES: prepare_payload() was called, so the
// body is framed by Content-Length (or has none).
void response_bytes(const BeastResponse& response, std::string& out);

}  // namespace oneseal::http
