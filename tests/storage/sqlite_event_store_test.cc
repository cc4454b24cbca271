#include "storage/sqlite_event_store.h"

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <latch>
#include <thread>

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

#include "engine/apply.h"
#include "engine/case_service.h"
#include "engine/decide.h"
#include "storage/hash_chain.h"
#include "storage/maintenance.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/engine/fixtures.h"
#include "tests/storage/forwarding_store.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;
using namespace oneseal::testing;
using google::protobuf::util::MessageDifferencer;

namespace {

struct Service {
  explicit Service(EventStore& store) : time(kMonday), service(store, fixtures::catalogue(), fixtures::calendar(), time) {}
  ManualTime time;
  CaseService service;
};

// A request for a new case's submission, decided by the engine as the service would.
AppendRequest submission(const std::string& case_id) {
  const auto& item = *fixtures::catalogue().find("XK-SCJG-00012-000");
  v1::CaseState state;
  auto events = execute(item, &state, food_submission(case_id), kMonday, fixtures::calendar());
  REQUIRE(events.ok());
  return AppendRequest{case_id, 0, *events, state, "", ""};
}

// The request for `command` on the case as `before` left it, decided as the service would.
AppendRequest following(const AppendRequest& before, const v1::Command& command) {
  const auto& item = *fixtures::catalogue().find("XK-SCJG-00012-000");
  v1::CaseState state = before.state_after;
  auto events = execute(item, &state, command, kMonday + std::chrono::hours{1}, fixtures::calendar());
  REQUIRE(events.ok());
  return AppendRequest{before.case_id, before.state_after.version(), *events, state, "", ""};
}

// Runs `sql` on the writer connection, between batches.
void on_writer(SqliteEventStore& store, const std::string& sql) {
  REQUIRE(store.write_exclusive([&](sqlite::Connection& db) { return db.exec(sql); }).ok());
}

}  // namespace

TEST_CASE("the writer runs in WAL mode with synchronous FULL", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  CHECK(store->journal_mode() == "wal");
  CHECK(store->synchronous() == 2);  // FULL
  auto normal = open_store(dir.file("normal.db"), StoreOptions{.synchronous_full = false});
  CHECK(normal->synchronous() == 1);  // NORMAL, when asked for
}

// Pinned values, computed apart from the program (Python's hashlib over the bytes docs/storage.md
// describes): a faster hashing must hash the same bytes, or every stored chain stops verifying.
TEST_CASE("the hash chain hashes the length-prefixed columns after the previous hash", "[store]") {
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const EventRow row{7, "C-1", 3, "CaseAccepted", 1795000000, "clerk", std::string("\x01\x02" "body")};
  const std::string first = chain_hash(kGenesisHash, row);
  CHECK(to_hex(first) == "44df59d001ba7f97574b4c062c26f6e0012690e3a75324a4fb3ef40a5664da0d");
  CHECK(chain_hash(first, row) != first);  // the previous hash is part of the input
}

TEST_CASE("events are appended, read back, and projected", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  Service s(*store);
  auto submitted = s.service.submit(food_submission());
  REQUIRE(submitted.ok());
  const std::string id = submitted->state.id();
  CHECK(id.rfind("OS20261123", 0) == 0);
  s.time.advance(std::chrono::hours{1});
  REQUIRE(s.service.execute(id, food_accept()).ok());

  auto events = store->read_case(id);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  CHECK(event_type((*events)[0]) == "CaseSubmitted");
  CHECK(event_type((*events)[2]) == "StageStarted");
  CHECK(store->read_case("no-such-case")->empty());

  // The summary row, read as of the deadline's last day: yellow, with the applicant masked.
  auto summary = store->summary(id, parse_instant("2026-11-30T10:00:00+08:00")->time_since_epoch().count());
  REQUIRE(summary.ok());
  REQUIRE(summary->has_value());
  const CaseSummary& row = **summary;
  CHECK(row.status == "IN_REVIEW");
  CHECK(row.applicant_masked == "张*三");
  CHECK(row.departments == "scjg,wjw");
  // Promised 5 from Mon 23 Nov: 24(1) 25(2) 26(3) 27(4) Mon 30(5).
  CHECK(row.promised_deadline == "2026-11-30");
  CHECK(row.alert_level == "YELLOW");
  CHECK(row.version == 3);
  CHECK_FALSE(store->summary("nope", 0)->has_value());

  auto listed = store->list(CaseFilter{.department = "wjw"});
  REQUIRE(listed.ok());
  CHECK(listed->size() == 1);
  CHECK(store->list(CaseFilter{.department = "zjj"})->empty());
  CHECK(store->list(CaseFilter{.status = "IN_REVIEW", .item_code = "XK-SCJG-00012-000"})->size() == 1);
}

