// The public progress view at each step of real cases, run through decide() and apply() on
// the real catalogue and calendar: wording, working days counted by hand across the 2026
// holidays, alert colours, the timeline's order, the next step, and that no personal data,
// staff or reasons reach the applicant's page.
#include "engine/progress.h"

#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/decide.h"
#include "tests/engine/fixtures.h"
#include "tests/engine/random_case.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;

namespace {

constexpr const char* kFoodLicence = "XK-SCJG-00012-000";
constexpr const char* kClerk = R"(actor { id: "clerk-li" role: CLERK office: "hall-1" } )";
constexpr const char* kApplicant = R"(actor { id: "applicant-zhang" role: APPLICANT } )";
constexpr const char* kApprover = R"(actor { id: "approver-chen" role: APPROVER } )";
constexpr const char* kSystem = R"(actor { id: "engine" role: SYSTEM } )";
constexpr const char* kMarketReviewer =
    R"(actor { id: "reviewer-wang" role: REVIEWER department: "scjg" } )";
constexpr const char* kHealthReviewer =
    R"(actor { id: "reviewer-zhao" role: REVIEWER department: "wjw" } )";

constexpr const char* kSafetyRules =
    "食品安全自查、从业人员健康管理、进货查验记录等食品安全管理制度";
constexpr const char* kStaffHealth = "从业人员健康证明";

// What must never reach the public page: the applicant's full name, ID number and phone, who
// worked on the case, and what they wrote.
const std::vector<std::string> kPrivate = {"张小三",
                                           "110101199003071234",
                                           "13812345678",
                                           "91420100MA4K00000X",
                                           "13800001234",
                                           "clerk-li",
                                           "applicant-zhang",
                                           "reviewer-",
                                           "approver-chen",
                                           "hall-1",
                                           "卫生条件基本符合",
                                           "厨房排烟设施开业前完成整改",
                                           "水质检测报告待出具",
                                           "王五",
                                           "赵六",
                                           "后厨布局合理",
                                           "材料齐全",
                                           "经营场所不在本辖区",
                                           "不符合食品经营条件",
                                           "申请人另有安排"};

void check_private(const v1::Progress& view) {
  const std::string bytes = view.SerializeAsString();
  const std::string text = view.DebugString();
  for (const auto& secret : kPrivate) {
    INFO(secret);
    CHECK(bytes.find(secret) == std::string::npos);
    CHECK(text.find(secret) == std::string::npos);
  }
}

using Timeline = std::vector<std::pair<std::string, std::string>>;  // (at, text)

Timeline timeline(const v1::Progress& view) {
  Timeline out;
  for (const auto& step : view.timeline()) out.emplace_back(step.at(), step.text());
  return out;
}

// A case of one item, moved by commands in text format through the engine's execute().
class Case {
 public:
  explicit Case(const std::string& item_code) : item_(*fixtures::catalogue().find(item_code)) {}

  void run(const std::string& at, const std::string& command) {
    auto t = parse_instant(at);
    REQUIRE(t);
    auto events = execute(item_, &state_, testing::command(command), *t, fixtures::calendar());
    INFO(command << ": " << (events.ok() ? "" : events.status().to_string()));
    REQUIRE(events.ok());
  }

  // The view as the applicant's phone would get it at `now`.
  v1::Progress view(const std::string& now) const {
    auto t = parse_instant(now);
    REQUIRE(t);
    v1::Progress view = progress_view(state_, fixtures::catalogue(), fixtures::calendar(), *t);
    check_private(view);
    return view;
  }

 private:
  const v1::ItemDefinition& item_;
  v1::CaseState state_;
};

std::string submission(const std::string& applicant, const std::string& materials) {
  return std::string(kClerk) +
         R"(submit { case_id: "OS2026092100000001" item_code: "XK-SCJG-00012-000" channel: WINDOW
                     office: "hall-1" )" +
         applicant + " materials: [" + materials + "] }";
}

const std::string kPerson =
    R"(applicant { kind: PERSON name: "张小三" id_number: "110101199003071234" phone: "13812345678" })";
const std::string kOrganisation =
    R"(applicant { kind: ORGANISATION name: "武汉市示例餐饮有限公司" id_number: "91420100MA4K00000X"
                   phone: "13800001234" })";
const std::string kKeyMaterials =
    R"("application", "subject_licence", "id_proof", "layout_and_process")";
const std::string kAllMaterials = kKeyMaterials + R"(, "safety_rules", "staff_health")";

}  // namespace

