// The store's part of the supervisors' summary: counters, decisions and open cases per item and
// office for the cases of summary_cases.h, the decision columns of the cases table, and the
// migration that added them.
#include <algorithm>
#include <tuple>

#include <catch2/catch.hpp>

#include "engine/apply.h"
#include "storage/hash_chain.h"
#include "storage/maintenance.h"
#include "storage/schema.h"
#include "tests/storage/summary_cases.h"

using namespace oneseal;
using namespace oneseal::testing;

namespace {

struct Filed {
  TempDir dir;
  std::string path = dir.file("cases.db");
  std::unique_ptr<SqliteEventStore> store = open_store(path);
  ManualTime time{kMonday};
  CaseService service{*store, fixtures::catalogue(), fixtures::calendar(), time};
  Filed() { summary::file_cases(service, time); }
};

SummaryFilter period() {
  return {*parse_date(summary::kFrom), *parse_date(summary::kTo),
          parse_instant(summary::kNow)->time_since_epoch().count()};
}

std::vector<DecisionDays> sorted(std::vector<DecisionDays> d) {
  std::sort(d.begin(), d.end(), [](const DecisionDays& a, const DecisionDays& b) {
    return std::tie(a.used, a.paused, a.limit) < std::tie(b.used, b.paused, b.limit);
  });
  return d;
}

// The decision columns of a case's row: decided_at, used, paused, limit ("NULL" when unset).
std::vector<std::string> decision_columns(SqliteEventStore& store, const std::string& case_id) {
  std::vector<std::string> out;
  REQUIRE(store
              .read_with([&](sqlite::Connection& db) {
                auto row = db.prepare("SELECT decided_at, promised_working_days_used, paused_working_days, "
                                      "promised_limit FROM cases WHERE case_id = ?1");
                if (!row.ok()) return row.status();
                row->bind(1, case_id);
                Status s;
                if (row->step(&s)) {
                  for (int i = 0; i < 4; ++i) out.push_back(row->is_null(i) ? "NULL" : std::string(row->text(i)));
                }
                return s;
              })
              .ok());
  return out;
}

std::string seconds(const char* instant) { return std::to_string(parse_instant(instant)->time_since_epoch().count()); }

}  // namespace

TEST_CASE("the summary reads the period's counters and decisions, and the open cases now", "[store][summary]") {
  Filed f;
  auto cells = f.store->summary_report(period());
  REQUIRE(cells.ok());

  struct Expected {
    std::string item, office;
    std::map<std::string, int64_t> counters;
    std::vector<DecisionDays> decisions;  // {used, paused, limit}, sorted
    std::map<std::string, int64_t> open;
  };
  const std::vector<Expected> expected = {
      {summary::kCompany, "hall-1",
       {{"received", 3}, {"accepted", 3}, {"granted", 3}, {"decided_on_time", 2}, {"decided_late", 1},
        {"delivered", 2}},
       {{0, 0, 0}, {0, 0, 0}, {1, 0, 0}},
       {{"GREEN", 1}}},
      {summary::kCompany, "hall-2",
       {{"received", 3}, {"accepted", 2}, {"intake_rejected", 1}, {"refused", 1}, {"decided_on_time", 1},
        {"delivered", 1}},
       {{0, 0, 0}},
       {{"RED", 1}}},
      {summary::kFood, "hall-1",
       {{"received", 9}, {"accepted", 7}, {"intake_rejected", 1}, {"granted", 4}, {"refused", 1}, {"withdrawn", 1},
        {"decided_on_time", 4}, {"decided_late", 1}, {"extended", 1}, {"paused", 1}, {"delivered", 4}},
       {{3, 3, 5}, {4, 0, 5}, {4, 0, 5}, {6, 0, 5}, {7, 0, 8}},
       {{"GREEN", 2}, {"YELLOW", 1}, {"RED", 2}}},
      {summary::kFood, "hall-2",
       {{"received", 6}, {"accepted", 5}, {"granted", 2}, {"refused", 1}, {"withdrawn", 1}, {"decided_on_time", 2},
        {"decided_late", 1}, {"extended", 1}, {"paused", 1}, {"delivered", 3}},
       {{3, 3, 5}, {5, 0, 5}, {7, 0, 5}},
       {{"GREEN", 2}, {"YELLOW", 1}, {"RED", 1}}},
      {summary::kHygiene, "hall-1",
       {{"received", 3}, {"accepted", 2}, {"intake_rejected", 1}, {"granted", 3}, {"decided_on_time", 2},
        {"decided_late", 1}, {"paused", 1}, {"delivered", 2}},
       {{3, 0, 5}, {5, 2, 5}, {7, 0, 5}},
       {{"YELLOW", 1}}},
      {summary::kHygiene, "hall-2",
       {{"received", 5}, {"accepted", 5}, {"granted", 1}, {"refused", 1}, {"withdrawn", 1}, {"decided_on_time", 2},
        {"extended", 1}, {"delivered", 2}},
       {{2, 0, 5}, {7, 0, 9}},
       {{"GREEN", 1}, {"RED", 1}}},
  };
  REQUIRE(cells->size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const SummaryCell& have = (*cells)[i];
    const Expected& want = expected[i];
    INFO(want.item << " " << want.office);
    CHECK(have.item_code == want.item);
    CHECK(have.office == want.office);
    CHECK(have.counters == want.counters);
    CHECK(sorted(have.decisions) == want.decisions);
    CHECK(have.open == want.open);
  }

  // A period with no events still shows the groups' open cases, and nothing else.
  auto quiet = f.store->summary_report({*parse_date("2025-01-01"), *parse_date("2025-01-31"), period().as_of});
  REQUIRE(quiet.ok());
  REQUIRE(quiet->size() == 6);
  for (const SummaryCell& c : *quiet) {
    CHECK(c.counters.empty());
    CHECK(c.decisions.empty());
    CHECK_FALSE(c.open.empty());
  }
}