TEST_CASE("an append on a stale version is a conflict and writes nothing", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  REQUIRE(store->append(submission("C-1")).ok());
  auto again = store->append(submission("C-1"));  // decided on version 0, but the case is at 1
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == Code::kConflict);
  CHECK_THAT(again.status().message(), Catch::Contains("case C-1 is at version 1, not 0"));
  CHECK(store->read_case("C-1")->size() == 1);
}

// The writer keeps the versions it committed, and reads the file for the cases it does not know.
TEST_CASE("a stale version is a conflict whether the writer committed the case or reads it", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  const AppendRequest submitted = submission("C-1");
  const AppendRequest accepted = following(submitted, food_accept());
  {
    auto store = open_store(path);
    REQUIRE(store->append(submitted).ok());
    REQUIRE(store->append(accepted).ok());
    auto stale = store->append(accepted);  // decided on version 1: the case is at 3 now
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.status().code() == Code::kConflict);
    CHECK_THAT(stale.status().message(), Catch::Contains("case C-1 is at version 3, not 1"));
  }
  auto store = open_store(path);  // a new writer knows the case from the file only
  auto stale = store->append(accepted);
  REQUIRE_FALSE(stale.ok());
  CHECK_THAT(stale.status().message(), Catch::Contains("case C-1 is at version 3, not 1"));
  CHECK(store->read_case("C-1")->size() == 3);
}

TEST_CASE("a failed batch leaves the versions the writer committed as they were", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  const AppendRequest submitted = submission("C-1");
  const AppendRequest accepted = following(submitted, food_accept());
  REQUIRE(store->append(submitted).ok());
  on_writer(*store, "CREATE TEMP TRIGGER refuse_second BEFORE INSERT ON events WHEN NEW.case_seq = 2 "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  auto refused = store->append(accepted);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.status().message(), Catch::Contains("refused by the test"));
  on_writer(*store, "DROP TRIGGER refuse_second");
  auto again = store->append(accepted);  // the case is still at version 1
  REQUIRE(again.ok());
  CHECK(again->version == 3);
  CHECK(store->read_case("C-1")->size() == 3);
}

TEST_CASE("an idempotency key returns the first result, also after a reopen", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  std::string first_id;
  {
    auto store = open_store(path);
    Service s(*store);
    auto first = s.service.submit(food_submission(), CommandOptions{.idempotency_key = "k-1"});
    REQUIRE(first.ok());
    CHECK_FALSE(first->replayed);
    first_id = first->state.id();
    auto retry = s.service.submit(food_submission(), CommandOptions{.idempotency_key = "k-1"});
    REQUIRE(retry.ok());
    CHECK(retry->replayed);
    CHECK(retry->state.id() == first_id);
    CHECK(MessageDifferencer::Equals(retry->state, first->state));
  }
  auto store = open_store(path);
  Service s(*store);
  auto retry = s.service.submit(food_submission(), CommandOptions{.idempotency_key = "k-1"});
  REQUIRE(retry.ok());
  CHECK(retry->replayed);
  CHECK(retry->state.id() == first_id);
  CHECK(store->list(CaseFilter{})->size() == 1);

  // The same key for another command is refused, naming the key.
  auto other = food_submission();
  other.mutable_submit()->mutable_applicant()->set_phone("13900000000");
  auto refused = s.service.submit(other, CommandOptions{.idempotency_key = "k-1"});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().field() == "idempotency_key");

  // A keyed command on a case is replayed too, even though deciding it again would now fail.
  s.time.advance(std::chrono::hours{1});
  auto accepted = s.service.execute(first_id, food_accept(), CommandOptions{.idempotency_key = "k-2"});
  REQUIRE(accepted.ok());
  auto accepted_again = s.service.execute(first_id, food_accept(), CommandOptions{.idempotency_key = "k-2"});
  REQUIRE(accepted_again.ok());
  CHECK(accepted_again->replayed);
  CHECK(accepted_again->events.size() == 2);
  CHECK(accepted_again->state.version() == 3);
  auto unkeyed = s.service.execute(first_id, food_accept());
  CHECK(unkeyed.status().code() == Code::kFailedPrecondition);
}

