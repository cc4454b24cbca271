// Rebuild and verify on a database of random case lives: the projections rebuilt from the
// events equal the ones the store kept live, and verify finds a changed byte anywhere.
#include <random>

#include <catch2/catch.hpp>

#include "engine/case_service.h"
#include "storage/maintenance.h"
#include "storage/sqlite.h"
#include "storage/sqlite_event_store.h"
#include "storage/writer_lock.h"
#include "tests/engine/fixtures.h"
#include "tests/engine/random_case.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;

namespace {

// Every projection row, as text, in key order.
std::string dump_projections(const std::string& path) {
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
  REQUIRE(db.ok());
  std::string out;
  for (const char* sql : {"SELECT * FROM cases ORDER BY case_id", "SELECT * FROM branches ORDER BY case_id, branch_id",
                          "SELECT * FROM dues ORDER BY case_id, clock, kind",
                          "SELECT * FROM daily_counters ORDER BY day, item_code, office, counter"}) {
    auto stmt = (*db)->prepare(sql);
    REQUIRE(stmt.ok());
    Status status;
    const int columns = sqlite3_column_count(stmt->raw());
    while (stmt->step(&status)) {
      for (int i = 0; i < columns; ++i) out += (stmt->is_null(i) ? "NULL" : std::string(stmt->text(i))) + "|";
      out += "\n";
    }
    REQUIRE(status.ok());
  }
  return out;
}

// Fills a database with random case lives on every item until it holds `events` events.
int64_t fill(const std::string& path, int64_t events) {
  auto store = SqliteEventStore::open(path, fixtures::calendar(), StoreOptions{.synchronous_full = false});
  REQUIRE(store.ok());
  ManualTime time(*parse_instant("2025-12-01T09:00:00+08:00"));
  CaseService service(**store, fixtures::catalogue(), fixtures::calendar(), time, 1000);
  std::mt19937_64 rng(7);
  int64_t written = 0;
  for (int n = 0; written < events; ++n) {
    for (const auto& [code, item] : fixtures::catalogue().items) {
      const std::string id = "R" + std::to_string(n) + "-" + code;
      testing::RandomCase gen(item, rng, id);
      for (int step = 0; step < 40; ++step) {
        time.set(gen.next_time(time.now()));
        auto state = service.get(id);
        const v1::CaseState current = state.ok() ? **state : v1::CaseState();
        if (current.status() == v1::CLOSED) break;
        const v1::Command command = gen.next_command(current);
        auto done = command.has_submit() ? (current.version() == 0 ? service.submit(command)
                                                                   : Result<CommandOutcome>(Status::already_exists("")))
                                         : service.execute(id, command);
        if (done.ok()) written += int64_t(done->events.size());
      }
      // Cases start at different times, as in a real bureau.
      time.set(*parse_instant("2025-12-01T09:00:00+08:00") + std::chrono::hours{n % 300 * 24});
    }
  }
  return written;
}

}  // namespace

TEST_CASE("rebuilding 100000 random events gives the live projections", "[rebuild]") {
  testing::TempDir dir;
  const std::string path = dir.file("random.db");
  const int64_t events = fill(path, 100000);
  REQUIRE(events >= 100000);
  const std::string live = dump_projections(path);

  auto verified = verify_database(path, fixtures::calendar());
  REQUIRE(verified.ok());
  CHECK(verified->first_difference == "");
  CHECK(verified->events == events);

  int64_t progress_calls = 0;
  auto rebuilt = rebuild_projections(path, fixtures::calendar(), [&](int64_t) { ++progress_calls; }, 10000);
  REQUIRE(rebuilt.ok());
  CHECK(*rebuilt == events);
  CHECK(progress_calls >= 10);
  CHECK(dump_projections(path) == live);
}