TEST_CASE("progress of a food licence with parallel review across National Day", "[progress]") {
  Case c(kFoodLicence);

  c.run("2026-09-21T09:30:00+08:00", submission(kPerson, kKeyMaterials));
  {
    auto v = c.view("2026-09-21T09:30:00+08:00");
    CHECK(v.case_no() == "OS2026092100000001");
    CHECK(v.item_name() == "食品经营许可（新办）");
    CHECK(v.applicant() == "张*三");
    CHECK(v.status() == v1::SUBMITTED);
    CHECK(v.status_text() == "已提交，待受理");
    CHECK(v.received_at() == "2026-09-21T09:30:00+08:00");
    CHECK(v.accepted_at().empty());
    // No clock runs before acceptance.
    CHECK(v.deadline().empty());
    CHECK(v.deadline_date().empty());
    CHECK(v.alert_level().empty());
    CHECK(v.working_days_left() == 0);
    CHECK(timeline(v) == Timeline{{"2026-09-21T09:30:00+08:00", "已收到申请材料"}});
    CHECK(v.branches().empty());
    CHECK(v.next_action().empty());
  }

  c.run("2026-09-22T10:05:00+08:00", std::string(kClerk) + R"(request_supplement {
          missing { material_id: "safety_rules" problem: "not handed in" }
          missing { material_id: "staff_health" problem: "not handed in" } })");
  {
    auto v = c.view("2026-09-22T11:00:00+08:00");
    CHECK(v.status() == v1::AWAITING_SUPPLEMENT);
    CHECK(v.status_text() == "待补正材料");
    CHECK(std::vector<std::string>(v.missing_materials().begin(), v.missing_materials().end()) ==
          std::vector<std::string>{kSafetyRules, kStaffHealth});
    CHECK(v.next_action() ==
          std::string("请一次性补正以下材料：") + kSafetyRules + "；" + kStaffHealth);
    CHECK(timeline(v) == Timeline{{"2026-09-21T09:30:00+08:00", "已收到申请材料"},
                                  {"2026-09-22T10:05:00+08:00", "已一次性告知需补正的材料"}});
  }

  c.run("2026-09-23T14:00:00+08:00",
        std::string(kApplicant) +
            R"(provide_supplement { materials: ["safety_rules", "staff_health"] })");
  {
    auto v = c.view("2026-09-23T14:00:00+08:00");
    CHECK(v.status_text() == "已提交，待受理");
    CHECK(v.received_at() == "2026-09-23T14:00:00+08:00");
    CHECK(v.missing_materials().empty());
    CHECK(v.next_action().empty());
    CHECK(timeline(v) == Timeline{{"2026-09-23T14:00:00+08:00", "已收到补正材料"}});
  }

  c.run("2026-09-24T10:00:00+08:00", std::string(kClerk) + "accept { mode: COMPLETE }");
  {
    // Promised 5 from Thu 24 Sep: 25-27 Mid-Autumn off, Mon 28(1) 29(2) 30(3), 1-7 Oct off,
    // Thu 8(4) Fri 9 Oct(5).
    auto v = c.view("2026-09-24T10:00:00+08:00");
    CHECK(v.status() == v1::IN_REVIEW);
    CHECK(v.status_text() == "审查中");
    CHECK(v.accepted_at() == "2026-09-24T10:00:00+08:00");
    CHECK(v.deadline() == "2026-10-09T23:59:59+08:00");
    CHECK(v.deadline_date() == "2026-10-09");
    CHECK(v.working_days_left() == 5);
    CHECK(v.alert_level() == "GREEN");
    CHECK_FALSE(v.paused());
    REQUIRE(v.branches_size() == 2);
    CHECK(v.branches(0).name() == "食品经营条件审查及现场核查");
    CHECK(v.branches(0).department() == "市场监督管理局");
    CHECK(v.branches(0).state() == "审查中");
    CHECK(v.branches(0).deadline_date() == "2026-10-08");  // 4 days: ... 30(3) 8 Oct(4)
    CHECK(v.branches(1).name() == "餐饮服务卫生条件审查");
    CHECK(v.branches(1).department() == "卫生健康委员会");
    CHECK(v.branches(1).deadline_date() == "2026-09-30");  // 3 days: 28(1) 29(2) 30(3)
    CHECK(v.next_action().empty());
    // Mon 28 Sep, after the Mid-Autumn weekend: one day used.
    CHECK(c.view("2026-09-28T10:00:00+08:00").working_days_left() == 4);
  }

  c.run("2026-09-29T16:00:00+08:00", std::string(kHealthReviewer) + R"(record_opinion {
          branch_id: "health" verdict: APPROVE_WITH_CONDITIONS reasons: "卫生条件基本符合"
          conditions: "厨房排烟设施开业前完成整改" })");
  {
    auto v = c.view("2026-09-29T16:00:00+08:00");
    CHECK(v.status_text() == "审查中");
    CHECK(v.branches(1).state() == "已同意");
    CHECK(v.branches(1).deadline_date().empty());  // answered within its limit
    CHECK(v.working_days_left() == 3);             // 28(1) 29(2)
  }

  c.run("2026-09-30T10:00:00+08:00", std::string(kApprover) + R"(pause_clock {
          reason: PAUSE_REASON_TESTING expected_working_days: 3 note: "水质检测报告待出具" })");
  {
    // National Day: paused since Wed 30 Sep, which still counted (3 used).
    auto v = c.view("2026-10-05T12:00:00+08:00");
    CHECK(v.paused());
    CHECK(v.working_days_left() == 2);
    CHECK(v.deadline().empty());  // unknown until the clock resumes
    CHECK(v.alert_level() == "GREEN");
    CHECK(v.branches(0).state() == "暂停");
    CHECK(v.branches(0).deadline_date().empty());
    CHECK(v.branches(1).state() == "已同意");
  }

  c.run("2026-10-08T09:00:00+08:00", std::string(kApprover) + "resume_clock {}");
  {
    // Resumed Thu 8 Oct, a new start day not counted: Fri 9(4), Sat 10 Oct worked (5).
    auto v = c.view("2026-10-08T09:00:00+08:00");
    CHECK_FALSE(v.paused());
    CHECK(v.deadline() == "2026-10-10T23:59:59+08:00");
    CHECK(v.deadline_date() == "2026-10-10");
    CHECK(v.working_days_left() == 2);
    CHECK(v.alert_level() == "GREEN");
    CHECK(v.branches(0).state() == "审查中");
    CHECK(v.branches(0).deadline_date() == "2026-10-09");  // its 4th day: Fri 9 Oct
  }

  c.run("2026-10-08T10:00:00+08:00", std::string(kMarketReviewer) + R"(record_inspection {
          step_id: "on_site" inspectors: ["王五", "赵六"] findings: "后厨布局合理" passed: true })");
  c.run(
      "2026-10-09T11:00:00+08:00",
      std::string(kMarketReviewer) + R"(record_opinion { branch_id: "market" verdict: APPROVE })");
  {
    auto v = c.view("2026-10-09T11:00:00+08:00");
    CHECK(v.status() == v1::AWAITING_DECISION);
    CHECK(v.status_text() == "审查完毕，待决定");
    CHECK(v.branches(0).state() == "已同意");
    CHECK(v.working_days_left() == 1);
    CHECK(v.alert_level() == "GREEN");
    // K = 20% of 5 = 1: yellow from 00:00 of the last day, the worked Saturday.
    auto last_day = c.view("2026-10-10T09:00:00+08:00");
    CHECK(last_day.working_days_left() == 0);
    CHECK(last_day.alert_level() == "YELLOW");
    // Sun 11 is off; Mon 12 Oct is one day over, Tue 13 two.
    auto overdue = c.view("2026-10-12T09:00:00+08:00");
    CHECK(overdue.working_days_left() == -1);
    CHECK(overdue.alert_level() == "RED");
    CHECK(c.view("2026-10-13T09:00:00+08:00").working_days_left() == -2);
  }

  c.run("2026-10-13T10:00:00+08:00", std::string(kApprover) + R"(make_decision {
          verdict: APPROVE reasons: "材料齐全，符合法定条件" })");
  {
    // Decided two days late: the stopped clock stays red at -2.
    auto v = c.view("2026-11-02T10:00:00+08:00");
    CHECK(v.status() == v1::AWAITING_SEAL);
    CHECK(v.status_text() == "准予许可，待制证");
    CHECK(v.working_days_left() == -2);
    CHECK(v.alert_level() == "RED");
    CHECK(v.next_action().empty());
  }

  c.run("2026-10-13T15:00:00+08:00",
        std::string(kApprover) + R"(seal { certificate_no: "JY14201000000001" })");
  {
    auto v = c.view("2026-10-13T15:00:00+08:00");
    CHECK(v.status() == v1::AWAITING_DELIVERY);
    CHECK(v.status_text() == "准予许可，已制证，待送达");
    CHECK(v.next_action() == "许可证件已制发，可到受理窗口领取");
  }

  c.run("2026-10-14T10:00:00+08:00", std::string(kClerk) + R"(deliver { method: "window" })");
  auto v = c.view("2026-10-14T10:00:00+08:00");
  CHECK(v.status() == v1::CLOSED);
  CHECK(v.status_text() == "已办结（准予许可）");
  CHECK(v.next_action().empty());
  CHECK(v.applicant() == "张*三");
  CHECK(timeline(v) == Timeline{
                           {"2026-09-23T14:00:00+08:00", "已收到补正材料"},
                           {"2026-09-24T10:00:00+08:00", "已受理"},
                           {"2026-09-29T16:00:00+08:00",
                            "卫生健康委员会（餐饮服务卫生条件审查）审查意见：同意（附条件）"},
                           {"2026-09-30T10:00:00+08:00",
                            "因检测暂停计算审批时限，预计需3个工作日，所需时间不计入审批时限"},
                           {"2026-10-08T09:00:00+08:00", "检测结束，恢复计算审批时限"},
                           {"2026-10-08T10:00:00+08:00", "已完成经营场所现场核查"},
                           {"2026-10-09T11:00:00+08:00",
                            "市场监督管理局（食品经营条件审查及现场核查）审查意见：同意"},
                           {"2026-10-13T10:00:00+08:00", "作出准予许可决定"},
                           {"2026-10-13T15:00:00+08:00", "已加盖行政审批专用章，制发许可证件"},
                           {"2026-10-14T10:00:00+08:00", "已送达，办结"},
                       });
}