TEST_CASE("the service checks the version the client saw", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  Service s(*store);
  auto submitted = s.service.submit(food_submission("C-9"));
  REQUIRE(submitted.ok());
  auto stale = s.service.execute("C-9", food_accept(), CommandOptions{.expected_version = 0});
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.status().code() == Code::kConflict);
  CHECK(s.service.execute("C-9", food_accept(), CommandOptions{.expected_version = 1}).ok());
  CHECK(s.service.get("C-404").status().code() == Code::kNotFound);
  CHECK(s.service.execute("C-404", food_accept()).status().code() == Code::kNotFound);
}

TEST_CASE("a case evicted from the cache is reloaded from its events", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  CaseService service(*store, fixtures::catalogue(), fixtures::calendar(), time, /*cache_capacity=*/1);
  REQUIRE(service.submit(food_submission("A")).ok());
  REQUIRE(service.submit(food_submission("B")).ok());  // evicts A
  time.advance(std::chrono::hours{1});
  auto accepted = service.execute("A", food_accept());
  REQUIRE(accepted.ok());
  CHECK(accepted->state.version() == 3);
  auto events = store->read_case("A");
  CHECK(MessageDifferencer::Equals(fold(*events), **service.get("A")));
}

TEST_CASE("concurrent commands are committed together", "[store][concurrency]") {
  TempDir dir;
  // The writer waits (up to a long time) until eight commands are queued: one batch.
  auto store = open_store(dir.file("cases.db"), StoreOptions{.max_batch = 8, .max_wait = std::chrono::seconds{30}});
  // Catch2's assertions are not thread-safe (ThreadSanitizer says so): the requests are made,
  // and checked, before the threads start.
  std::vector<AppendRequest> requests;
  for (int i = 0; i < 8; ++i) requests.push_back(submission("C-" + std::to_string(i)));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] { ok += store->append(std::move(requests[i])).ok(); });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 8);
  CHECK(store->stats().batches == 1);
  CHECK(store->stats().commands == 8);
}

// A new case's version is checked by inserting its first event (no look-up first): a case id
// already stored, or already used earlier in the same batch, must still be a conflict for that
// command alone, with the rest of the batch committed and the hash chain unbroken.
TEST_CASE("a new case whose id exists is a conflict for that command only", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  REQUIRE(open_store(path)->append(submission("C-1")).ok());
  const std::vector<std::string> ids = {"C-2", "C-1", "C-3", "C-3", "C-4"};
  std::vector<std::optional<Result<AppendResult>>> results(ids.size());
  {
    // The writer waits (up to a long time) for all five: one batch.
    auto store = open_store(path, StoreOptions{.max_batch = 5, .max_wait = std::chrono::seconds{30}});
    std::latch answered(int(ids.size()));
    for (size_t i = 0; i < ids.size(); ++i) {
      store->append_async(submission(ids[i]), [&, i](Result<AppendResult> r) {
        results[i] = std::move(r);
        answered.count_down();
      });
    }
    answered.wait();
    CHECK(store->stats().batches == 1);
    CHECK(store->stats().failed_batches == 0);
  }
  for (size_t i : {0, 2, 4}) {
    INFO(ids[i]);
    REQUIRE(results[i]->ok());
    CHECK((*results[i])->version == 1);
  }
  for (size_t i : {1, 3}) {
    INFO(i);
    REQUIRE_FALSE(results[i]->ok());
    CHECK(results[i]->status().code() == Code::kConflict);
    CHECK_THAT(results[i]->status().message(), Catch::Contains("case " + ids[i] + " is at version 1, not 0"));
  }
  auto store = open_store(path);
  for (const char* id : {"C-1", "C-2", "C-3", "C-4"}) CHECK(store->read_case(id)->size() == 1);
  store.reset();
  auto report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  CHECK(report->events == 4);
  CHECK(report->first_difference == "");
}

