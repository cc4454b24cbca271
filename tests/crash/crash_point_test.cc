// `oneseal serve` made to die at each fixed crash point (storage/crash_point.h), then restarted:
// what the point promises is found in the store, `oneseal db verify` passes, and the commands
// left unanswered, sent again with their keys, are replayed when stored and appended once when not.
#include <signal.h>

#include <filesystem>

#include <catch2/catch.hpp>

#include "tests/crash/keyed_lives.h"
#include "tests/crash/serve_process.h"
#include "tests/engine/fixtures.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing {

namespace {

// Answers per connection after which a test gives up waiting for its crash point.
constexpr int kEnough = 100;

int64_t count_events(const std::string& db) {
  auto store = SqliteEventStore::open(db, fixtures::calendar(), StoreOptions{.read_only = true});
  REQUIRE(store.ok());
  int64_t n = -1;
  REQUIRE((*store)->read_with([&](sqlite::Connection& c) {
    auto count = c.query_int("SELECT count(*) FROM events");
    if (count.ok()) n = *count;
    return count.status();
  }).ok());
  return n;
}

// Restarts the server on `db`: verified, checked against the answers, and every unanswered
// command sent again (one answer per connection).
void restart_and_retry(const std::string& db, KeyedLives& lives, int connections) {
  const ProgramRun verify = run_oneseal({"db", "--db", db, "verify"});
  INFO(verify.output);
  REQUIRE(exited_with(verify.status, 0));
  ServeProcess server(db);
  INFO(server.output());
  REQUIRE(server.serving());
  {
    const auto problems = lives.check(db);
    for (const auto& p : problems) UNSCOPED_INFO(p);
    REQUIRE(problems.empty());
  }
  lives.run(server.port(), connections, 1);
  server.signal(SIGTERM);
  REQUIRE(exited_with(server.wait(), 0));
  const auto problems = lives.check(db);
  for (const auto& p : problems) UNSCOPED_INFO(p);
  REQUIRE(problems.empty());
}

}  // namespace

TEST_CASE("crash point after-commit-before-reply: the unanswered command is stored, its retry replays it",
          "[crash][http]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  KeyedLives lives(db);
  {
    ServeProcess server(db, {}, {"ONESEAL_CRASH_POINT=after-commit-before-reply:3"});
    REQUIRE(server.serving());
    lives.run(server.port(), 1, kEnough);  // one connection: one command a batch
    REQUIRE(lives.tally().unknown > 0);    // else the point was never reached and the server runs on
    REQUIRE(killed_by_sigkill(server.wait()));
  }
  CHECK(lives.tally().ok == 2);
  CHECK(lives.tally().unknown == 1);
  const int64_t stored = count_events(db);
  restart_and_retry(db, lives, 1);
  CHECK(lives.tally().replayed == 1);
  CHECK(count_events(db) == stored);  // replayed, not appended
}

TEST_CASE("crash point mid-batch: nothing of the batch is stored, the retries append once", "[crash][http]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  KeyedLives lives(db);
  {
    ServeProcess server(db, {}, {"ONESEAL_CRASH_POINT=mid-batch"});
    REQUIRE(server.serving());
    lives.run(server.port(), 4, kEnough);
    REQUIRE(lives.tally().unknown > 0);
    REQUIRE(killed_by_sigkill(server.wait()));
  }
  CHECK(lives.tally().ok == 0);
  CHECK(lives.tally().unknown == 4);
  CHECK(count_events(db) == 0);
  restart_and_retry(db, lives, 4);
  CHECK(lives.tally().replayed == 0);
  CHECK(lives.tally().ok == 4);
  CHECK(count_events(db) == 4);  // four submissions, one event each
}

TEST_CASE("crash point checkpoint: a checkpoint cut short loses no answered command", "[crash][http]") {
  TempDir dir;
  const std::string db = dir.file("cases.db");
  KeyedLives lives(db);
  {
    ServeProcess server(db, {}, {"ONESEAL_CRASH_POINT=checkpoint:2"});
    REQUIRE(server.serving());
    lives.run(server.port(), 2, 20);
    // Closing the store checkpoints the WAL into the file: the second page it copies is the point.
    server.signal(SIGTERM);
    REQUIRE(killed_by_sigkill(server.wait()));
  }
  CHECK(lives.tally().ok == 40);
  CHECK(std::filesystem::file_size(db + "-wal") > 0);  // the checkpoint did not finish
  restart_and_retry(db, lives, 2);
  CHECK(lives.tally().unknown == 0);
}

TEST_CASE("a misspelt crash point stops the server from starting", "[crash][http]") {
  TempDir dir;
  ServeProcess server(dir.file("cases.db"), {}, {"ONESEAL_CRASH_POINT=mid-bach"});
  const int status = server.wait();
  INFO(server.output());
  CHECK_FALSE(server.serving());
  CHECK(exited_with(status, 1));
  CHECK_THAT(server.output(), Catch::Contains("'mid-bach' is not a crash point"));
}

}  // namespace oneseal::testing
