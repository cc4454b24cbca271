// A small blocking HTTP/1.1 client for the tests, on one keep-alive connection to 127.0.0.1.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace oneseal::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();

  // Sends one request and reads its answer; reconnects when the server closed the connection.
  // `headers` are added as given (e.g. {"Authorization", "Bearer ..."}).
  HttpReply request(const std::string& method, const std::string& target, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {});
  // Sends bytes as they are and reads one answer (for malformed requests).
  HttpReply raw(const std::string& bytes);
  // Reads one more answer on the connection (after raw() sent several requests at once).
  HttpReply next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oneseal::testing
