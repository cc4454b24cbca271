// The API's Request from a message Beast parsed: the one conversion, shared by the server's
// sessions and the fuzz target of whole requests (tests/fuzz/http_fuzz.cc).
#pragma once

#include <string>
#include <string_view>

#include "engine/http/asio.h"
#include "engine/http/message.h"

namespace oneseal::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// A header's value, by field or by name; empty when absent.
template <typename Name>
std::string header(const BeastRequest& message, Name name) {
  auto it = message.find(name);
  return it == message.end() ? std::string() : std::string(it->value());
}

// Every value of a header that holds a list (X-Forwarded-For), joined by commas as one: a
// message may carry the header several times.
std::string header_list(const BeastRequest& message, std::string_view name);

// The request the API reads, the body moved out of `message`; `client` is the peer's address,
// or behind a trusted proxy the client it names (trusted_proxies.h).
Request to_request(BeastRequest&& message, std::string client);

}  // namespace oneseal::http