TEST_CASE("progress of a deemed acceptance starts from the receipt and may open overdue",
          "[progress]") {
  Case c(kFoodLicence);
  c.run("2026-09-21T09:30:00+08:00", submission(kPerson, kAllMaterials));
  // Intake due at 24:00 of the 5th working day: 22(1) 23(2) 24(3), 25-27 off, 28(4) 29(5).
  c.run("2026-09-30T00:00:00+08:00", std::string(kSystem) + "deem_accepted {}");
  auto v = c.view("2026-09-30T00:00:00+08:00");
  CHECK(v.accepted_at() == "2026-09-21T09:30:00+08:00");
  REQUIRE(v.timeline_size() == 2);
  CHECK(v.timeline(0).text() == "已收到申请材料");
  CHECK(v.timeline(1).at() == "2026-09-21T09:30:00+08:00");
  CHECK_THAT(v.timeline(1).text(), Catch::StartsWith("视为受理") && Catch::Contains("5个工作日"));
  // The promise of 5 counted from Mon 21 Sep ran out with Tue 29 Sep; Wed 30 is day 6.
  CHECK(v.deadline_date() == "2026-09-29");
  CHECK(v.working_days_left() == -1);
  CHECK(v.alert_level() == "RED");
}

TEST_CASE("progress after acceptance with deficiencies, then a refusal", "[progress]") {
  Case c(kFoodLicence);
  c.run("2026-09-21T09:30:00+08:00", submission(kPerson, kKeyMaterials));
  c.run("2026-09-22T10:00:00+08:00", std::string(kClerk) + R"(accept {
          mode: WITH_DEFICIENCIES missing_materials: ["safety_rules", "staff_health"] })");
  {
    auto v = c.view("2026-09-22T10:00:00+08:00");
    CHECK(v.status_text() == "审查中");
    CHECK(v.next_action() ==
          std::string("请在审批决定作出前补交以下材料：") + kSafetyRules + "；" + kStaffHealth);
    CHECK(v.missing_materials_size() == 2);
    CHECK_THAT(v.timeline(1).text(), Catch::StartsWith("已容缺受理"));
  }
  c.run("2026-09-23T10:00:00+08:00",
        std::string(kApplicant) + R"(provide_supplement { materials: ["staff_health"] })");
  {
    auto v = c.view("2026-09-23T10:00:00+08:00");
    CHECK(v.next_action() == std::string("请在审批决定作出前补交以下材料：") + kSafetyRules);
    CHECK(v.received_at() == "2026-09-21T09:30:00+08:00");  // owed materials are not a receipt
  }
  c.run(
      "2026-09-23T11:00:00+08:00",
      std::string(kHealthReviewer) + R"(record_opinion { branch_id: "health" verdict: APPROVE })");
  c.run("2026-09-24T11:00:00+08:00", std::string(kMarketReviewer) + R"(record_opinion {
          branch_id: "market" verdict: DENY reasons: "不符合食品经营条件" })");
  {
    auto v = c.view("2026-09-24T11:00:00+08:00");
    CHECK(v.branches(0).state() == "不同意");
    CHECK(v.timeline(v.timeline_size() - 1).text() ==
          "市场监督管理局（食品经营条件审查及现场核查）审查意见：不同意");
  }
  c.run("2026-09-24T15:00:00+08:00", std::string(kApprover) + R"(make_decision {
          verdict: DENY reasons: "不符合食品经营条件" remedies: "可申请行政复议或提起行政诉讼" })");
  auto v = c.view("2026-09-24T15:00:00+08:00");
  CHECK(v.status() == v1::AWAITING_DELIVERY);
  CHECK(v.status_text() == "不予许可，待送达");
  CHECK(v.next_action() == "不予许可决定书已作出，可到受理窗口领取");
  CHECK(v.missing_materials().empty());  // nothing is owed after the decision
  CHECK(v.timeline(v.timeline_size() - 1).text() == "作出不予许可决定");
}