// A batch writes its new cases' projection rows together before it commits: a case created and
// then changed in the same batch must have its rows written before they are replaced.
TEST_CASE("a case created and changed in one batch is projected as changed", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  const auto& item = *fixtures::catalogue().find("XK-SCJG-00012-000");
  v1::CaseState state;
  auto submitted = execute(item, &state, food_submission("C-1"), kMonday, fixtures::calendar());
  REQUIRE(submitted.ok());
  AppendRequest submit{"C-1", 0, *submitted, state, "", ""};
  auto accepted = execute(item, &state, food_accept(), kMonday + std::chrono::hours{1}, fixtures::calendar());
  REQUIRE(accepted.ok());
  AppendRequest accept{"C-1", 1, *accepted, state, "", ""};
  std::vector<std::optional<Result<AppendResult>>> results(3);
  {
    auto store = open_store(path, StoreOptions{.max_batch = 3, .max_wait = std::chrono::seconds{30}});
    std::latch answered(3);
    int i = 0;
    for (AppendRequest* r : {&submit, &accept}) {
      store->append_async(std::move(*r), [&, i](Result<AppendResult> result) {
        results[size_t(i)] = std::move(result);
        answered.count_down();
      });
      ++i;
    }
    store->append_async(submission("C-2"), [&](Result<AppendResult> result) {
      results[2] = std::move(result);
      answered.count_down();
    });
    answered.wait();
    CHECK(store->stats().batches == 1);
    for (const auto& r : results) REQUIRE(r->ok());
    auto summary = store->summary("C-1", 0);
    REQUIRE(summary.ok());
    REQUIRE(summary->has_value());
    CHECK((*summary)->status == "IN_REVIEW");
    CHECK((*summary)->version == state.version());
  }
  auto report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  CHECK(report->first_difference == "");
}

TEST_CASE("a full disk fails the whole batch and acknowledges none of it", "[store][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  std::set<std::string> acknowledged, failed;
  {
    auto store = open_store(path, StoreOptions{.max_page_count = 40});
    for (int i = 0; i < 2000 && failed.size() < 5; ++i) {
      const std::string id = "C-" + std::to_string(i);
      auto r = store->append(submission(id));
      if (r.ok()) {
        acknowledged.insert(id);
      } else {
        CHECK(r.status().code() == Code::kUnavailable);
        CHECK_THAT(r.status().message(), Catch::Contains("disk is full"));
        failed.insert(id);
      }
    }
    CHECK(store->stats().failed_batches >= 5);
  }
  REQUIRE_FALSE(acknowledged.empty());
  REQUIRE(failed.size() == 5);
  auto store = open_store(path);  // space again: no page limit
  for (const auto& id : acknowledged) CHECK(store->read_case(id)->size() == 1);
  for (const auto& id : failed) CHECK(store->read_case(id)->empty());
  CHECK(store->append(submission("after")).ok());
  store.reset();
  auto report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  CHECK(report->first_difference == "");
}

TEST_CASE("a new database file and its WAL are readable by their owner only, whatever the umask", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  const mode_t before = ::umask(022);
  {
    auto store = open_store(path);
    REQUIRE(store->append(submission("C-1")).ok());
    struct stat wal {};
    REQUIRE(::stat((path + "-wal").c_str(), &wal) == 0);
    CHECK((wal.st_mode & 0777) == 0600);
  }
  ::umask(before);
  struct stat db {};
  REQUIRE(::stat(path.c_str(), &db) == 0);
  CHECK((db.st_mode & 0777) == 0600);
}

TEST_CASE("a store that checks the file before its first write serves reads at once and never writes to a damaged file",
          "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  {
    auto store = open_store(path);
    for (int i = 0; i < 50; ++i) REQUIRE(store->append(submission("C-" + std::to_string(i))).ok());
  }
  const StoreOptions later{.quick_check = QuickCheck::kBeforeFirstWrite};
  SECTION("a sound file: the first write waits for the check and is committed") {
    auto store = open_store(path, later);
    bool told = false;
    store->when_check_fails([&](const Status&) { told = true; });
    CHECK(store->append(submission("after")).ok());
    CHECK_FALSE(store->check_failure());
    CHECK_FALSE(told);
  }
  SECTION("a damaged table opening does not read: reads work, every write is refused, not a byte changes") {
    spoil_root_page(path, "idempotency");
    const std::string damaged = bytes_of(path);
    {
      auto store = open_store(path, later);
      CHECK(store->read_case("C-7")->size() == 1);
      auto write = store->append(submission("after"));
      REQUIRE_FALSE(write.ok());
      CHECK(write.status().code() == Code::kUnavailable);
      CHECK_THAT(write.status().message(), Catch::Contains("quick check"));
      REQUIRE(store->check_failure());
      std::optional<Status> told;
      store->when_check_fails([&](const Status& s) { told = s; });  // after the failure: told at once
      REQUIRE(told);
      CHECK_THAT(told->message(), Catch::Contains("quick check"));
      CHECK(store->append(submission("later")).status().code() == Code::kUnavailable);
      CHECK(store->write_exclusive([](sqlite::Connection&) { return Status(); }).code() == Code::kUnavailable);
    }
    CHECK(bytes_of(path) == damaged);
  }
  SECTION("a file opening must write to (an older schema, not in WAL mode) is checked when opening") {
    const std::string old_path = dir.file("v2.db");
    {
      auto db = sqlite::Connection::open(old_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      REQUIRE(db.ok());
      REQUIRE(migrate(**db, 2).ok());
    }
    spoil_root_page(old_path, "idempotency");
    const std::string damaged = bytes_of(old_path);
    auto store = SqliteEventStore::open(old_path, fixtures::calendar(), later);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("quick check") || Catch::Contains("malformed"));
    CHECK(bytes_of(old_path) == damaged);
  }
}

