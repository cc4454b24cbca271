// Builds the public progress view from a case state: the wording (all of it at the top), the
// timeline of what the state records with a time, the branches, and the applicant's next step.
#include "engine/progress.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/decide.h"
#include "engine/masking.h"

namespace oneseal {

namespace {

// ---- Wording: every plain-Chinese text of the view. ----

struct StatusText {
  v1::CaseStatus status;
  v1::Outcome outcome;  // OUTCOME_UNSPECIFIED: whatever the outcome
  const char* text;
};

constexpr StatusText kStatusTexts[] = {
    {v1::SUBMITTED, v1::OUTCOME_UNSPECIFIED, "已提交，待受理"},
    {v1::AWAITING_SUPPLEMENT, v1::OUTCOME_UNSPECIFIED, "待补正材料"},
    {v1::IN_REVIEW, v1::OUTCOME_UNSPECIFIED, "审查中"},
    {v1::AWAITING_DECISION, v1::OUTCOME_UNSPECIFIED, "审查完毕，待决定"},
    {v1::AWAITING_SEAL, v1::OUTCOME_UNSPECIFIED, "准予许可，待制证"},
    {v1::AWAITING_DELIVERY, v1::GRANTED, "准予许可，已制证，待送达"},
    {v1::AWAITING_DELIVERY, v1::REFUSED, "不予许可，待送达"},
    {v1::CLOSED, v1::GRANTED, "已办结（准予许可）"},
    {v1::CLOSED, v1::REFUSED, "已办结（不予许可）"},
    {v1::CLOSED, v1::INTAKE_REJECTED, "已办结（不予受理）"},
    {v1::CLOSED, v1::WITHDRAWN, "已办结（申请已撤回）"},
};

const char* status_text(const v1::CaseState& s) {
  for (const StatusText& row : kStatusTexts) {
    if (row.status == s.status() &&
        (row.outcome == v1::OUTCOME_UNSPECIFIED || row.outcome == s.outcome())) {
      return row.text;
    }
  }
  return "";
}

constexpr const char* kReceived = "已收到申请材料";
constexpr const char* kSupplementReceived = "已收到补正材料";
constexpr const char* kSupplementRequested = "已一次性告知需补正的材料";
constexpr const char* kSealed = "已加盖行政审批专用章，制发许可证件";
constexpr const char* kInspectionDone = "已完成";       // + the step's name
constexpr const char* kInspectionDefault = "现场核查";  // when the item is unknown
constexpr const char* kOpinion = "审查意见：";          // after the department's name

constexpr const char* kSupplementAction = "请一次性补正以下材料：";
constexpr const char* kDeficiencyAction = "请在审批决定作出前补交以下材料：";
constexpr const char* kMaterialSeparator = "；";  // names themselves contain "、"
constexpr const char* kLicenceReady = "许可证件已制发，可到受理窗口领取";
constexpr const char* kRefusalReady = "不予许可决定书已作出，可到受理窗口领取";

std::string accept_text(v1::AcceptMode mode) {
  switch (mode) {
    case v1::DEEMED:
      return "视为受理：未在收到申请材料之日起" + std::to_string(kIntakeWorkingDays) +
             "个工作日内作出受理决定，依法自收到申请材料之日起即为受理";
    case v1::WITH_DEFICIENCIES:
      return "已容缺受理，尚缺材料须在审批决定作出前补交";
    case v1::PLEDGE:
      return "已受理（告知承诺制）";
    default:
      return "已受理";
  }
}

const char* pause_reason_text(v1::PauseReason reason) {
  switch (reason) {
    case v1::PAUSE_REASON_HEARING:
      return "听证";
    case v1::PAUSE_REASON_TENDERING:
      return "招标";
    case v1::PAUSE_REASON_AUCTION:
      return "拍卖";
    case v1::PAUSE_REASON_INSPECTION:
      return "检验";
    case v1::PAUSE_REASON_TESTING:
      return "检测";
    case v1::PAUSE_REASON_QUARANTINE:
      return "检疫";
    case v1::PAUSE_REASON_APPRAISAL:
      return "鉴定";
    case v1::PAUSE_REASON_EXPERT_REVIEW:
      return "专家评审";
    default:
      return "法定程序";
  }
}

std::string pause_text(const v1::Pause& p) {
  return std::string("因") + pause_reason_text(p.reason()) + "暂停计算审批时限，预计需" +
         std::to_string(p.expected_working_days()) + "个工作日，所需时间不计入审批时限";
}

std::string resume_text(const v1::Pause& p) {
  return std::string(pause_reason_text(p.reason())) + "结束，恢复计算审批时限";
}

const char* verdict_text(v1::Verdict verdict) {
  switch (verdict) {
    case v1::APPROVE:
      return "同意";
    case v1::APPROVE_WITH_CONDITIONS:
      return "同意（附条件）";
    default:
      return "不同意";
  }
}

const char* decision_text(v1::Verdict decision) {
  return decision == v1::APPROVE ? "作出准予许可决定" : "作出不予许可决定";
}

const char* closed_text(v1::Outcome outcome) {
  switch (outcome) {
    case v1::INTAKE_REJECTED:
      return "决定不予受理，办结";
    case v1::WITHDRAWN:
      return "申请已撤回，办结";
    default:
      return "已送达，办结";
  }
}

// A branch as the applicant sees it; conditions and reasons stay inside the bureau.
const char* branch_state_text(const v1::BranchState& b, const ClockReader& clock) {
  switch (b.verdict()) {
    case v1::APPROVE:
    case v1::APPROVE_WITH_CONDITIONS:
      return "已同意";
    case v1::DENY:
      return "不同意";
    default:
      if (clock.paused()) return "暂停";
      // Stopped without an opinion: the case was withdrawn.
      if (clock.stopped()) return "已终止";
      return "审查中";
  }
}

std::string intake_rejected_action(const std::string& competent_authority) {
  return "请向" + competent_authority + "提出申请";
}

// ---- Names from the catalogue; the code itself when the catalogue no longer has it. ----

std::string department_name(const Catalogue& catalogue, const std::string& code) {
  auto it = catalogue.departments.find(code);
  return it == catalogue.departments.end() ? code : it->second.name();
}

std::string material_name(const v1::ItemDefinition* item, const std::string& id) {
  if (item) {
    for (const auto& m : item->material()) {
      if (m.id() == id) return m.name();
    }
  }
  return id;
}

std::string step_name(const v1::ItemDefinition* item, const std::string& id) {
  if (item) {
    for (const auto& s : item->step()) {
      if (s.id() == id) return s.name();
    }
  }
  return kInspectionDefault;
}

// A person's name is personal data and is masked; an organisation's name is public (it is on
// its business licence), so it is shown whole. An unknown kind is treated as a person.
std::string shown_applicant(const v1::Applicant& a) {
  return a.kind() == v1::ORGANISATION ? a.name() : mask_name(a.name());
}

// The instant a limit ending on `d` has run out, shown as the last second of that day.
std::string end_of_day_text(Date d) { return format_instant(end_of(d) - std::chrono::seconds{1}); }

// ---- The timeline. ----

struct TimelineStep {
  Instant at;
  std::string text;
};

// received_at is when the last materials came in: after a requested supplement was handed
// in (the case is back in SUBMITTED, or was accepted since) it is the supplement's time. A
// case closed unaccepted may have been either way, so it gets the wording true of both.
bool supplement_received(const v1::CaseState& s) {
  return s.supplement_requested() && (s.status() == v1::SUBMITTED || s.has_accepted_at());
}

// Only what the state records with a time. It keeps no time for an extension, nor for the
// first receipt and the supplement request once the supplement is in, so those are left out.
std::vector<TimelineStep> timeline(const v1::CaseState& s, const v1::ItemDefinition* item,
                                   const Catalogue& catalogue) {
  std::vector<TimelineStep> steps;
  auto add = [&](const google::protobuf::Timestamp& at, std::string text) {
    steps.push_back({from_proto(at), std::move(text)});
  };
  if (s.has_received_at())
    add(s.received_at(), supplement_received(s) ? kSupplementReceived : kReceived);
  // Nothing else can happen to a case that awaits a supplement: its last event is the request.
  if (s.status() == v1::AWAITING_SUPPLEMENT) add(s.updated_at(), kSupplementRequested);
  if (s.has_accepted_at()) add(s.accepted_at(), accept_text(s.accept_mode()));

  // A pause applies to every running clock; the promised one runs whenever a pause can start.
  const v1::Clock& promised = s.promised_clock();
  for (const v1::Pause& p : promised.pause()) {
    add(p.started_at(), pause_text(p));
    // A pause still open when the case closed was ended by the closing, not resumed.
    const bool ended_by_stop =
        promised.has_stopped_at() && from_proto(p.ended_at()) == from_proto(promised.stopped_at());
    if (p.has_ended_at() && !ended_by_stop) add(p.ended_at(), resume_text(p));
  }
  for (const v1::BranchState& b : s.branch()) {
    if (b.verdict() == v1::VERDICT_UNSPECIFIED || !b.clock().has_stopped_at()) continue;
    add(b.clock().stopped_at(), department_name(catalogue, b.department()) + "（" + b.name() +
                                    "）" + kOpinion + verdict_text(b.verdict()));
  }
  for (const v1::Inspection& i : s.inspection()) {
    add(i.at(), kInspectionDone + step_name(item, i.step_id()));
  }
  if (s.has_decided_at()) add(s.decided_at(), decision_text(s.decision()));
  if (s.has_sealed_at()) add(s.sealed_at(), kSealed);
  if (s.has_closed_at()) add(s.closed_at(), closed_text(s.outcome()));

  // Stable: a deemed acceptance shares its instant with the receipt and follows it.
  std::stable_sort(steps.begin(), steps.end(),
                   [](const TimelineStep& a, const TimelineStep& b) { return a.at < b.at; });
  return steps;
}

// ---- What the applicant must do now. ----

void set_next_action(const v1::CaseState& s, const v1::ItemDefinition* item, v1::Progress* view) {
  const bool supplement = s.status() == v1::AWAITING_SUPPLEMENT;
  // 容缺受理: the materials pledged at acceptance are owed until the decision.
  const bool deficiencies = (s.status() == v1::IN_REVIEW || s.status() == v1::AWAITING_DECISION) &&
                            s.outstanding_materials_size() > 0;
  if (supplement || deficiencies) {
    std::string list;
    for (const auto& id : supplement ? s.missing_materials() : s.outstanding_materials()) {
      const std::string name = material_name(item, id);
      view->add_missing_materials(name);
      list += (list.empty() ? "" : kMaterialSeparator) + name;
    }
    view->set_next_action((supplement ? kSupplementAction : kDeficiencyAction) + list);
  } else if (s.status() == v1::AWAITING_DELIVERY) {
    view->set_next_action(s.outcome() == v1::GRANTED ? kLicenceReady : kRefusalReady);
  } else if (s.outcome() == v1::INTAKE_REJECTED && !s.competent_authority().empty()) {
    // Art. 32: a refusal at intake tells the applicant where to apply instead.
    view->set_next_action(intake_rejected_action(s.competent_authority()));
  }
}

}  // namespace

v1::Progress progress_view(const v1::CaseState& state, const Catalogue& catalogue,
                           const Calendar& calendar, Instant now) {
  const v1::ItemDefinition* item = catalogue.find(state.item_code());
  v1::Progress view;
  view.set_case_no(state.id());
  view.set_item_name(item ? item->name() : state.item_code());
  view.set_applicant(shown_applicant(state.applicant()));
  view.set_status(state.status());
  view.set_status_text(status_text(state));
  if (state.has_received_at())
    view.set_received_at(format_instant(from_proto(state.received_at())));
  if (state.has_accepted_at())
    view.set_accepted_at(format_instant(from_proto(state.accepted_at())));

  if (state.promised_clock().has_started_at()) {
    const ClockReader promised(state.promised_clock(), calendar);
    if (auto deadline = promised.deadline()) {
      view.set_deadline(end_of_day_text(deadline->date));
      view.set_deadline_date(format_date(deadline->date));
    }
    view.set_working_days_left(promised.remaining(now));
    view.set_alert_level(alert_level_name(promised.level(now)));
    view.set_paused(promised.paused());
  }

  for (const TimelineStep& step : timeline(state, item, catalogue)) {
    auto* out = view.add_timeline();
    out->set_at(format_instant(step.at));
    out->set_text(step.text);
  }

  for (const v1::BranchState& b : state.branch()) {
    const ClockReader clock(b.clock(), calendar);
    auto* out = view.add_branches();
    out->set_name(b.name());
    out->set_department(department_name(catalogue, b.department()));
    out->set_state(branch_state_text(b, clock));
    if (auto deadline = clock.deadline()) out->set_deadline_date(format_date(deadline->date));
  }

  set_next_action(state, item, &view);
  return view;
}

}  // namespace oneseal
