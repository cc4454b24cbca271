// Resource exhaustion: a client that sends its header a byte at a time, idle connections up to
// and beyond the server's bound, and bodies nested far deeper than any message. The server cuts
// off what it must and keeps answering a normal client. Short timeouts make the server close
// quickly; the tests wait for it to close, never for a time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <vector>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

// A bare TCP connection to the test server, to misbehave on.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(fd_ >= 0);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the server has closed the connection.
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) >= 0;
  }

  // Waits up to `ms` milliseconds (-1: without end) for the server to close the connection,
  // discarding anything it sends first; true when it did.
  bool closed_within(int ms) {
    pollfd p{fd_, POLLIN, 0};
    char buffer[4096];
    while (::poll(&p, 1, ms) > 0) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return true;
    }
    return false;
  }

 private:
  int fd_;
};

http::ServerOptions short_timeouts() {
  http::ServerOptions options;
  options.request_timeout = std::chrono::seconds(1);
  options.idle_timeout = std::chrono::seconds(30);
  return options;
}

}  // namespace

TEST_CASE("a client sending its header a byte at a time is cut off at the request timeout",
          "[http][security][concurrency]") {
  TestServer server("2026-11-02T09:00:00+08:00", short_timeouts());
  HttpClient normal = server.client();
  RawConnection slow(server.port());
  const std::string header =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(4000, 'a');
  const auto started = std::chrono::steady_clock::now();
  size_t sent = 0;
  // One byte, then up to 100 ms for the server to close; a normal client is served meanwhile.
  for (; sent < header.size(); ++sent) {
    if (!slow.send(header.substr(sent, 1)) || slow.closed_within(100)) break;
    REQUIRE(normal.request("GET", "/healthz").status == 200);
  }
  const auto took = std::chrono::steady_clock::now() - started;
  INFO(sent << " bytes sent in " << std::chrono::duration<double>(took).count() << " s");
  CHECK(sent < header.size());
  // The request timeout (1 s), not the idle timeout (30 s), bounds a request once begun.
  CHECK(took < std::chrono::seconds(10));
  CHECK(normal.request("GET", "/healthz").status == 200);
}

TEST_CASE(
    "idle connections up to and beyond the bound neither stop a served client nor outlive their "
    "timeout",
    "[http][security][concurrency]") {
  http::ServerOptions options;
  options.max_connections = 20;
  options.idle_timeout = std::chrono::seconds(1);
  TestServer server("2026-11-02T09:00:00+08:00", options);
  HttpClient normal = server.client();
  REQUIRE(normal.request("GET", "/healthz").status == 200);  // the first of the 20

  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 1; i < 20; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
  // Beyond the bound, each new connection is closed at once: before the idle ones time out.
  for (int i = 0; i < 10; ++i) {
    RawConnection extra(server.port());
    CHECK(extra.closed_within(-1));
    CHECK_FALSE(idle.front()->closed_within(0));
  }
  // The client already connected is still served.
  CHECK(normal.request("GET", "/healthz").status == 200);
  // Idle connections are closed at the idle timeout, and then new clients get in.
  for (auto& connection : idle) CHECK(connection->closed_within(-1));
  CHECK(server.client().request("GET", "/healthz").status == 200);
}

TEST_CASE("bodies nested far past any message are refused and the server goes on",
          "[http][security]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const auto json = food::bearer(staff.clerk1);
  struct Body {
    std::string what, content_type, bytes;
  };
  // Start-group tags of field 1, 300,000 deep: protobuf's parser stops at its recursion limit.
  const std::vector<Body> bodies = {
      {"1,000,000 '['", "application/json", std::string(1000000, '[')},
      {"200,000 objects", "application/json",
       [] {
         std::string s;
         for (int i = 0; i < 200000; ++i) s += R"({"a":)";
         return s;
       }()},
      {"300,000 protobuf groups", "application/x-protobuf", std::string(300000, '\x0b')},
  };
  for (const auto& body : bodies) {
    for (const std::string target : {"/v1/cases", "/v1/public/applications"}) {
      auto headers = json;
      headers["Content-Type"] = body.content_type;
      const HttpReply r = client.request("POST", target, body.bytes, headers);
      INFO(body.what << " to " << target << " -> " << r.status << " " << r.body.substr(0, 300));
      CHECK(r.status == 400);
      CHECK(food::error_of(r).code() == "INVALID_ARGUMENT");
      CHECK(client.request("GET", "/healthz").status == 200);
    }
  }
}

}  // namespace oneseal::testing
