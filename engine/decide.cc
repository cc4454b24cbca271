#include "engine/decide.h"

#include <map>

#include "engine/apply.h"
#include "engine/clock.h"
#include "engine/decider.h"
#include "engine/roles.h"

namespace oneseal {

Instant intake_due(const v1::CaseState& state, const Calendar& calendar) {
  return end_of(
      calendar.add_working_days(bureau_date(from_proto(state.received_at())), kIntakeWorkingDays));
}

std::vector<std::string> allowed_commands(const v1::CaseState& state) {
  static const std::map<v1::CaseStatus, std::vector<std::string>> kByStatus = {
      {v1::CASE_STATUS_UNSPECIFIED, {"submit"}},
      {v1::SUBMITTED,
       {"accept", "reject_intake", "request_supplement", "deem_accepted", "withdraw"}},
      {v1::AWAITING_SUPPLEMENT, {"provide_supplement", "reject_intake", "withdraw"}},
      {v1::IN_REVIEW,
       {"record_opinion", "record_inspection", "pause_clock", "resume_clock", "extend",
        "provide_supplement", "withdraw"}},
      {v1::AWAITING_DECISION,
       {"make_decision", "pause_clock", "resume_clock", "extend", "provide_supplement",
        "withdraw"}},
      {v1::AWAITING_SEAL, {"seal"}},
      {v1::AWAITING_DELIVERY, {"deliver"}},
      {v1::CLOSED, {}},
  };
  auto it = kByStatus.find(state.status());
  return it == kByStatus.end() ? std::vector<std::string>{} : it->second;
}

Result<std::vector<v1::Event>> decide(const v1::ItemDefinition& item, const v1::CaseState& state,
                                      const v1::Command& command, Instant now,
                                      const Calendar& calendar) {
  if (!is_supported(now))
    return Status::invalid_argument("now", "the time is out of the supported range");
  if (state.has_updated_at() && now < from_proto(state.updated_at())) {
    return Status::invalid_argument("now", "the time is before the case's last event at " +
                                               format_instant(from_proto(state.updated_at())));
  }
  if (command.actor().role() == v1::ROLE_UNSPECIFIED) {
    return Status::invalid_argument("actor.role", "the actor's role is missing");
  }
  if (state.version() > 0 && state.item_code() != item.code()) {
    return Status::internal("case " + state.id() + " runs on item " + state.item_code() + ", not " +
                            item.code());
  }
  // A clerk of another office learns nothing of the case, not even its state.
  if (state.version() > 0 && command.actor().role() == v1::CLERK && command.actor().office() != state.office()) {
    return Status::permission_denied("a clerk of office '" + command.actor().office() +
                                     "' may not act on a case received at office '" + state.office() + "'");
  }
  Decider d(item, state, command, now, calendar);
  Status status;
  using C = v1::Command;
  switch (command.body_case()) {
    case C::kSubmit:
      status = d.submit(command.submit());
      break;
    case C::kAccept:
      status = d.accept(command.accept());
      break;
    case C::kRejectIntake:
      status = d.reject_intake(command.reject_intake());
      break;
    case C::kRequestSupplement:
      status = d.request_supplement(command.request_supplement());
      break;
    case C::kProvideSupplement:
      status = d.provide_supplement(command.provide_supplement());
      break;
    case C::kDeemAccepted:
      status = d.deem_accepted();
      break;
    case C::kRecordOpinion:
      status = d.record_opinion(command.record_opinion());
      break;
    case C::kRecordInspection:
      status = d.record_inspection(command.record_inspection());
      break;
    case C::kPauseClock:
      status = d.pause_clock(command.pause_clock());
      break;
    case C::kResumeClock:
      status = d.resume_clock(command.resume_clock());
      break;
    case C::kExtend:
      status = d.extend(command.extend());
      break;
    case C::kMakeDecision:
      status = d.make_decision(command.make_decision());
      break;
    case C::kSeal:
      status = d.seal(command.seal());
      break;
    case C::kDeliver:
      status = d.deliver(command.deliver());
      break;
    case C::kWithdraw:
      status = d.withdraw(command.withdraw());
      break;
    case C::kRaiseAlert:
      status = d.raise_alert(command.raise_alert());
      break;
    case C::BODY_NOT_SET:
      return Status::invalid_argument("body", "the command is empty");
  }
  if (!status.ok()) return status;
  return std::move(d.events());
}

Result<std::vector<v1::Event>> execute(const v1::ItemDefinition& item, v1::CaseState* state,
                                       const v1::Command& command, Instant now,
                                       const Calendar& calendar) {
  auto events = decide(item, *state, command, now, calendar);
  if (events.ok()) {
    for (const auto& e : *events) apply(e, state);
  }
  return events;
}

// --- Checks and builders shared by the handlers ---

Status Decider::require_status(std::initializer_list<v1::CaseStatus> statuses,
                               const std::string& action) const {
  for (auto s : statuses) {
    if (state_.status() == s) return Status();
  }
  std::string allowed;
  for (const auto& name : allowed_commands(state_)) allowed += (allowed.empty() ? "" : ",") + name;
  const std::string status_name = v1::CaseStatus_Name(state_.status());
  return Status::failed_precondition("cannot " + action + " a case that is " + status_name)
      .with_detail("status", status_name)
      .with_detail("allowed", allowed);
}

Status Decider::check_role_for_kind(v1::StageKind kind, v1::Role usual, const std::string& action) const {
  google::protobuf::RepeatedField<int> roles;
  for (const auto& stage : item_.stage()) {
    if (stage.kind() != kind) continue;
    if (stage.performed_by().empty()) roles.Add(usual);
    roles.MergeFrom(stage.performed_by());
  }
  return check_role(actor_, roles, {usual}, action);
}

Status Decider::require_running_clock(const std::string& action) const {
  if (ClockReader(state_.promised_clock(), calendar_).paused()) {
    return Status::failed_precondition("cannot " + action +
                                       " while the clock is paused; resume it first");
  }
  return Status();
}

Status Decider::require_reviewing_department(const std::string& action) const {
  if (actor_.role() != v1::REVIEWER) return Status();
  for (const auto& b : state_.branch()) {
    if (b.stage_id() == state_.stage_id() && b.department() == actor_.department()) return Status();
  }
  return Status::permission_denied("a reviewer of department '" + actor_.department() +
                                   "' may not " + action +
                                   ": the department has no branch in the current stage");
}

v1::Event& Decider::add_event(Instant at) {
  v1::Event& e = events_.emplace_back();
  *e.mutable_at() = to_proto(at);
  *e.mutable_actor() = actor_;
  return e;
}

void Decider::accept_case(v1::AcceptMode mode, Instant accepted_at,
                          const std::vector<std::string>& outstanding, const std::string& note,
                          Instant event_at) {
  auto* a = add_event(event_at).mutable_case_accepted();
  a->set_mode(mode);
  *a->mutable_accepted_at() = to_proto(accepted_at);
  for (const auto& m : outstanding) a->add_outstanding_materials(m);
  a->set_promised_limit_working_days(item_.promised_limit_working_days());
  a->set_statutory_limit_working_days(item_.statutory_limit_working_days());
  a->set_warning_share_percent(item_.warning_share_percent() > 0 ? item_.warning_share_percent()
                                                                 : 20);
  a->set_note(note);

  std::string first = item_.stage(0).id();
  if (mode == v1::PLEDGE) {
    // On a pledge the decision follows at once: skip the review stages.
    while (stage(first)->kind() == v1::REVIEW) first = stage(first)->next();
  }
  start_stage(first, accepted_at, event_at);
}

void Decider::start_stage(const std::string& id, Instant clocks_start, Instant event_at) {
  const v1::Stage& st = *stage(id);
  auto* s = add_event(event_at).mutable_stage_started();
  s->set_stage_id(st.id());
  s->set_kind(st.kind());
  *s->mutable_started_at() = to_proto(clocks_start);
  for (const auto& b : st.branch()) {
    auto* sb = s->add_branch();
    sb->set_id(b.id());
    sb->set_name(b.name());
    sb->set_department(b.department());
    sb->set_limit_working_days(b.limit_working_days());
  }
}

const v1::Stage* Decider::stage(const std::string& id) const {
  for (const auto& st : item_.stage()) {
    if (st.id() == id) return &st;
  }
  return nullptr;
}

const v1::Material* Decider::material(const std::string& id) const {
  for (const auto& m : item_.material()) {
    if (m.id() == id) return &m;
  }
  return nullptr;
}

const v1::OptionalStep* Decider::step(const std::string& id) const {
  for (const auto& s : item_.step()) {
    if (s.id() == id) return &s;
  }
  return nullptr;
}

std::set<std::string> Decider::materials_not_handed_in() const {
  std::set<std::string> missing;
  for (const auto& m : item_.material()) {
    if (!m.optional()) missing.insert(m.id());
  }
  for (const auto& id : state_.materials()) missing.erase(id);
  return missing;
}

}  // namespace oneseal
