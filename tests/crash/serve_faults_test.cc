// `oneseal serve` on files it may only read or must refuse: --read-only serves reads and the
// public pages, answers every write 503, records nothing that falls due and leaves the file
// as it was; a damaged file is refused (or, when the writer's check finds the damage after
// opening, the server stops) with the reason, a non-zero exit and not a byte changed; a server
// out of file descriptors waits, then takes the connections queued meanwhile.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <catch2/catch.hpp>

#include "oneseal/v1/api.pb.h"
#include "tests/crash/serve_process.h"
#include "tests/http/client.h"
#include "tests/http/food_case.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing {

namespace {

using Catch::Matchers::Contains;

// Sixty days later: a case filed now and never accepted is by then deemed accepted (a step the
// scheduler records) and its review's time limits have passed.
const std::string kLater = std::to_string(60 * 86400);

struct Filed {
  std::string clerk, approver, admin;
  food::Case food;
};

// A file with staff and one submitted food case, closed by its server (WAL checkpointed).
Filed file_a_case(const std::string& db) {
  Filed f;
  f.clerk = users_add(db, "clerk", "", "hall-1");
  f.approver = users_add(db, "approver");
  f.admin = users_add(db, "administrator");
  ServeProcess server(db);
  REQUIRE(server.serving());
  HttpClient client(server.port());
  const HttpReply filed = food::must(client, f.clerk, "/v1/cases",
                                     std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" +
                                         food::kApplicant + R"(,"materials":)" + food::kAllMaterials + "}",
                                     201);
  v1::CaseResponse answer;
  REQUIRE(food::parse(filed.body, &answer));
  f.food = {answer.case_().id(), answer.query_code()};
  server.signal(SIGTERM);
  REQUIRE(exited_with(server.wait(), 0));
  return f;
}

}  // namespace

TEST_CASE("serve --read-only serves reads, answers writes 503 and changes nothing", "[http][read-only]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  const Filed f = file_a_case(db);
  const std::string before = bytes_of(db);
  {
    ServeProcess server(db, {"--read-only", "--clock-offset", kLater});
    INFO(server.output());
    REQUIRE(server.serving());
    CHECK_THAT(server.output(), Contains("Read-only: every write answers 503; the scheduler does not run"));
    HttpClient client(server.port());
    const std::string at = "/v1/cases/" + f.food.id;

    CHECK(client.request("GET", at, "", food::bearer(f.approver)).status == 200);
    CHECK(client.request("GET", "/v1/cases?state=SUBMITTED", "", food::bearer(f.approver)).status == 200);
    const HttpReply progress =
        client.request("GET", "/v1/public/progress?caseNo=" + f.food.id + "&code=" + f.food.code);
    INFO(progress.body);
    CHECK(progress.status == 200);

    const std::vector<std::pair<std::string, std::string>> writes = {
        {"/v1/cases", std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + food::kApplicant +
                          R"(,"materials":)" + food::kAllMaterials + "}"},
        {at + ":accept", R"({"mode":"COMPLETE"})"},
    };
    for (const auto& [target, body] : writes) {
      const HttpReply r = client.request("POST", target, body, food::bearer(f.clerk));
      INFO("POST " << target << " -> " << r.status << " " << r.body);
      CHECK(r.status == 503);
      CHECK(food::error_of(r).code() == "UNAVAILABLE");
      CHECK_THAT(food::error_of(r).message(), Contains("read-only"));
    }
    const HttpReply user = client.request("POST", "/v1/users", R"({"name":"某人","role":"APPROVER"})",
                                          food::bearer(f.admin));
    INFO("POST /v1/users -> " << user.body);
    CHECK(user.status == 503);
    server.signal(SIGTERM);
    CHECK(exited_with(server.wait(), 0));
    CHECK_THAT(server.output(), !Contains("Caught up"));
  }
  CHECK(bytes_of(db) == before);
  // What fell due was left for a server that may write: it records it when it starts.
  ServeProcess writer(db, {"--clock-offset", kLater});
  INFO(writer.output());
  REQUIRE(writer.serving());
  CHECK_THAT(writer.output(), Contains("Caught up:"));
}

TEST_CASE("serve refuses a damaged file, says why, and leaves it byte for byte", "[http][corruption]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  file_a_case(db);
  // Every page after the first (the header, which still says "SQLite") overwritten.
  const auto size = std::filesystem::file_size(db);
  REQUIRE(size > 8192);
  {
    std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096);
    const std::string junk(size - 4096, '\x5a');
    file.write(junk.data(), std::streamsize(junk.size()));
  }
  const std::string damaged = bytes_of(db);
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--read-only"}}) {
    ServeProcess server(db, extra);
    const int status = server.wait();
    INFO("serve " << (extra.empty() ? "" : extra[0]) << ": " << server.output());
    CHECK_FALSE(server.serving());
    CHECK(exited_with(status, 1));
    CHECK_THAT(server.output(), Contains("not starting") && (Contains("quick check") || Contains("malformed")));
    CHECK(bytes_of(db) == damaged);
  }
}

TEST_CASE("serve stops on a file whose quick check fails after opening, and writes nothing to it",
          "[http][corruption]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  file_a_case(db);
  // A table opening does not read: the server may start before the check, which it leaves to
  // the writer, finds the damage.
  spoil_root_page(db, "idempotency");
  const std::string damaged = bytes_of(db);
  ServeProcess server(db);
  // Stopped now, if the check has not stopped it yet: the server still waits for its verdict.
  if (server.serving()) server.signal(SIGTERM);
  const int status = server.wait();
  INFO(server.output());
  CHECK(exited_with(status, 1));
  CHECK_THAT(server.output(), Contains("fails its quick check") && Contains("takes no writes"));
  CHECK(bytes_of(db) == damaged);
}

// A TCP connection to 127.0.0.1, open until destroyed; a read waits at most 30 s.
class Connection {
 public:
  explicit Connection(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
    const timeval limit{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends `request` and reads until the server closes the connection.
  std::string exchange(const std::string& request) {
    REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size()));
    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, size_t(n));
    return answer;
  }

 private:
  int fd_;
};

TEST_CASE("serve out of file descriptors pauses accepting, then takes the waiting connections once some close",
          "[http]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  // The server inherits a limit of 40 descriptors, about 20 of them free once it serves.
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  rlimit low = saved;
  low.rlim_cur = 40;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  // Under UndefinedBehaviorSanitizer the server goes on after a report: its vptr check opens a
  // pipe to read an object it has not met before and, with no descriptor left, reports any such
  // object as not of its type.
  ServeProcess server(db, {}, {"UBSAN_OPTIONS=halt_on_error=0"});
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
  REQUIRE(server.serving());
  // Sixty connections: the later ones wait in the listen queue, and the server's accepts fail
  // (EMFILE) until some of the first ones close.
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = 0; i < 60; ++i) connections.push_back(std::make_unique<Connection>(server.port()));
  connections.erase(connections.begin(), connections.begin() + 40);
  // Answered once the paused acceptor tries again and takes the connections waiting before it.
  const std::string answer =
      connections.back()->exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 200"));
  connections.clear();
  CHECK(HttpClient(server.port()).request("GET", "/healthz").status == 200);
  server.signal(SIGTERM);
  CHECK(exited_with(server.wait(), 0));
}

}  // namespace oneseal::testing
