// The server as a client meets it: keep-alive, limits, malformed requests, graceful stop.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include "tests/http/test_server.h"

namespace oneseal::testing {

TEST_CASE("the server answers health checks on a kept-alive connection", "[http][concurrency]") {
  TestServer server;
  HttpClient client = server.client();
  for (int i = 0; i < 3; ++i) {
    const HttpReply r = client.request("GET", "/healthz");
    CHECK(r.status == 200);
    CHECK(r.body == R"({"status":"ok"})");
    CHECK(r.header("content-type") == "application/json");
  }
}

TEST_CASE("a body over the limit is refused with 413 before it is read", "[http][concurrency]") {
  http::ServerOptions options;
  options.body_limit = 1024;
  TestServer server("2026-11-02T09:00:00+08:00", options);
  const HttpReply r = server.client().request("POST", "/v1/public/applications", std::string(4096, ' '),
                                              {{"Content-Type", "application/json"}});
  CHECK(r.status == 413);
  CHECK(r.body.find("RESOURCE_EXHAUSTED") != std::string::npos);
}

TEST_CASE("oversized headers are refused with 431", "[http][concurrency]") {
  TestServer server;
  const HttpReply r = server.client().request("GET", "/healthz", "", {{"X-Padding", std::string(20000, 'a')}});
  CHECK(r.status == 431);
}

TEST_CASE("Content-Length together with Transfer-Encoding is refused (request smuggling)", "[http][concurrency]") {
  TestServer server;
  const HttpReply r = server.client().raw(
      "POST /v1/public/applications HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  CHECK(r.status == 400);
  CHECK(r.body.find("Transfer-Encoding") != std::string::npos);
}

TEST_CASE("a malformed request line is answered 400, and the server goes on", "[http][concurrency]") {
  TestServer server;
  CHECK(server.client().raw("GARBAGE\r\n\r\n").status == 400);
  CHECK(server.client().request("GET", "/healthz").status == 200);
}

// The server parses a header already in its buffer without reading again, and reads on when
// the buffer holds only part of one.
TEST_CASE("requests sent together are each answered, in order", "[http][concurrency]") {
  TestServer server;
  HttpClient client = server.client();
  const std::string health = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string missing = "GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string post = "POST /v1/public/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 2\r\n\r\n{}";
  const HttpReply first = client.raw(health + missing + post + health);
  CHECK(first.status == 200);
  CHECK(first.body == R"({"status":"ok"})");
  CHECK(client.next().status == 404);
  CHECK(client.next().status == 400);  // the body was read: an empty application is refused
  CHECK(client.next().status == 200);
}

// A body that came with its header is parsed at once; the parser reads on for the rest.
TEST_CASE("a body is read whole, chunked or longer than the first read", "[http][concurrency]") {
  TestServer server;
  HttpClient client = server.client();
  const std::string head = "POST /v1/public/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  const HttpReply empty = client.raw(head + "Content-Length: 2\r\n\r\n{}");
  REQUIRE(empty.status == 400);
  const HttpReply chunked = client.raw(head + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n1\r\n}\r\n0\r\n\r\n");
  CHECK(chunked.status == 400);
  CHECK(chunked.body == empty.body);
  // The first read takes 4 KiB: the rest of this body arrives by later reads.
  const std::string padded = std::string(100000, ' ') + "{}";
  const HttpReply long_body = client.raw(head + "Content-Length: " + std::to_string(padded.size()) + "\r\n\r\n" + padded);
  CHECK(long_body.status == 400);
  CHECK(long_body.body == empty.body);
  CHECK(client.request("GET", "/healthz").status == 200);
}

TEST_CASE("a header longer than the first read is read to its end", "[http][concurrency]") {
  TestServer server;
  // The first read takes 4 KiB; this header is about 10 KiB, under the 16 KiB limit.
  const HttpReply r = server.client().request("GET", "/healthz", "", {{"X-Padding", std::string(10000, 'a')}});
  CHECK(r.status == 200);
  CHECK(server.client().raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(10000, 'b') +
                            "\r\n\r\nGARBAGE\r\n\r\n")
            .status == 200);
}

TEST_CASE("unknown routes are 404 and wrong methods 405 with Allow", "[http][concurrency]") {
  TestServer server;
  HttpClient client = server.client();
  const HttpReply missing = client.request("GET", "/v1/nothing");
  CHECK(missing.status == 404);
  CHECK(missing.body.find("\"code\":\"NOT_FOUND\"") != std::string::npos);
  const HttpReply wrong = client.request("DELETE", "/v1/items");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("allow") == "GET, OPTIONS");
}

TEST_CASE("stopping the server answers the request in hand, then closes", "[http][concurrency]") {
  auto server = std::make_unique<TestServer>();
  const std::string clerk = server->token(v1::CLERK, "", "hall-1");
  HttpClient client = server->client();
  CHECK(client.request("GET", "/healthz").status == 200);
  server.reset();  // stop() with an idle kept-alive connection open must not hang
  CHECK_THROWS(client.request("GET", "/healthz"));
}

TEST_CASE("metrics count requests by route and status, commits and open cases by level", "[http][concurrency]") {
  TestServer server;
  const std::string clerk = server.token(v1::CLERK, "", "hall-1");
  HttpClient client = server.client();
  std::string body;
  google::protobuf::util::MessageToJsonString(food_submission().submit(), &body);
  REQUIRE(client.request("POST", "/v1/cases", body, TestServer::as(clerk)).status == 201);
  client.request("GET", "/healthz");
  client.request("GET", "/v1/nothing");
  const HttpReply r = client.request("GET", "/metrics");
  CHECK(r.status == 200);
  CHECK(r.body.find(R"(oneseal_http_requests_total{route="/healthz",method="GET",status="200"} 1)") !=
        std::string::npos);
  CHECK(r.body.find(R"(oneseal_http_requests_total{route="unmatched",method="GET",status="404"} 1)") !=
        std::string::npos);
  CHECK(r.body.find(R"(oneseal_http_request_seconds_count{route="/healthz"} 1)") != std::string::npos);
  CHECK(r.body.find("oneseal_store_commits_total 1\n") != std::string::npos);
  CHECK(r.body.find("oneseal_store_commands_total 1\n") != std::string::npos);
  CHECK(r.body.find(R"(oneseal_open_cases{level="GREEN"} 1)") != std::string::npos);
  CHECK(r.body.find(R"(oneseal_open_cases{level="RED"} 0)") != std::string::npos);
}

}  // namespace oneseal::testing
