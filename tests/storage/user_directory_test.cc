// Staff accounts in the store's file: tokens, checks, revocation, reopening, the writer's
// exclusive jobs they are written with, and the migration that added their table.
#include "storage/user_directory.h"

#include <regex>
#include <thread>

#include <catch2/catch.hpp>

#include "engine/apply.h"
#include "engine/decide.h"
#include "storage/hash_chain.h"
#include "storage/schema.h"
#include "tests/engine/fixtures.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;
using namespace oneseal::testing;

namespace {

std::unique_ptr<UserDirectory> load(SqliteEventStore& store, const TimeSource& time) {
  auto users = UserDirectory::load(store, time);
  INFO((users.ok() ? "" : users.status().to_string()));
  REQUIRE(users.ok());
  return std::move(*users);
}

v1::CreateUserRequest request(const std::string& name, v1::Role role, const std::string& department = "",
                              const std::string& office = "") {
  v1::CreateUserRequest r;
  r.set_name(name);
  r.set_role(role);
  r.set_department(department);
  r.set_office(office);
  return r;
}

const std::set<std::string>& departments() {
  static const std::set<std::string> codes = fixtures::catalogue().department_codes();
  return codes;
}

int64_t count(SqliteEventStore& store, const std::string& sql) {
  int64_t n = -1;
  REQUIRE(store.read_with([&](sqlite::Connection& db) {
                 auto value = db.query_int(sql);
                 if (value.ok()) n = *value;
                 return value.status();
               }).ok());
  return n;
}

// A request for a new case's submission, decided by the engine as the service would.
AppendRequest submission(const std::string& case_id) {
  v1::CaseState state;
  auto events = execute(*fixtures::catalogue().find("XK-SCJG-00012-000"), &state, food_submission(case_id), kMonday,
                        fixtures::calendar());
  REQUIRE(events.ok());
  return AppendRequest{case_id, 0, *events, state, "", ""};
}

}  // namespace

TEST_CASE("a user is added with a token that authenticates until revoked", "[users]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  auto users = load(*store, time);
  auto created = users->add(request("赵审查", v1::REVIEWER, "scjg"), departments());
  REQUIRE(created.ok());
  CHECK(std::regex_match(created->user().id(), std::regex("u[0-9a-f]{12}")));
  CHECK(std::regex_match(created->token(), std::regex("os_[A-Za-z0-9_-]{43}")));
  CHECK(created->user().name() == "赵审查");
  CHECK(created->user().role() == v1::REVIEWER);
  CHECK(created->user().department() == "scjg");
  CHECK_FALSE(created->user().revoked());

  auto who = users->authenticate(created->token());
  REQUIRE(who.has_value());
  CHECK(who->id() == created->user().id());
  CHECK_FALSE(users->authenticate(created->token() + "x").has_value());
  CHECK_FALSE(users->authenticate("").has_value());

  // Only the token's hash is on disk, with the moment of creation.
  CHECK(count(*store, "SELECT count(*) FROM users WHERE token_hash = x'" + to_hex(sha256(created->token())) +
                          "' AND created_at = " + std::to_string(kMonday.time_since_epoch().count())) == 1);

  auto other = users->add(request("李窗口", v1::CLERK, "", "hall-1"), departments());
  REQUIRE(other.ok());
  CHECK(other->token() != created->token());
  auto listed = users->list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id() < listed[1].id());

  REQUIRE(users->revoke(created->user().id()).ok());
  CHECK_FALSE(users->authenticate(created->token()).has_value());
  CHECK(users->authenticate(other->token()).has_value());
  CHECK(users->revoke(created->user().id()).ok());  // again: nothing to do
  auto unknown = users->revoke("u000000000000");
  CHECK(unknown.code() == Code::kNotFound);
  CHECK(count(*store, "SELECT count(*) FROM users WHERE revoked = 1") == 1);
}