TEST_CASE("progress of a withdrawal during a pause", "[progress]") {
  Case c(kFoodLicence);
  c.run("2026-09-21T09:30:00+08:00", submission(kPerson, kAllMaterials));
  c.run("2026-09-21T10:00:00+08:00", std::string(kClerk) + "accept { mode: COMPLETE }");
  c.run("2026-09-22T10:00:00+08:00", std::string(kApprover) + R"(pause_clock {
          reason: PAUSE_REASON_INSPECTION expected_working_days: 2 })");
  c.run("2026-09-23T10:00:00+08:00",
        std::string(kApplicant) + R"(withdraw { reason: "申请人另有安排" })");
  auto v = c.view("2026-09-30T10:00:00+08:00");
  CHECK(v.status_text() == "已办结（申请已撤回）");
  CHECK_FALSE(v.paused());
  CHECK(v.working_days_left() == 4);  // Tue 22 Sep counted before the pause
  CHECK(v.branches(0).state() == "已终止");
  CHECK(timeline(v) == Timeline{{"2026-09-21T09:30:00+08:00", "已收到申请材料"},
                                {"2026-09-21T10:00:00+08:00", "已受理"},
                                {"2026-09-22T10:00:00+08:00",
                                 "因检验暂停计算审批时限，预计需2个工作日，所需时间不计入审批时限"},
                                {"2026-09-23T10:00:00+08:00", "申请已撤回，办结"}});
}