TEST_CASE("verify names the first changed event byte or projection row", "[rebuild]") {
  testing::TempDir dir;
  const std::string path = dir.file("small.db");
  fill(path, 300);
  auto tamper = [&](const char* sql) {
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
    REQUIRE((*db)->exec(sql).ok());
  };
  auto first_difference = [&] {
    auto report = verify_database(path, fixtures::calendar());
    REQUIRE(report.ok());
    return report->first_difference;
  };
  REQUIRE(first_difference() == "");

  SECTION("a projection column") {
    tamper("UPDATE cases SET status = 'CLOSED' WHERE case_id = (SELECT case_id FROM cases WHERE status != 'CLOSED' LIMIT 1)");
    CHECK_THAT(first_difference(), Catch::Contains(": status is 'CLOSED', the events say '"));
    REQUIRE(rebuild_projections(path, fixtures::calendar()).ok());
    CHECK(first_difference() == "");
  }
  SECTION("a missing due") {
    tamper("DELETE FROM dues WHERE (case_id, clock, kind) = (SELECT case_id, clock, kind FROM dues LIMIT 1)");
    CHECK_THAT(first_difference(), Catch::Contains("due"));
  }
  SECTION("a row of a case that has no events") {
    tamper("INSERT INTO dues (case_id, clock, kind, due) VALUES ('ghost', 'promised', 'red', 0)");
    CHECK(first_difference() == "table dues has rows for 1 case(s) without events");
  }
  SECTION("a counter") {
    tamper("UPDATE daily_counters SET n = n + 1 WHERE (day, item_code, office, counter) = "
           "(SELECT day, item_code, office, counter FROM daily_counters WHERE counter = 'received' LIMIT 1)");
    CHECK_THAT(first_difference(), Catch::Contains("daily counter received"));
  }
  SECTION("one byte of an event") {
    tamper("UPDATE events SET body = substr(body, 1, 10) || x'00' || substr(body, 12) WHERE seq = 42");
    CHECK_THAT(first_difference(), Catch::StartsWith("event 42 ") && Catch::Contains("the record was changed"));
  }
  SECTION("an event's time") {
    tamper("UPDATE events SET at = at + 1 WHERE seq = 7");
    CHECK_THAT(first_difference(), Catch::StartsWith("event 7 "));
  }
}

TEST_CASE("a rebuild that meets a gap or an unreadable event fails and leaves the projections as they were",
          "[rebuild]") {
  testing::TempDir dir;
  const std::string path = dir.file("broken.db");
  fill(path, 300);
  const std::string live = dump_projections(path);
  auto tamper = [&](const char* sql) {
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
    REQUIRE((*db)->exec(sql).ok());
  };
  std::string expected;
  SECTION("a missing event") {
    tamper("DELETE FROM events WHERE case_seq = 2 AND case_id = (SELECT case_id FROM events WHERE case_seq = 3 LIMIT 1)");
    expected = ": event 2 is missing";
  }
  SECTION("an event that cannot be parsed") {
    tamper("UPDATE events SET body = x'ff' WHERE case_seq = 2 AND "
           "case_id = (SELECT case_id FROM events WHERE case_seq = 3 LIMIT 1)");
    expected = ": event 2 cannot be parsed";
  }
  auto rebuilt = rebuild_projections(path, fixtures::calendar());
  REQUIRE(!rebuilt.ok());
  CHECK_THAT(rebuilt.status().message(), Catch::Contains(expected));
  CHECK(dump_projections(path) == live);
}

TEST_CASE("reprojecting leaves the connection's secure_delete as it was", "[rebuild]") {
  testing::TempDir dir;
  const std::string path = dir.file("small.db");
  fill(path, 300);
  const std::string live = dump_projections(path);
  auto lock = WriterLock::acquire(path);
  REQUIRE(lock.ok());
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
  REQUIRE(db.ok());
  // The rebuild frees the old projections' pages without zeroing them (secure_delete FAST);
  // the writer that asked for it keeps its own setting afterwards.
  for (int64_t setting : {0, 1}) {
    REQUIRE((*db)->exec("PRAGMA secure_delete = " + std::to_string(setting)).ok());
    auto done = reproject(**db, path, fixtures::calendar());
    REQUIRE(done.ok());
    CHECK(*(*db)->query_int("PRAGMA secure_delete") == setting);
  }
  CHECK(dump_projections(path) == live);
}

TEST_CASE("a rebuild that runs out of space fails, and leaves the projections and the connection",
          "[rebuild]") {
  testing::TempDir dir;
  const std::string path = dir.file("full.db");
  fill(path, 3000);
  auto lock = WriterLock::acquire(path);
  REQUIRE(lock.ok());
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
  REQUIRE(db.ok());
  // Projections that fit in fewer pages than the new ones need, and no page to spare.
  REQUIRE((*db)->exec("DELETE FROM cases; DELETE FROM branches; DELETE FROM dues; VACUUM").ok());
  const int64_t pages = *(*db)->query_int("PRAGMA page_count");
  REQUIRE((*db)->exec("PRAGMA max_page_count = " + std::to_string(pages)).ok());
  const std::string before = dump_projections(path);

  auto done = reproject(**db, path, fixtures::calendar());
  REQUIRE(!done.ok());
  CHECK_THAT(done.status().message(), Catch::Contains("full"));
  CHECK(dump_projections(path) == before);
  CHECK(sqlite3_get_autocommit((*db)->raw()) == 1);
  CHECK(*(*db)->query_text("PRAGMA integrity_check") == "ok");

  // With room again, the same connection rebuilds them.
  REQUIRE((*db)->exec("PRAGMA max_page_count = " + std::to_string(pages * 4)).ok());
  REQUIRE(reproject(**db, path, fixtures::calendar()).ok());
  auto verified = verify_database(path, fixtures::calendar());
  REQUIRE(verified.ok());
  CHECK(verified->first_difference == "");
}