TEST_CASE("a new user is checked field by field", "[users]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  auto users = load(*store, time);
  auto refused = [&](const v1::CreateUserRequest& r) {
    auto created = users->add(r, departments());
    REQUIRE_FALSE(created.ok());
    CHECK(created.status().code() == Code::kInvalidArgument);
    return created.status();
  };
  CHECK(refused(request("", v1::APPROVER)).field() == "name");
  CHECK(refused(request(std::string(65, 'a'), v1::APPROVER)).field() == "name");
  std::string long_chinese_name;
  for (int i = 0; i < 64; ++i) long_chinese_name += "张";
  CHECK(users->add(request(long_chinese_name, v1::APPROVER), departments()).ok());  // 64 characters, 192 bytes
  for (v1::Role role : {v1::ROLE_UNSPECIFIED, v1::APPLICANT, v1::SYSTEM}) {
    CHECK(refused(request("某人", role)).field() == "role");
  }
  CHECK(refused(request("某人", v1::REVIEWER)).field() == "department");
  const Status unknown = refused(request("某人", v1::REVIEWER, "nope"));
  CHECK(unknown.field() == "department");
  CHECK_THAT(unknown.message(), Catch::Contains("'nope' is not a department"));
  CHECK(refused(request("某人", v1::SUPERVISOR, "nope")).field() == "department");
  CHECK(refused(request("某人", v1::CLERK)).field() == "office");
  CHECK(users->list().size() == 1);
  CHECK(count(*store, "SELECT count(*) FROM users") == 1);
}

TEST_CASE("users and revocations survive a reopen", "[users]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  ManualTime time(kMonday);
  std::string kept, revoked;
  {
    auto store = open_store(path);
    auto users = load(*store, time);
    auto a = users->add(request("审批人", v1::APPROVER), departments());
    auto b = users->add(request("监察人", v1::SUPERVISOR), departments());
    REQUIRE((a.ok() && b.ok()));
    kept = a->token();
    revoked = b->token();
    REQUIRE(users->revoke(b->user().id()).ok());
  }
  auto store = open_store(path);
  auto users = load(*store, time);
  auto who = users->authenticate(kept);
  REQUIRE(who.has_value());
  CHECK(who->name() == "审批人");
  CHECK(who->role() == v1::APPROVER);
  CHECK_FALSE(users->authenticate(revoked).has_value());
  auto listed = users->list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].revoked() != listed[1].revoked());
}

TEST_CASE("a user with a chosen token is added once", "[users]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  auto users = load(*store, time);
  const std::string token = "os_demo_clerk_token";
  auto first = users->add_with_token(request("李窗口", v1::CLERK, "", "hall-1"), token, departments());
  REQUIRE(first.ok());
  CHECK(first->token() == token);
  CHECK(users->authenticate(token)->id() == first->user().id());
  auto again = users->add_with_token(request("另一个名字", v1::CLERK, "", "hall-2"), token, departments());
  REQUIRE(again.ok());
  CHECK(again->user().id() == first->user().id());
  CHECK(again->user().name() == "李窗口");  // unchanged
  CHECK(users->list().size() == 1);

  auto short_token = users->add_with_token(request("某人", v1::APPROVER), "os_short", departments());
  REQUIRE_FALSE(short_token.ok());
  CHECK(short_token.status().field() == "token");
  auto invalid = users->add_with_token(request("", v1::APPROVER), "os_another_demo_token", departments());
  CHECK(invalid.status().field() == "name");
}

