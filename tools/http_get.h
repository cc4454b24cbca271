// A plain HTTP/1.1 GET for `oneseal report --url`: one request on its own connection, over
// Beast like the server; no TLS (put the server behind a proxy for that, and ask it here).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/status.h"

namespace oneseal::cli {

struct HttpAnswer {
  int status = 0;
  std::string content_type, body;
};

// GETs `target` (path and query) from `url` ("http://HOST[:PORT]"). INVALID_ARGUMENT (field
// url) for another form of URL, UNAVAILABLE when the server cannot be reached or answers
// nothing readable.
Result<HttpAnswer> http_get(const std::string& url, const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& headers);

// A query parameter's value, percent-encoded.
std::string percent_encode(const std::string& value);

}  // namespace oneseal::cli
