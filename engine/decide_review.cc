// Review: department opinions on their own branches and the join, on-site inspection,
// clock pauses for the art. 45 procedures, and the one extension (art. 42).
#include <algorithm>

#include "engine/clock.h"
#include "engine/decider.h"
#include "engine/roles.h"

namespace oneseal {

namespace {

// The optional step that an art. 45 pause reason stands for, if any.
v1::StepKind step_kind_of(v1::PauseReason reason) {
  switch (reason) {
    case v1::PAUSE_REASON_HEARING:
      return v1::HEARING;
    case v1::PAUSE_REASON_EXPERT_REVIEW:
      return v1::EXPERT_REVIEW;
    default:
      return v1::STEP_KIND_UNSPECIFIED;
  }
}

}  // namespace

Status Decider::record_opinion(const v1::RecordOpinion& c) {
  if (Status s = check_role_for_kind(v1::REVIEW, v1::REVIEWER, "record a review opinion"); !s.ok()) return s;
  if (Status s = require_status({v1::IN_REVIEW}, "record an opinion on"); !s.ok()) return s;
  const v1::Stage& st = *current_stage();
  if (Status s = check_role(actor_, st.performed_by(), {v1::REVIEWER}, "record a review opinion");
      !s.ok())
    return s;
  const v1::BranchState* branch = nullptr;
  int open_branches = 0;
  bool denied = false;
  for (const auto& b : state_.branch()) {
    if (b.stage_id() != st.id()) continue;
    if (b.id() == c.branch_id()) branch = &b;
    open_branches += b.verdict() == v1::VERDICT_UNSPECIFIED;
    denied |= b.verdict() == v1::DENY;
  }
  if (!branch) {
    return Status::invalid_argument(
        "branch_id", "branch '" + c.branch_id() + "' is not under review in stage " + st.id());
  }
  if (actor_.role() == v1::REVIEWER && actor_.department() != branch->department()) {
    return Status::permission_denied("a reviewer of department '" + actor_.department() +
                                     "' may not record an opinion on branch " + branch->id() +
                                     " of department '" + branch->department() + "'");
  }
  if (branch->verdict() != v1::VERDICT_UNSPECIFIED) {
    return Status::failed_precondition("branch " + branch->id() + " already has its opinion");
  }
  if (Status s = require_running_clock("record an opinion"); !s.ok()) return s;
  switch (c.verdict()) {
    case v1::APPROVE:
      break;
    case v1::APPROVE_WITH_CONDITIONS:
      if (c.conditions().empty())
        return Status::invalid_argument("conditions", "say which conditions apply");
      break;
    case v1::DENY:
      if (c.reasons().empty())
        return Status::invalid_argument("reasons", "a deny needs its reasons");
      break;
    default:
      return Status::invalid_argument("verdict",
                                      "the verdict is APPROVE, APPROVE_WITH_CONDITIONS or DENY");
  }
  auto* o = add_event().mutable_opinion_recorded();
  o->set_branch_id(c.branch_id());
  o->set_verdict(c.verdict());
  o->set_reasons(c.reasons());
  o->set_conditions(c.conditions());
  if (open_branches > 1) return Status();

  // The last opinion joins the stage.
  denied |= c.verdict() == v1::DENY;
  const bool binding = denied && st.join_rule() == v1::DENY_BINDS;
  auto* done = add_event().mutable_stage_completed();
  done->set_stage_id(st.id());
  done->set_refusal_proposed(denied);
  done->set_refusal_binding(binding);
  start_stage(binding && !st.on_deny().empty() ? st.on_deny() : st.next());
  return Status();
}

Status Decider::record_inspection(const v1::RecordInspection& c) {
  if (Status s = require_status({v1::IN_REVIEW}, "record an inspection on"); !s.ok()) return s;
  const v1::Stage& st = *current_stage();
  const v1::OptionalStep* inspection = step(c.step_id());
  const bool in_stage =
      std::find(st.steps().begin(), st.steps().end(), c.step_id()) != st.steps().end();
  if (!inspection || !in_stage || inspection->kind() != v1::ON_SITE_INSPECTION) {
    return Status::invalid_argument(
        "step_id", "'" + c.step_id() + "' is not an on-site inspection of stage " + st.id());
  }
  if (Status s =
          check_role(actor_, inspection->performed_by(), {v1::REVIEWER}, "record an inspection");
      !s.ok()) {
    return s;
  }
  if (Status s = require_reviewing_department("record an inspection"); !s.ok()) return s;
  std::set<std::string> inspectors;
  for (const auto& name : c.inspectors()) {
    if (name.empty()) return Status::invalid_argument("inspectors", "an inspector's name is empty");
    inspectors.insert(name);
  }
  const int needed = std::max(2, inspection->min_staff());
  if (int(inspectors.size()) < needed) {
    return Status::invalid_argument("inspectors", "an on-site inspection needs at least " +
                                                      std::to_string(needed) +
                                                      " different staff (art. 34)");
  }
  if (c.findings().empty())
    return Status::invalid_argument("findings", "record what the inspection found");
  auto* e = add_event().mutable_inspection_recorded();
  e->set_step_id(c.step_id());
  *e->mutable_inspectors() = c.inspectors();
  e->set_findings(c.findings());
  e->set_passed(c.passed());
  return Status();
}

// Who may pause and resume the clock: an approver, or a reviewer whose department reviews in
// the current stage, while the case is being reviewed or awaits its decision.
Status Decider::require_clock_keeper(const std::string& action) const {
  if (Status s = check_role(actor_, {v1::REVIEWER, v1::APPROVER}, action); !s.ok()) return s;
  if (Status s = require_status({v1::IN_REVIEW, v1::AWAITING_DECISION}, action + " of"); !s.ok()) return s;
  return require_reviewing_department(action);
}

Status Decider::pause_clock(const v1::PauseClock& c) {
  if (Status s = require_clock_keeper("pause the clock"); !s.ok()) return s;
  if (ClockReader(state_.promised_clock(), calendar_).paused()) {
    return Status::failed_precondition("the clock is already paused");
  }
  if (c.reason() == v1::PAUSE_REASON_UNSPECIFIED || !v1::PauseReason_IsValid(c.reason())) {
    return Status::invalid_argument("reason",
                                    "the reason must be one of the procedures of art. 45");
  }
  if (const v1::StepKind kind = step_kind_of(c.reason()); kind != v1::STEP_KIND_UNSPECIFIED) {
    // Hearings and expert reviews are steps the item provides for: during a review, in the
    // current stage's steps; before the decision, anywhere in the item.
    bool declared = false;
    for (const auto& s : item_.step()) {
      const v1::Stage& st = *current_stage();
      const bool in_stage =
          std::find(st.steps().begin(), st.steps().end(), s.id()) != st.steps().end();
      declared |= s.kind() == kind && (state_.status() == v1::AWAITING_DECISION || in_stage);
    }
    if (!declared) {
      return Status::invalid_argument("reason", "no " + v1::StepKind_Name(kind) +
                                                    " step is provided for in stage " +
                                                    state_.stage_id());
    }
  }
  if (c.expected_working_days() <= 0) {
    return Status::invalid_argument(
        "expected_working_days",
        "tell the applicant how many working days the procedure needs (art. 45)");
  }
  auto* e = add_event().mutable_clock_paused();
  e->set_reason(c.reason());
  e->set_expected_working_days(c.expected_working_days());
  e->set_note(c.note());
  return Status();
}

Status Decider::resume_clock(const v1::ResumeClock& c) {
  if (Status s = require_clock_keeper("resume the clock"); !s.ok()) return s;
  if (!ClockReader(state_.promised_clock(), calendar_).paused()) {
    return Status::failed_precondition("the clock is not paused");
  }
  add_event().mutable_clock_resumed()->set_note(c.note());
  return Status();
}

Status Decider::extend(const v1::Extend& c) {
  if (Status s = check_role(actor_, {v1::APPROVER}, "extend the time limit"); !s.ok()) return s;
  if (Status s = require_status({v1::IN_REVIEW, v1::AWAITING_DECISION}, "extend the limit of");
      !s.ok())
    return s;
  if (state_.extended())
    return Status::failed_precondition("the limit was already extended once (art. 42)");
  const int most = item_.extension_working_days();
  if (most <= 0) return Status::failed_precondition("this item's limit cannot be extended");
  // Art. 42: the head of the organ extends a limit that cannot be kept, before it runs out.
  const ClockReader statutory(state_.statutory_clock(), calendar_);
  if (statutory.level(now_) == AlertLevel::kRed) {
    return Status::failed_precondition("the statutory limit ran out on " +
                                       format_date(statutory.deadline()->date) +
                                       ": an extension must be granted within it (art. 42)");
  }
  if (c.working_days() <= 0 || c.working_days() > most) {
    return Status::invalid_argument(
        "working_days", "an extension is 1 to " + std::to_string(most) + " working days");
  }
  if (c.reason().empty()) {
    return Status::invalid_argument(
        "reason", "the applicant must be told why the limit is extended (art. 42)");
  }
  auto* e = add_event().mutable_limit_extended();
  e->set_working_days(c.working_days());
  e->set_reason(c.reason());
  return Status();
}

}  // namespace oneseal