TEST_CASE("an exclusive write (of users) commits when its job succeeds, rolls back when it fails", "[users]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  auto insert = [](const std::string& id, const std::string& token_hash) {
    return [=](sqlite::Connection& db) {
      return db.exec("INSERT INTO users (id, name, role, department, office, token_hash, created_at) VALUES ('" + id +
                     "', 'n', 'APPROVER', '', '', x'" + token_hash + "', 0)");
    };
  };
  REQUIRE(store->write_exclusive(insert("u1", "01")).ok());
  const Status failed = store->write_exclusive([&](sqlite::Connection& db) {
    if (Status s = insert("u2", "02")(db); !s.ok()) return s;
    return Status::invalid_argument("name", "changed my mind");
  });
  CHECK(failed.code() == Code::kInvalidArgument);
  CHECK(failed.field() == "name");
  CHECK(count(*store, "SELECT count(*) FROM users WHERE id = 'u2'") == 0);
  const Status constraint = store->write_exclusive(insert("u3", "01"));  // the same token hash
  CHECK_FALSE(constraint.ok());
  CHECK(count(*store, "SELECT count(*) FROM users") == 1);

  // Jobs never join an append batch: failing ones among concurrent appends fail no append.
  // (The threads only count: Catch's assertions belong to the test's thread.)
  std::vector<AppendRequest> requests;
  for (int i = 0; i < 100; ++i) requests.push_back(submission("C-" + std::to_string(i)));
  std::vector<std::thread> threads;
  std::atomic<int> appended{0}, jobs_failed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 25 * t; i < 25 * (t + 1); ++i) appended += store->append(requests[i]).ok();
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 25; ++i) {
      jobs_failed += !store->write_exclusive([](sqlite::Connection& db) { return db.exec("INSERT INTO nowhere VALUES (1)"); })
                          .ok();
    }
  });
  for (auto& t : threads) t.join();
  CHECK(appended == 100);
  CHECK(jobs_failed == 25);
  CHECK(count(*store, "SELECT count(*) FROM events") == 100);
}

TEST_CASE("a read-only store refuses exclusive writes and users' changes", "[users]") {
  TempDir dir;
  const std::string path = dir.file("cases.db");
  ManualTime time(kMonday);
  std::string token;
  {
    auto store = open_store(path);
    auto created = load(*store, time)->add(request("审批人", v1::APPROVER), departments());
    REQUIRE(created.ok());
    token = created->token();
  }
  auto store = open_store(path, StoreOptions{.read_only = true});
  const Status refused = store->write_exclusive([](sqlite::Connection&) { return Status(); });
  CHECK(refused.code() == Code::kUnavailable);
  CHECK_THAT(refused.message(), Catch::Contains("read-only"));
  auto users = load(*store, time);
  CHECK(users->authenticate(token).has_value());
  CHECK(users->add(request("某人", v1::APPROVER), departments()).status().code() == Code::kUnavailable);
  CHECK(users->revoke(users->list().at(0).id()).code() == Code::kUnavailable);
  CHECK(users->authenticate(token).has_value());  // memory follows only what was written
}

TEST_CASE("a version 1 file gains the users table and keeps its events", "[users]") {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    // The file as release 1 wrote it: its schema, and a case's first event on the hash chain.
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    REQUIRE(db.ok());
    REQUIRE(migrate(**db, 1).ok());
    const AppendRequest submitted = submission("C-1");
    const v1::Event& event = submitted.events.at(0);
    EventRow row{1, "C-1", 1, event_type(event), event.at().seconds(), event.actor().id(), event.SerializeAsString()};
    auto insert = (*db)->prepare("INSERT INTO events (seq, case_id, case_seq, type, at, actor, body, hash) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    REQUIRE(insert.ok());
    insert->bind(1, row.seq).bind(2, row.case_id).bind(3, row.case_seq).bind(4, row.type).bind(5, row.at);
    insert->bind(6, row.actor).bind_blob(7, row.body).bind_blob(8, chain_hash(kGenesisHash, row));
    REQUIRE(insert->run().ok());
    CHECK(*(*db)->query_int("PRAGMA user_version") == 1);
    CHECK(*(*db)->query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'users'") == 0);
  }
  auto read_only = SqliteEventStore::open(path, fixtures::calendar(), StoreOptions{.read_only = true});
  REQUIRE_FALSE(read_only.ok());
  CHECK_THAT(read_only.status().message(), Catch::Contains("open it for writing once to migrate"));

  auto store = open_store(path);
  CHECK(count(*store, "PRAGMA user_version") == kSchemaVersion);
  CHECK(count(*store, "SELECT count(*) FROM users") == 0);
  auto events = store->read_case("C-1");
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  CHECK(event_type(events->at(0)) == "CaseSubmitted");
  ManualTime time(kMonday);
  auto users = load(*store, time);
  auto created = users->add(request("审批人", v1::APPROVER), departments());
  REQUIRE(created.ok());
  CHECK(users->authenticate(created->token()).has_value());
  REQUIRE(store->append(submission("C-2")).ok());  // the hash chain goes on from the old events
  CHECK(count(*store, "SELECT max(seq) FROM events") == 2);
}
