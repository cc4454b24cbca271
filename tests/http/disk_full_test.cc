// A full disk over HTTP: the server's file may not grow (SQLite's page limit, lowered on the
// writer connection while it serves: the same SQLITE_FULL a full file system gives, without
// root to mount a small one). Commands answer 503 saying so, nothing half is stored, reads go
// on, and commands are taken again once space returns.
#include <catch2/catch.hpp>

#include "oneseal/v1/api.pb.h"
#include "storage/maintenance.h"
#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

using Catch::Matchers::Contains;

// Lets the file grow to `pages` pages at most; 0: to as many as it has now.
void limit_pages(SqliteEventStore& store, int64_t pages) {
  REQUIRE(store.write_exclusive([pages](sqlite::Connection& db) {
    auto now = db.query_int("PRAGMA page_count");
    if (!now.ok()) return now.status();
    return db.exec("PRAGMA max_page_count = " + std::to_string(pages > 0 ? pages : *now));
  }).ok());
}

int64_t count_events(SqliteEventStore& store) {
  int64_t n = -1;
  REQUIRE(store.read_with([&](sqlite::Connection& db) {
    auto count = db.query_int("SELECT count(*) FROM events");
    if (count.ok()) n = *count;
    return count.status();
  }).ok());
  return n;
}

std::string path_of(SqliteEventStore& store) {
  std::string path;
  REQUIRE(store.read_with([&](sqlite::Connection& db) {
    path = sqlite3_db_filename(db.raw(), "main");
    return Status();
  }).ok());
  return path;
}

const std::string kSubmission = std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" +
                                food::kApplicant + R"(,"materials":)" + food::kAllMaterials + "}";

}  // namespace

TEST_CASE("a full disk answers 503, stores nothing half, and service resumes when space returns",
          "[http][disk-full]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const food::Case waiting = food::make_case(client, staff, food::State::kSubmitted);
  const int64_t before = count_events(server.store());

  limit_pages(server.store(), 0);
  int stored = 0, refused = 0;
  for (int i = 0; i < 2000 && refused < 5; ++i) {
    const HttpReply r = client.request("POST", "/v1/cases", kSubmission, food::bearer(staff.clerk1));
    if (r.status == 201) {
      ++stored;
      continue;
    }
    INFO(r.status << " " << r.body);
    REQUIRE(r.status == 503);
    CHECK(food::error_of(r).code() == "UNAVAILABLE");
    CHECK_THAT(food::error_of(r).message(), Contains("disk is full"));
    ++refused;
  }
  REQUIRE(refused == 5);
  const HttpReply move =
      client.request("POST", "/v1/cases/" + waiting.id + ":accept", R"({"mode":"COMPLETE"})", food::bearer(staff.clerk1));
  INFO(move.body);
  CHECK(move.status == 503);
  // Reads go on; the refused commands left nothing behind.
  CHECK(food::read_case(client, staff, waiting.id).status() == v1::SUBMITTED);
  CHECK(count_events(server.store()) == before + stored);
  CHECK(server.store().stats().failed_batches >= 6);

  limit_pages(server.store(), 1 << 30);
  CHECK(client.request("POST", "/v1/cases", kSubmission, food::bearer(staff.clerk1)).status == 201);
  CHECK(client.request("POST", "/v1/cases/" + waiting.id + ":accept", R"({"mode":"COMPLETE"})",
                       food::bearer(staff.clerk1)).status == 200);
  CHECK(count_events(server.store()) == before + stored + 1 + 2);  // a submission; CaseAccepted, StageStarted

  auto report = verify_database(path_of(server.store()), fixtures::calendar());
  REQUIRE(report.ok());
  CHECK(report->first_difference == "");
}

}  // namespace oneseal::testing
