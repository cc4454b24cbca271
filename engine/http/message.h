// A request and its response as the API sees them: plain values, no sockets and no Beast, so
// routing and handlers are tested without a network (after Beast's advanced_server, where
// handling is a function from request to response).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oneseal::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // the target before '?', still percent-encoded
  std::string query;   // after '?', without it
  std::string body;
  // The headers the API reads; empty when absent.
  std::string content_type, accept, authorization, idempotency_key, if_match, if_none_match, origin;
  std::string client;  // the peer's address, for throttling and logs
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string principal;  // who asked (a user id, or "public"), for the request log
  std::string route;      // the route's pattern, for metrics and logs; empty when none matched

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Called exactly once with the response, from any thread.
using Reply = std::function<void(Response)>;

// The value of query parameter `name` percent-decoded ('+' is a space), or empty.
std::string query_param(std::string_view query, std::string_view name);
// Percent-decodes a path segment; false when an escape is malformed.
bool percent_decode(std::string_view in, std::string* out);

}  // namespace oneseal::http
