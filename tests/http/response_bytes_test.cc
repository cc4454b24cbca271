// The server writes answers from response_bytes: the bytes must be those Beast's own serializer
// writes for the same message, for every kind of answer the API gives.
#include "engine/http/response_bytes.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace oneseal::http {
namespace {

namespace bhttp = boost::beast::http;

std::string by_beast(const BeastResponse& response) {
  std::ostringstream out;
  out << response;
  return out.str();
}

BeastResponse answer(unsigned status, unsigned version, bool keep_alive, std::string body) {
  BeastResponse response;
  response.version(version);
  response.result(status);
  response.keep_alive(keep_alive);
  if (!body.empty()) response.set(bhttp::field::content_type, "application/json");
  response.body() = std::move(body);
  return response;
}

TEST_CASE("an answer's bytes are those of Beast's serializer") {
  std::vector<BeastResponse> answers;
  answers.push_back(
      answer(200, 11, true, R"({"caseNo":"OS2026112714301542917","state":"UNDER_REVIEW"})"));
  answers.push_back(answer(200, 11, false, "{}"));
  answers.push_back(answer(200, 10, true, "{}"));
  answers.push_back(answer(200, 10, false, "{}"));
  answers.push_back(answer(201, 11, true, std::string(70000, 'x')));
  answers.push_back(answer(304, 11, true, ""));
  answers.push_back(answer(204, 11, true, ""));
  answers.push_back(answer(404, 11, true, R"({"error":{"code":"NOT_FOUND"}})"));
  answers.push_back(answer(429, 11, true, R"({"error":{"code":"RESOURCE_EXHAUSTED"}})"));
  answers.push_back(answer(299, 11, true, "{}"));  // a status without a standard reason
  answers.push_back(answer(200, 11, true, ""));
  for (auto& response : answers) {
    response.set("Cache-Control", "no-store");
    response.set("ETag", "\"3-20261127\"");
    response.set("X-Custom-Header", "");
    response.prepare_payload();
    std::string bytes = "left from the answer before";
    response_bytes(response, bytes);
    INFO(by_beast(response));
    CHECK(bytes == by_beast(response));
  }
}

TEST_CASE("an answer's bytes start with the status line and end with the body") {
  auto response = answer(503, 11, true, "{\"error\":{}}");
  response.prepare_payload();
  std::string bytes;
  response_bytes(response, bytes);
  CHECK(bytes.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0) == 0);
  CHECK(bytes.find("\r\nContent-Length: 12\r\n") != std::string::npos);
  CHECK(bytes.size() > 12);
  CHECK(bytes.substr(bytes.size() - 16) == "\r\n\r\n{\"error\":{}}");
}

}  // namespace
}  // namespace oneseal::http
