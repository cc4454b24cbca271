// The end of a case: the decision (art. 38, 42), the one seal, delivery (art. 44), and the
// applicant's withdrawal before the decision.
#include "engine/clock.h"
#include "engine/decider.h"
#include "engine/roles.h"

namespace oneseal {

Status Decider::make_decision(const v1::MakeDecision& c) {
  if (Status s = check_role_for_kind(v1::DECISION, v1::APPROVER, "decide"); !s.ok()) return s;
  if (Status s = require_status({v1::AWAITING_DECISION}, "decide"); !s.ok()) return s;
  const v1::Stage& st = *current_stage();
  if (Status s = check_role(actor_, st.performed_by(), {v1::APPROVER}, "decide"); !s.ok()) return s;
  if (Status s = require_running_clock("decide"); !s.ok()) return s;
  if (c.reasons().empty())
    return Status::invalid_argument("reasons", "a decision needs its reasons");
  switch (c.verdict()) {
    case v1::APPROVE:
      if (state_.refusal_binding()) {
        return Status::failed_precondition(
            "a review branch denied and this item's join rule binds: "
            "only a refusal may follow");
      }
      if (state_.outstanding_materials_size() > 0) {
        return Status::failed_precondition(
            "materials promised at acceptance are still owed: " + state_.outstanding_materials(0) +
            (state_.outstanding_materials_size() > 1 ? ", ..." : ""));
      }
      break;
    case v1::DENY:
      if (c.remedies().empty()) {
        return Status::invalid_argument(
            "remedies",
            "a refusal must tell the applicant of reconsideration and litigation (art. 38)");
      }
      break;
    default:
      return Status::invalid_argument("verdict",
                                      "the decision is APPROVE (grant) or DENY (refuse)");
  }
  auto* e = add_event().mutable_decision_made();
  e->set_verdict(c.verdict());
  e->set_reasons(c.reasons());
  e->set_remedies(c.remedies());
  if (c.verdict() == v1::APPROVE) e->set_delivery_limit_working_days(kDeliveryWorkingDays);
  // Recorded with the decision, so that statistics of late decisions never change afterwards.
  e->set_late(ClockReader(state_.promised_clock(), calendar_).level(now_) == AlertLevel::kRed);
  start_stage(c.verdict() == v1::APPROVE ? st.next() : st.on_refuse());
  return Status();
}

Status Decider::seal(const v1::Seal& c) {
  if (Status s = check_role_for_kind(v1::SEAL, v1::APPROVER, "apply the approval seal"); !s.ok()) return s;
  if (Status s = require_status({v1::AWAITING_SEAL}, "seal"); !s.ok()) return s;
  const v1::Stage& st = *current_stage();
  if (Status s = check_role(actor_, st.performed_by(), {v1::APPROVER}, "apply the approval seal");
      !s.ok())
    return s;
  if (c.certificate_no().empty()) {
    return Status::invalid_argument("certificate_no",
                                    "the licence's certificate number is missing");
  }
  add_event().mutable_case_sealed()->set_certificate_no(c.certificate_no());
  start_stage(st.next());
  return Status();
}

Status Decider::deliver(const v1::Deliver& c) {
  if (Status s = check_role_for_kind(v1::DELIVERY, v1::CLERK, "deliver a decision"); !s.ok()) return s;
  if (Status s = require_status({v1::AWAITING_DELIVERY}, "deliver"); !s.ok()) return s;
  const v1::Stage& st = *current_stage();
  if (Status s = check_role(actor_, st.performed_by(), {v1::CLERK}, "deliver a decision"); !s.ok())
    return s;
  if (c.method().empty())
    return Status::invalid_argument("method",
                                    "say how it was delivered (window, post, electronic)");
  auto* e = add_event().mutable_case_delivered();
  e->set_method(c.method());
  e->set_note(c.note());
  return Status();
}

Status Decider::withdraw(const v1::Withdraw& c) {
  if (Status s = check_role(actor_, {v1::APPLICANT, v1::CLERK}, "withdraw an application"); !s.ok())
    return s;
  if (Status s = require_status(
          {v1::SUBMITTED, v1::AWAITING_SUPPLEMENT, v1::IN_REVIEW, v1::AWAITING_DECISION},
          "withdraw");
      !s.ok()) {
    return s;
  }
  add_event().mutable_case_withdrawn()->set_reason(c.reason());
  return Status();
}

}  // namespace oneseal