TEST_CASE("the owner of a store whose late quick check fails is told before check_failure() returns",
          "[store][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  {
    auto store = open_store(path);
    for (int i = 0; i < 50; ++i) REQUIRE(store->append(submission("C-" + std::to_string(i))).ok());
  }
  spoil_root_page(path, "idempotency");
  auto store = open_store(path, StoreOptions{.quick_check = QuickCheck::kBeforeFirstWrite});
  // Told on the writer thread, or here if the check already failed: either way before
  // check_failure() returns, since its caller may then destroy what the callback touches.
  std::atomic<bool> told{false};
  store->when_check_fails([&](const Status&) { told = true; });
  REQUIRE(store->check_failure());
  CHECK(told);
}

TEST_CASE("damaged, foreign and read-only files are refused with a clear error", "[store]") {
  TempDir dir;
  SECTION("not a database") {
    std::ofstream(dir.file("junk.db")) << std::string(4096, 'x');
    auto store = SqliteEventStore::open(dir.file("junk.db"), fixtures::calendar());
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("not a database"));
  }
  SECTION("another program's database") {
    {
      auto db = sqlite::Connection::open(dir.file("other.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      REQUIRE((*db)->exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)").ok());
    }
    auto store = SqliteEventStore::open(dir.file("other.db"), fixtures::calendar());
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("not a OneSeal database"));
    auto db = sqlite::Connection::open(dir.file("other.db"), SQLITE_OPEN_READONLY);
    CHECK(*(*db)->query_int("SELECT count(*) FROM sqlite_schema") == 1);  // untouched
  }
  SECTION("a damaged page") {
    const std::string path = dir.file("cases.db");
    {
      auto store = open_store(path);
      for (int i = 0; i < 50; ++i) REQUIRE(store->append(submission("C-" + std::to_string(i))).ok());
    }
    {
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(kPageSize * 2 + 100);  // inside the third page: a b-tree page of the tables
      f << std::string(2000, '\x7f');
    }
    auto store = SqliteEventStore::open(path, fixtures::calendar());
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("quick check") || Catch::Contains("damaged"));
    auto check = integrity_check(path);
    CHECK((!check.ok() || *check != "ok"));
  }
  SECTION("opened read-only: reads work, writes are refused") {
    const std::string path = dir.file("cases.db");
    { REQUIRE(open_store(path)->append(submission("C-1")).ok()); }
    auto store = open_store(path, StoreOptions{.read_only = true});
    CHECK(store->read_case("C-1")->size() == 1);
    auto refused = store->append(submission("C-2"));
    CHECK(refused.status().code() == Code::kUnavailable);
    CHECK_THAT(refused.status().message(), Catch::Contains("read-only"));
  }
  SECTION("an empty file opened read-only") {
    std::ofstream(dir.file("empty.db"));
    auto store = SqliteEventStore::open(dir.file("empty.db"), fixtures::calendar(), StoreOptions{.read_only = true});
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.status().message(), Catch::Contains("no OneSeal schema"));
  }
}

TEST_CASE("one process writes a database at a time", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  auto first = open_store(path);
  auto second = SqliteEventStore::open(path, fixtures::calendar());
  REQUIRE_FALSE(second.ok());
  CHECK_THAT(second.status().message(), Catch::Contains("is being written by another process"));
  auto rebuilt = rebuild_projections(path, fixtures::calendar());
  REQUIRE_FALSE(rebuilt.ok());
  CHECK_THAT(rebuilt.status().message(), Catch::Contains("is being written by another process"));
  CHECK(open_store(path, StoreOptions{.read_only = true})->read_case("x")->empty());  // readers are welcome
  first.reset();
  CHECK(rebuild_projections(path, fixtures::calendar()).ok());
}

