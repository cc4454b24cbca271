// `oneseal serve` on files it may only read or must refuse: --read-only serves reads and the
// public pages, answers every write 503, records nothing that falls due and leaves the file
// as it was; a damaged file is refused (or, when the writer's check finds the damage after
// opening, the server stops) with the reason, a non-zero exit and not a byte changed.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace oneseal::testing