TEST_CASE("a case's row keeps its decision's working days, and verify proves them", "[store][summary]") {
  Filed f;
  // Paused 5, 6, 9 Nov; 3 of 5 used.
  CHECK(decision_columns(*f.store, "F1-D") ==
        std::vector<std::string>{seconds("2026-11-11T10:00:00+08:00"), "3", "3", "5"});
  // Extended to 8.
  CHECK(decision_columns(*f.store, "F1-E") ==
        std::vector<std::string>{seconds("2026-11-11T10:00:00+08:00"), "7", "0", "8"});
  // An instant item decided on the spot.
  CHECK(decision_columns(*f.store, "C1-C") ==
        std::vector<std::string>{seconds("2026-11-13T09:30:00+08:00"), "0", "0", "0"});
  // Not decided: nothing yet; withdrawn: nothing ever.
  CHECK(decision_columns(*f.store, "F1-I") == std::vector<std::string>{"NULL", "NULL", "NULL", "NULL"});
  CHECK(decision_columns(*f.store, "F1-F") == std::vector<std::string>{"NULL", "NULL", "NULL", "NULL"});

  // A clock stopped on its last day keeps its level: H1-D was decided on the deadline day,
  // C1-C (a limit of 0) on the day of acceptance; both await the seal.
  const int64_t now = period().as_of;
  CHECK(f.store->summary("H1-D", now)->value().alert_level == "YELLOW");
  CHECK(f.store->summary("C1-C", now)->value().alert_level == "GREEN");
  CHECK(f.store->summary("F1-C", now)->value().alert_level == "RED");  // decided late

  f.store.reset();
  auto report = verify_database(f.path, fixtures::calendar());
  REQUIRE(report.ok());
  INFO(report->first_difference);
  CHECK(report->ok());
  CHECK(report->cases == 35);
}

TEST_CASE("a version 2 file gains the decision columns, computed from its events", "[store][summary]") {
  TempDir dir;
  // A paused and decided case's events, as the engine records them.
  std::vector<v1::Event> events;
  {
    auto source = open_store(dir.file("source.db"));
    ManualTime time(kMonday);
    CaseService service(*source, fixtures::catalogue(), fixtures::calendar(), time);
    summary::CaseDriver(service, time, "F2-E", summary::kFood, "hall-2")
        .submit("10-26T09:00").accept("10-27T10:00").pause("10-28T10:00").resume("11-02T10:00")
        .opinions("11-03T10:00").grant("11-04T10:00");
    events = *source->read_case("F2-E");
  }
  // The file as release 2 left it: its schema, the events on the hash chain, and the calendar
  // its projections were computed with.
  const std::string path = dir.file("v2.db");
  {
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    REQUIRE(db.ok());
    REQUIRE(migrate(**db, 2).ok());
    auto insert = (*db)->prepare("INSERT INTO events (seq, case_id, case_seq, type, at, actor, body, hash) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    REQUIRE(insert.ok());
    std::string previous = kGenesisHash;
    for (size_t i = 0; i < events.size(); ++i) {
      const v1::Event& e = events[i];
      EventRow row{int64_t(i + 1), "F2-E", int64_t(i + 1), event_type(e), e.at().seconds(), e.actor().id(),
                   e.SerializeAsString()};
      std::string hash = chain_hash(previous, row);
      insert->bind(1, row.seq).bind(2, row.case_id).bind(3, row.case_seq).bind(4, row.type).bind(5, row.at);
      insert->bind(6, row.actor).bind_blob(7, row.body).bind_blob(8, hash);
      REQUIRE(insert->run().ok());
      previous = std::move(hash);
    }
    REQUIRE((*db)->exec("INSERT INTO settings (key, value) VALUES ('calendar', '" +
                        calendar_fingerprint(fixtures::calendar()) + "')")
                .ok());
  }
  auto read_only = SqliteEventStore::open(path, fixtures::calendar(), StoreOptions{.read_only = true});
  REQUIRE_FALSE(read_only.ok());
  CHECK_THAT(read_only.status().message(), Catch::Contains("open it for writing once to migrate"));

  auto store = open_store(path);
  CHECK(decision_columns(*store, "F2-E") ==
        std::vector<std::string>{seconds("2026-11-04T10:00:00+08:00"), "3", "3", "5"});
  auto cells = store->summary_report(period());
  REQUIRE(cells.ok());
  REQUIRE(cells->size() == 1);
  CHECK(cells->at(0).decisions == std::vector<DecisionDays>{{3, 3, 5}});
  store.reset();
  auto report = verify_database(path, fixtures::calendar());
  REQUIRE(report.ok());
  INFO(report->first_difference);
  CHECK(report->ok());
}
