// The scheduler against the real store, with a time the test moves: deemed acceptance and the
// yellow and red alerts of cases and branches fall on the working days counted by hand across
// the 2026 National Day holiday (1-7 October off, Saturday 10 October worked), are stamped
// with the instant they fell due, are recorded once, and move with an extension.
#include "engine/scheduler.h"

#include <catch2/catch.hpp>

#include <thread>

#include "engine/apply.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing {

namespace {

Instant at(const char* text) { return *parse_instant(text); }

// "clock level at" of every alert and deemed acceptance, in the order recorded.
std::vector<std::string> recorded(EventStore& store, const std::string& case_id) {
  std::vector<std::string> out;
  auto events = store.read_case(case_id);
  REQUIRE(events.ok());
  for (const auto& e : *events) {
    const std::string when = format_instant(from_proto(e.at()));
    if (e.has_alert_raised()) out.push_back(e.alert_raised().clock() + " " + e.alert_raised().level() + " " + when);
    if (e.has_case_accepted() && e.case_accepted().mode() == v1::DEEMED) out.push_back("deemed acceptance " + when);
  }
  return out;
}

struct World {
  explicit World(const std::string& path, Instant start) : time(start), store(open_store(path)) {}
  ManualTime time;
  std::unique_ptr<SqliteEventStore> store;
  CaseService cases{*store, fixtures::catalogue(), fixtures::calendar(), time};
  Scheduler scheduler{cases, *store, time};

  std::string file_case() { return cases.submit(food_submission())->state.id(); }
  int run_at(const char* when) {
    time.set(at(when));
    auto run = scheduler.run_due();
    REQUIRE(run.ok());
    return run->recorded;
  }
};

}  // namespace

TEST_CASE("alerts of a case and its branches fire on the right working day across National Day", "[scheduler]") {
  TempDir dir;
  World w(dir.file("cases.db"), at("2026-09-29T10:00:00+08:00"));  // Tuesday
  const std::string id = w.file_case();
  REQUIRE(w.cases.execute(id, food_accept()).ok());
  // Counting from the day after acceptance: 30 Sep is day 1, 8 Oct 2, 9 Oct 3, Saturday 10 Oct
  // (worked) 4, Monday 12 Oct 5. Health (3 days) ends 9 Oct, yellow from its last day;
  // market (4 days) ends 10 Oct; the promise (5) ends 12 Oct, yellow from 12 Oct (one day of
  // warning: 20% of 5); the statutory 10 days end 19 Oct.
  CHECK(w.scheduler.next_due()->value() == at("2026-10-09T00:00:00+08:00"));
  CHECK(w.run_at("2026-10-08T23:59:59+08:00") == 0);
  CHECK(w.run_at("2026-10-09T00:00:00+08:00") == 1);
  CHECK(w.run_at("2026-10-10T08:00:00+08:00") == 2);
  CHECK(w.run_at("2026-10-11T00:00:00+08:00") == 1);
  CHECK(w.run_at("2026-10-12T00:00:00+08:00") == 1);
  CHECK(w.run_at("2026-10-13T09:00:00+08:00") == 1);
  CHECK(w.run_at("2026-10-19T23:00:00+08:00") == 0);
  CHECK(w.run_at("2026-10-20T00:00:00+08:00") == 1);
  CHECK(w.run_at("2026-12-31T00:00:00+08:00") == 0);  // each step once
  CHECK(recorded(*w.store, id) == std::vector<std::string>{
                                      "health yellow 2026-10-09T00:00:00+08:00",
                                      "health red 2026-10-10T00:00:00+08:00",
                                      "market yellow 2026-10-10T00:00:00+08:00",
                                      "market red 2026-10-11T00:00:00+08:00",
                                      "promised yellow 2026-10-12T00:00:00+08:00",
                                      "promised red 2026-10-13T00:00:00+08:00",
                                      "statutory red 2026-10-20T00:00:00+08:00",
                                  });
  CHECK_FALSE(w.scheduler.next_due()->has_value());
}

