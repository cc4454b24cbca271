// Thirty-five cases in known states for the supervisors' summary, filed through the CaseService
// with a time moved by hand from 26 October to 16 November 2026, on three items and two offices.
// What the report must say of them is written out in tests/storage/summary_report_test.cc and
// tests/http/report_test.cc.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/case_service.h"
#include "engine/time_source.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing::summary {

// Food business licence: scjg; promised 5 working days (+ up to 5), branches market (scjg)
// and health (wjw). Hygiene licence: wjw; promised 5 (+ up to 10), branch health (wjw).
// Company registration: scjg; an instant item, promised 0 (decided the day it is accepted).
// Each is warned (yellow) on the day its promise ends: K = 20% of 5 = 1 day.
inline constexpr const char* kFood = "XK-SCJG-00012-000";
inline constexpr const char* kHygiene = "XK-WJW-00031-000";
inline constexpr const char* kCompany = "XK-SCJG-00001-001";

// The period asked about, Monday 2 to Friday 13 November 2026 (no holidays), and the instant
// the open cases' levels are read at, Monday 16 November 10:00.
inline constexpr const char* kFrom = "2026-11-02";
inline constexpr const char* kTo = "2026-11-13";
inline constexpr const char* kNow = "2026-11-16T10:00:00+08:00";

// One case's commands, each at a bureau time of 2026 ("11-02T09:00") and required to succeed.
class CaseDriver {
 public:
  CaseDriver(CaseService& service, ManualTime& time, std::string id, std::string item, std::string office)
      : service_(service), time_(time), id_(std::move(id)), item_(std::move(item)), office_(std::move(office)) {}

  // With every material, or (food only) without the two non-key ones.
  CaseDriver& submit(const char* at, bool complete = true) {
    static const std::map<std::string, std::string> kMaterials = {
        {kFood, R"("application", "subject_licence", "id_proof", "layout_and_process", "safety_rules", "staff_health")"},
        {kHygiene,
         R"("application", "subject_licence", "id_proof", "site_plan", "hygiene_report", "hygiene_rules", "staff_health")"},
        {kCompany, R"("application", "id_proof", "premises_proof", "articles", "officer_appointment")"}};
    const std::string materials =
        complete ? kMaterials.at(item_) : R"("application", "subject_licence", "id_proof", "layout_and_process")";
    return run(at, clerk() + R"( submit { case_id: ")" + id_ + R"(" item_code: ")" + item_ +
                       R"(" channel: WINDOW office: ")" + office_ +
                       R"(" applicant { kind: PERSON name: "张小三" id_number: "110101199001011234" phone: "13812345678" }
                       materials: [)" + materials + "] }");
  }
  CaseDriver& accept(const char* at) { return run(at, clerk() + " accept { mode: COMPLETE }"); }
  CaseDriver& reject(const char* at) { return run(at, clerk() + R"( reject_intake { reason: "不属于本机关职权范围" })"); }
  CaseDriver& request_supplement(const char* at) {
    return run(at, clerk() + R"( request_supplement { missing { material_id: "safety_rules" problem: "未提交" }
                                  missing { material_id: "staff_health" problem: "未提交" } })");
  }
  // Every branch of the item's review approves.
  CaseDriver& opinions(const char* at) {
    static const std::map<std::string, std::vector<std::pair<std::string, std::string>>> kBranches = {
        {kFood, {{"market", "scjg"}, {"health", "wjw"}}}, {kHygiene, {{"health", "wjw"}}}};
    for (const auto& [branch, department] : kBranches.at(item_)) {
      run(at, R"(actor { id: "reviewer" role: REVIEWER department: ")" + department +
                  R"(" } record_opinion { branch_id: ")" + branch + R"(" verdict: APPROVE })");
    }
    return *this;
  }
  CaseDriver& pause(const char* at) {
    return run(at, kApprover + R"( pause_clock { reason: PAUSE_REASON_TESTING expected_working_days: 3 })");
  }
  CaseDriver& resume(const char* at) { return run(at, kApprover + R"( resume_clock { note: "检测完毕" })"); }
  CaseDriver& extend(const char* at, int days) {
    return run(at, kApprover + " extend { working_days: " + std::to_string(days) + R"( reason: "需补充核查" })");
  }
  CaseDriver& grant(const char* at) {
    return run(at, kApprover + R"( make_decision { verdict: APPROVE reasons: "符合法定条件" })");
  }
  CaseDriver& refuse(const char* at) {
    return run(at, kApprover + R"( make_decision { verdict: DENY reasons: "不符合法定条件"
                                   remedies: "可于六十日内申请行政复议或于六个月内提起行政诉讼" })");
  }
  CaseDriver& seal(const char* at) { return run(at, kApprover + R"( seal { certificate_no: "证-)" + id_ + R"(" })"); }
  CaseDriver& deliver(const char* at) { return run(at, clerk() + R"( deliver { method: "window" })"); }
  CaseDriver& withdraw(const char* at) { return run(at, clerk() + R"( withdraw { reason: "申请人撤回" })"); }

 private:
  inline static const std::string kApprover = R"(actor { id: "approver" role: APPROVER })";

  std::string clerk() const {
    return R"(actor { id: "clerk-)" + office_ + R"(" role: CLERK office: ")" + office_ + R"(" })";
  }

  CaseDriver& run(const char* at, const std::string& text) {
    time_.set(*parse_instant(std::string("2026-") + at + ":00+08:00"));
    const v1::Command c = command(text);
    auto done = c.has_submit() ? service_.submit(c) : service_.execute(id_, c);
    INFO("case " << id_ << " at " << at << ": " << text << " -> "
                 << (done.ok() ? std::string("ok") : done.status().to_string()));
    REQUIRE(done.ok());
    return *this;
  }

  CaseService& service_;
  ManualTime& time_;
  const std::string id_, item_, office_;
};