namespace {

// A store that misses every idempotency key before appending, as when a retry arrives while
// the first request is still being written: the writer must find the key then.
class LateKeyStore final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  Result<std::optional<AppendResult>> replay(const std::string&, const std::string&) override {
    return std::optional<AppendResult>();
  }
};

}  // namespace

TEST_CASE("a retried submission that races the first gets the first case back", "[store][concurrency]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  LateKeyStore late(*store);
  ManualTime time(kMonday);
  CaseService service(late, fixtures::catalogue(), fixtures::calendar(), time);
  auto first = service.submit(food_submission(), CommandOptions{.idempotency_key = "k"});
  REQUIRE(first.ok());
  auto retry = service.submit(food_submission(), CommandOptions{.idempotency_key = "k"});
  REQUIRE(retry.ok());
  CHECK(retry->replayed);
  CHECK(retry->state.id() == first->state.id());
  CHECK(retry->state.version() == 1);
  CHECK(store->list(CaseFilter{})->size() == 1);
}

TEST_CASE("loading a new holiday calendar moves the stored deadlines", "[store]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  const Calendar weekdays_only;  // as before the 2026 notice was loaded
  const Instant accepted_at = *parse_instant("2025-12-30T10:00:00+08:00");
  {
    auto store = SqliteEventStore::open(path, weekdays_only);
    REQUIRE(store.ok());
    ManualTime time(accepted_at);
    CaseService service(**store, fixtures::catalogue(), weekdays_only, time);
    REQUIRE(service.submit(food_submission("C-1")).ok());
    REQUIRE(service.execute("C-1", food_accept()).ok());
    // Promised 5 from Tue 30 Dec on Monday-Friday: 31(1) 1 Jan(2) 2(3) 5(4) 6(5).
    CHECK((*store)->summary("C-1", 0)->value().promised_deadline == "2026-01-06");
  }
  auto report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  CHECK_THAT(report->first_difference, Catch::Contains("another holiday calendar"));

  auto store = open_store(path);  // with the notices of 2025 and 2026
  // 31(1), 1-3 Jan off, Sun 4 worked(2), 5(3) 6(4) 7(5).
  CHECK(store->summary("C-1", 0)->value().promised_deadline == "2026-01-07");
  store.reset();
  report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  CHECK(report->first_difference == "");
}

TEST_CASE("lists filter by item, office, status and alert level, page by case id", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  Service s(*store);
  for (const char* id : {"C-1", "C-2", "C-3"}) REQUIRE(s.service.submit(food_submission(id)).ok());
  auto other_office = food_submission("C-4");
  other_office.mutable_actor()->set_office("hall-2");
  other_office.mutable_submit()->set_office("hall-2");
  REQUIRE(s.service.submit(other_office).ok());
  s.time.advance(std::chrono::hours{1});
  REQUIRE(s.service.execute("C-2", food_accept()).ok());

  auto ids = [&](const CaseFilter& f) {
    auto rows = store->list(f);
    REQUIRE(rows.ok());
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.case_id);
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(ids(CaseFilter{.item_code = "XK-SCJG-00012-000"}) == V{"C-1", "C-2", "C-3", "C-4"});
  CHECK(ids(CaseFilter{.item_code = "XK-OTHER"}).empty());
  CHECK(ids(CaseFilter{.office = "hall-2"}) == V{"C-4"});
  CHECK(ids(CaseFilter{.status = "SUBMITTED", .office = "hall-1"}) == V{"C-1", "C-3"});
  // Promised 5 from Mon 23 Nov ends Mon 30 Nov: red from 1 Dec.
  const int64_t december = parse_instant("2026-12-01T09:00:00+08:00")->time_since_epoch().count();
  CHECK(ids(CaseFilter{.alert_level = "RED", .as_of = december}) == V{"C-2"});
  CHECK(ids(CaseFilter{.alert_level = "GREEN", .as_of = december}) == V{"C-1", "C-3", "C-4"});
  CHECK(ids(CaseFilter{.after_case_id = "C-2", .limit = 1}) == V{"C-3"});
}