TEST_CASE("an opinion stops its branch's alerts; an extension moves the case's", "[scheduler]") {
  TempDir dir;
  World w(dir.file("cases.db"), at("2026-09-29T10:00:00+08:00"));
  const std::string id = w.file_case();
  REQUIRE(w.cases.execute(id, food_accept()).ok());
  w.time.set(at("2026-10-08T10:00:00+08:00"));
  REQUIRE(w.cases.execute(id, food_opinion("health", "wjw")).ok());
  REQUIRE(w.cases.execute(id, food_opinion("market", "scjg")).ok());
  CHECK(w.run_at("2026-10-12T08:00:00+08:00") == 1);  // promised yellow; no branch runs
  w.time.set(at("2026-10-12T09:00:00+08:00"));
  REQUIRE(w.cases.execute(id, command(R"(actor { id: "approver" role: APPROVER }
                                         extend { working_days: 5 reason: "需现场复核" })"))
              .ok());
  // Now 10 promised days: 13, 14, 15, 16 Oct are days 6-9, 19 Oct day 10; two days of warning
  // (20% of 10) make yellow from 16 Oct. The statutory 15 days end 26 Oct.
  CHECK(w.run_at("2026-10-15T23:00:00+08:00") == 0);
  CHECK(w.run_at("2026-10-16T00:00:00+08:00") == 1);
  CHECK(w.run_at("2026-10-27T00:00:00+08:00") == 2);
  CHECK(recorded(*w.store, id) == std::vector<std::string>{
                                      "promised yellow 2026-10-12T00:00:00+08:00",
                                      "promised yellow 2026-10-16T00:00:00+08:00",
                                      "promised red 2026-10-20T00:00:00+08:00",
                                      "statutory red 2026-10-27T00:00:00+08:00",
                                  });
}

TEST_CASE("a pause holds every alert; after it they fall due later by the days paused", "[scheduler]") {
  TempDir dir;
  World w(dir.file("cases.db"), at("2025-09-12T09:00:00+08:00"));
  const std::string id = w.cases.submit(command(R"(actor { id: "clerk" role: CLERK office: "hall-1" }
    submit { item_code: "XK-STHJ-00002-001" channel: WINDOW office: "hall-1"
      applicant { kind: ORGANISATION name: "武汉某某化工有限公司" id_number: "91420100MA4P55555C" phone: "13300007777" }
      materials: ["application", "eia_report", "public_participation", "business_licence"] })"))->state.id();
  w.time.set(at("2025-09-15T10:00:00+08:00"));
  REQUIRE(w.cases.execute(id, command(R"(actor { id: "clerk" role: CLERK office: "hall-1" } accept { mode: COMPLETE })"))
              .ok());
  // The environment branch's 12 days would have ended Tue 30 Sep 2025 (yellow from Mon 29).
  // Paused on Fri 26 Sep (day 9, which counts) for an expert review until Mon 13 Oct.
  w.time.set(at("2025-09-26T09:30:00+08:00"));
  REQUIRE(w.cases.execute(id, command(R"(actor { id: "reviewer" role: REVIEWER department: "sthj" }
    pause_clock { reason: PAUSE_REASON_EXPERT_REVIEW expected_working_days: 5 note: "报告书技术评估" })"))
              .ok());
  CHECK_FALSE(w.scheduler.next_due()->has_value());  // nothing falls due while paused
  CHECK(w.run_at("2025-10-13T08:00:00+08:00") == 0);
  w.time.set(at("2025-10-13T09:00:00+08:00"));
  REQUIRE(w.cases.execute(id, command(R"(actor { id: "reviewer" role: REVIEWER department: "sthj" }
    resume_clock { note: "专家评审意见已送达" })"))
              .ok());
  // Counting on from the day after resumption: 14 Oct is day 10, 15 Oct 11 (the branch's
  // yellow), 16 Oct 12 (its deadline), 17 Oct 13 (the promise's yellow: three days of warning
  // for 15), 20 Oct 14, 21 Oct 15 (the promise's deadline).
  CHECK(w.run_at("2025-10-14T23:59:59+08:00") == 0);
  CHECK(w.run_at("2025-10-15T00:00:00+08:00") == 1);
  CHECK(w.run_at("2025-10-17T00:00:00+08:00") == 2);
  CHECK(w.run_at("2025-10-22T00:00:00+08:00") == 1);
  CHECK(recorded(*w.store, id) == std::vector<std::string>{
                                      "environment yellow 2025-10-15T00:00:00+08:00",
                                      "environment red 2025-10-17T00:00:00+08:00",
                                      "promised yellow 2025-10-17T00:00:00+08:00",
                                      "promised red 2025-10-22T00:00:00+08:00",
                                  });
}

TEST_CASE("a withdrawn case has nothing left to fall due", "[scheduler]") {
  TempDir dir;
  World w(dir.file("cases.db"), at("2026-09-29T10:00:00+08:00"));
  const std::string id = w.file_case();
  REQUIRE(w.cases.execute(id, command(R"(actor { id: "clerk" role: CLERK office: "hall-1" }
                                         withdraw { reason: "申请人撤回" })"))
              .ok());
  CHECK_FALSE(w.scheduler.next_due()->has_value());
  CHECK(w.run_at("2026-12-31T00:00:00+08:00") == 0);
}

TEST_CASE("after downtime over the deadlines, a catch-up records the true instants once", "[scheduler]") {
  TempDir dir;
  std::string id;
  {
    World w(dir.file("cases.db"), at("2026-09-29T10:00:00+08:00"));
    id = w.file_case();  // and nobody decides on its intake
  }
  World w(dir.file("cases.db"), at("2026-10-20T09:00:00+08:00"));
  // Deemed accepted when the 5 working days for intake ran out (end of 12 Oct), as of the
  // receipt on 29 Sep: so its clocks count from 29 Sep, and their steps fell due even before.
  auto run = w.scheduler.run_due();
  REQUIRE(run.ok());
  CHECK(run->recorded == 8);
  CHECK(recorded(*w.store, id) == std::vector<std::string>{
                                      "deemed acceptance 2026-10-13T00:00:00+08:00",
                                      "health yellow 2026-10-09T00:00:00+08:00",
                                      "health red 2026-10-10T00:00:00+08:00",
                                      "market yellow 2026-10-10T00:00:00+08:00",
                                      "market red 2026-10-11T00:00:00+08:00",
                                      "promised yellow 2026-10-12T00:00:00+08:00",
                                      "promised red 2026-10-13T00:00:00+08:00",
                                      "statutory red 2026-10-20T00:00:00+08:00",
                                  });
  CHECK(w.scheduler.run_due()->recorded == 0);
}

TEST_CASE("two catch-ups racing record each step once", "[scheduler][concurrency]") {
  TempDir dir;
  World w(dir.file("cases.db"), at("2026-09-29T10:00:00+08:00"));
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(w.file_case());
  w.time.set(at("2026-10-20T09:00:00+08:00"));
  Scheduler other(w.cases, *w.store, w.time);
  Result<SchedulerRun> first = SchedulerRun{}, second = SchedulerRun{};
  std::thread a([&] { first = w.scheduler.run_due(); });
  std::thread b([&] { second = other.run_due(); });
  a.join();
  b.join();
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->recorded + second->recorded == 20 * 8);
  for (const auto& id : ids) CHECK(recorded(*w.store, id).size() == 8);
}

}  // namespace oneseal::testing