// Files every case, then sets the time to kNow. In each comment: the case's counts in the
// period, its decision's working days (used, paused, of the limit) and its level at kNow.
inline void file_cases(CaseService& service, ManualTime& time) {
  auto on = [&](const char* id, const char* item, const char* office) {
    return CaseDriver(service, time, id, item, office);
  };
  // --- Food, hall-1 ---
  // Received and accepted before the period; granted on Tue 3 Nov: 29, 30 Oct, 2, 3 Nov: 4 of 5.
  on("F1-A", kFood, "hall-1").submit("10-28T09:00").accept("10-28T10:00").opinions("10-30T10:00")
      .grant("11-03T10:00").seal("11-04T10:00").deliver("11-05T10:00");
  // Granted Fri 6 Nov: 3, 4, 5, 6 Nov: 4 of 5.
  on("F1-B", kFood, "hall-1").submit("11-02T09:00").accept("11-02T09:30").opinions("11-04T10:00")
      .grant("11-06T15:00").seal("11-06T16:00").deliver("11-09T10:00");
  // Due Mon 9 Nov, granted Tue 10 Nov: 6 of 5, late. Sealed, not delivered: open, RED.
  on("F1-C", kFood, "hall-1").submit("11-02T09:00").accept("11-02T10:00").opinions("11-09T10:00")
      .grant("11-10T10:00").seal("11-10T11:00");
  // Paused Wed 4 to Mon 9 Nov (5, 6, 9 Nov paused), refused Wed 11 Nov: 4, 10, 11 Nov: 3 of 5.
  on("F1-D", kFood, "hall-1").submit("11-03T09:00").accept("11-03T09:30").pause("11-04T10:00")
      .resume("11-09T10:00").opinions("11-10T10:00").refuse("11-11T10:00").deliver("11-12T10:00");
  // Extended by 3 on Fri 6 Nov, granted Wed 11 Nov: 3-6, 9-11 Nov: 7 of 8, on time.
  on("F1-E", kFood, "hall-1").submit("11-02T09:00").accept("11-02T11:00").extend("11-06T10:00", 3)
      .opinions("11-09T10:00").grant("11-11T10:00").seal("11-12T10:00").deliver("11-12T15:00");
  on("F1-F", kFood, "hall-1").submit("11-04T09:00").accept("11-04T10:00").withdraw("11-05T14:00");
  on("F1-G", kFood, "hall-1").submit("11-05T09:00").reject("11-05T10:00");
  // Awaiting a supplement: open, GREEN.
  on("F1-H", kFood, "hall-1").submit("11-12T09:00", false).request_supplement("11-12T10:00");
  // Accepted Mon 9 Nov, due Mon 16 Nov: open, YELLOW.
  on("F1-I", kFood, "hall-1").submit("11-09T09:00").accept("11-09T10:00");
  // Accepted Fri 6 Nov, due Fri 13 Nov, awaiting the decision: open, RED.
  on("F1-J", kFood, "hall-1").submit("11-06T09:00").accept("11-06T10:00").opinions("11-12T10:00");
  // Received after the period: open, GREEN.
  on("F1-K", kFood, "hall-1").submit("11-16T09:00");
  // All before the period: counts nothing.
  on("F1-L", kFood, "hall-1").submit("10-26T09:00").accept("10-26T10:00").opinions("10-28T10:00")
      .grant("10-29T10:00").seal("10-30T10:00").deliver("10-30T15:00");

  // --- Food, hall-2 ---
  // Accepted Fri 30 Oct, granted Fri 6 Nov, its last day: 2-6 Nov: 5 of 5.
  on("F2-A", kFood, "hall-2").submit("10-30T09:00").accept("10-30T10:00").opinions("11-05T10:00")
      .grant("11-06T15:00").seal("11-09T10:00").deliver("11-10T10:00");
  // Due Mon 9 Nov, refused Wed 11 Nov: 3-6, 9-11 Nov: 7 of 5, late.
  on("F2-B", kFood, "hall-2").submit("11-02T09:00").accept("11-02T09:30").opinions("11-06T10:00")
      .refuse("11-11T10:00").deliver("11-12T10:00");
  // Paused since Wed 11 Nov after 1 day: deadline unknown, open, GREEN.
  on("F2-C", kFood, "hall-2").submit("11-10T09:00").accept("11-10T10:00").pause("11-11T10:00");
  on("F2-D", kFood, "hall-2").submit("11-03T09:00").withdraw("11-04T09:00");
  // Paused 28 Oct to Mon 2 Nov (29, 30 Oct, 2 Nov paused), granted Wed 4 Nov: 28 Oct, 3, 4 Nov:
  // 3 of 5. Only the grant is in the period.
  on("F2-E", kFood, "hall-2").submit("10-26T09:00").accept("10-27T10:00").pause("10-28T10:00")
      .resume("11-02T10:00").opinions("11-03T10:00").grant("11-04T10:00").seal("11-05T10:00")
      .deliver("11-06T10:00");
  // Accepted Mon 9 Nov: open, YELLOW.
  on("F2-F", kFood, "hall-2").submit("11-09T09:00").accept("11-09T11:00");
  // Extended by 2 on Thu 5 Nov, due Wed 11 Nov: open, RED.
  on("F2-G", kFood, "hall-2").submit("11-02T09:00").accept("11-02T10:00").extend("11-05T10:00", 2);
  // Received and accepted Fri 13 Nov, granted after the period (1 day used): open, GREEN.
  on("F2-H", kFood, "hall-2").submit("11-13T09:00").accept("11-13T10:00").opinions("11-16T09:00")
      .grant("11-16T09:30");

  // --- Hygiene, hall-1 ---
  // Granted Thu 5 Nov: 3, 4, 5 Nov: 3 of 5.
  on("H1-A", kHygiene, "hall-1").submit("11-02T09:00").accept("11-02T10:00").opinions("11-05T10:00")
      .grant("11-05T15:00").seal("11-06T10:00").deliver("11-06T15:00");
  // Accepted Thu 29 Oct, due Thu 5 Nov, granted Mon 9 Nov: 30 Oct, 2-6, 9 Nov: 7 of 5, late.
  on("H1-B", kHygiene, "hall-1").submit("10-29T09:00").accept("10-29T10:00").opinions("11-06T10:00")
      .grant("11-09T10:00").seal("11-09T11:00").deliver("11-10T10:00");
  on("H1-C", kHygiene, "hall-1").submit("11-09T09:00").reject("11-09T09:30");
  // Paused Tue 3 to Thu 5 Nov (4, 5 Nov paused), granted Wed 11 Nov, its last day: 3, 6, 9, 10,
  // 11 Nov: 5 of 5. Not sealed: open, YELLOW (the level it stopped at).
  on("H1-D", kHygiene, "hall-1").submit("11-02T09:00").accept("11-02T09:30").pause("11-03T10:00")
      .resume("11-05T10:00").opinions("11-10T10:00").grant("11-11T10:00");

  // --- Hygiene, hall-2 ---
  // Extended by 4 on Fri 6 Nov, granted Fri 13 Nov: 5, 6, 9-13 Nov: 7 of 9.
  on("H2-A", kHygiene, "hall-2").submit("11-04T09:00").accept("11-04T10:00").extend("11-06T10:00", 4)
      .opinions("11-12T10:00").grant("11-13T10:00").seal("11-13T11:00").deliver("11-13T15:00");
  on("H2-B", kHygiene, "hall-2").submit("11-05T09:00").accept("11-05T10:00").opinions("11-06T10:00")
      .withdraw("11-09T10:00");
  // Accepted Tue 3 Nov, due Tue 10 Nov, in review: open, RED.
  on("H2-C", kHygiene, "hall-2").submit("11-03T09:00").accept("11-03T10:00");
  // Accepted Fri 13 Nov, 1 day used: open, GREEN.
  on("H2-D", kHygiene, "hall-2").submit("11-13T09:00").accept("11-13T10:00");
  // Refused Wed 11 Nov: 10, 11 Nov: 2 of 5.
  on("H2-E", kHygiene, "hall-2").submit("11-09T09:00").accept("11-09T10:00").opinions("11-10T10:00")
      .refuse("11-11T10:00").deliver("11-12T10:00");

  // --- Company registration, hall-1 (promised 0: decided on the day of acceptance) ---
  on("C1-A", kCompany, "hall-1").submit("11-03T09:00").accept("11-03T09:10").grant("11-03T09:30")
      .seal("11-03T10:00").deliver("11-03T11:00");
  // Granted the next day: 1 of 0, late.
  on("C1-B", kCompany, "hall-1").submit("11-05T09:00").accept("11-05T09:10").grant("11-06T09:00")
      .seal("11-06T10:00").deliver("11-06T11:00");
  // Granted on the spot, not sealed: open, GREEN for good.
  on("C1-C", kCompany, "hall-1").submit("11-13T09:00").accept("11-13T09:10").grant("11-13T09:30");

  // --- Company registration, hall-2 ---
  on("C2-A", kCompany, "hall-2").submit("11-10T09:00").accept("11-10T09:10").refuse("11-10T10:00")
      .deliver("11-10T11:00");
  // Accepted Fri 13 Nov and not decided that day: open, RED.
  on("C2-B", kCompany, "hall-2").submit("11-13T09:00").accept("11-13T09:10");
  on("C2-C", kCompany, "hall-2").submit("11-12T09:00").reject("11-12T09:30");

  time.set(*parse_instant(kNow));
}

}  // namespace oneseal::testing::summary