TEST_CASE("progress shows an organisation whole and where to apply after an intake refusal",
          "[progress]") {
  Case c(kFoodLicence);
  c.run("2026-09-21T09:30:00+08:00", submission(kOrganisation, kAllMaterials));
  CHECK(c.view("2026-09-21T09:30:00+08:00").applicant() == "武汉市示例餐饮有限公司");
  c.run("2026-09-21T11:00:00+08:00", std::string(kClerk) + R"(reject_intake {
          reason: "经营场所不在本辖区" competent_authority: "武汉市江岸区行政审批局" })");
  auto v = c.view("2026-09-21T11:00:00+08:00");
  CHECK(v.status() == v1::CLOSED);
  CHECK(v.status_text() == "已办结（不予受理）");
  CHECK(v.next_action() == "请向武汉市江岸区行政审批局提出申请");
  CHECK(timeline(v) == Timeline{{"2026-09-21T09:30:00+08:00", "已收到申请材料"},
                                {"2026-09-21T11:00:00+08:00", "决定不予受理，办结"}});
}

// The server keeps rendered progress answers per case version and bureau day
// (engine/http/progress_answers.h): that is exact only while the view depends on the time
// through its day alone. Random cases of every item, each state viewed at instants spread over
// days before, during and long after its events.
TEST_CASE("progress at any instant of a bureau day is the view of that day", "[progress]") {
  std::mt19937_64 rng(20261128);
  int compared = 0;
  for (const auto& [code, item] : fixtures::catalogue().items) {
    for (int n = 0; n < 40; ++n) {
      testing::RandomCase gen(item, rng);
      v1::CaseState state;
      Instant now = *parse_instant("2025-12-01T09:00:00+08:00") + std::chrono::hours{24 * int(rng() % 300)};
      for (int step = 0; step < 30 && state.status() != v1::CLOSED; ++step) {
        now = gen.next_time(now);
        if (!execute(item, &state, gen.next_command(state), now, fixtures::calendar()).ok()) continue;
        for (int k = 0; k < 4; ++k) {
          const Date day = bureau_date(now) + std::chrono::days{int(rng() % 80) - 5};
          const v1::Progress first =
              progress_view(state, fixtures::catalogue(), fixtures::calendar(), start_of(day));
          for (const Instant at : {start_of(day) + std::chrono::seconds{1 + rng() % 86398},
                                   end_of(day) - std::chrono::seconds{1}}) {
            INFO(code << " step " << step << " at " << format_instant(at));
            REQUIRE(google::protobuf::util::MessageDifferencer::Equals(
                first, progress_view(state, fixtures::catalogue(), fixtures::calendar(), at)));
            ++compared;
          }
        }
      }
    }
  }
  CHECK(compared > 1000);
}
