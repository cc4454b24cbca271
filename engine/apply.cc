#include "engine/apply.h"

#include <algorithm>

#include "engine/clock.h"

namespace oneseal {

namespace {

using google::protobuf::Timestamp;

void start_clock(v1::Clock* clock, int limit, const Timestamp& at, int warning_share) {
  clock->Clear();
  clock->set_limit_working_days(limit);
  *clock->mutable_started_at() = at;
  clock->set_warning_share_percent(warning_share);
}

bool running(const v1::Clock& clock) { return clock.has_started_at() && !clock.has_stopped_at(); }

void stop_clock(v1::Clock* clock, const Timestamp& at) {
  if (!running(*clock)) return;
  *clock->mutable_stopped_at() = at;
  for (auto& p : *clock->mutable_pause()) {
    if (!p.has_ended_at()) *p.mutable_ended_at() = at;
  }
}

// Every clock of the case that is running now: the case's own and those of open branches.
template <typename Fn>
void for_each_running_clock(v1::CaseState* s, Fn fn) {
  for (v1::Clock* c :
       {s->mutable_promised_clock(), s->mutable_statutory_clock(), s->mutable_delivery_clock()}) {
    if (running(*c)) fn(c);
  }
  for (auto& b : *s->mutable_branch()) {
    if (running(b.clock())) fn(b.mutable_clock());
  }
}

void add_unique(google::protobuf::RepeatedPtrField<std::string>* list, const std::string& id) {
  if (std::find(list->begin(), list->end(), id) == list->end()) *list->Add() = id;
}

void remove(google::protobuf::RepeatedPtrField<std::string>* list, const std::string& id) {
  auto it = std::find(list->begin(), list->end(), id);
  if (it != list->end()) list->erase(it);
}

void close(v1::CaseState* s, const Timestamp& at, const std::string& note) {
  for_each_running_clock(s, [&](v1::Clock* c) { stop_clock(c, at); });
  s->set_status(v1::CLOSED);
  s->clear_stage_id();
  *s->mutable_closed_at() = at;
  s->set_closing_note(note);
}

v1::CaseStatus status_of_stage(v1::StageKind kind) {
  switch (kind) {
    case v1::REVIEW:
      return v1::IN_REVIEW;
    case v1::DECISION:
      return v1::AWAITING_DECISION;
    case v1::SEAL:
      return v1::AWAITING_SEAL;
    case v1::DELIVERY:
      return v1::AWAITING_DELIVERY;
    default:
      return v1::CASE_STATUS_UNSPECIFIED;
  }
}

}  // namespace

void apply(const v1::Event& event, v1::CaseState* s) {
  const Timestamp& at = event.at();
  switch (event.body_case()) {
    case v1::Event::kCaseSubmitted: {
      const auto& e = event.case_submitted();
      s->set_id(e.case_id());
      s->set_item_code(e.item_code());
      s->set_item_version(e.item_version());
      *s->mutable_applicant() = e.applicant();
      *s->mutable_materials() = e.materials();
      s->set_channel(e.channel());
      s->set_office(e.office());
      s->set_query_code_hmac(e.query_code_hmac());
      *s->mutable_submitted_by() = event.actor();
      *s->mutable_received_at() = at;
      s->set_status(v1::SUBMITTED);
      break;
    }
    case v1::Event::kSupplementRequested:
      s->set_supplement_requested(true);
      for (const auto& m : event.supplement_requested().missing())
        add_unique(s->mutable_missing_materials(), m.material_id());
      s->set_status(v1::AWAITING_SUPPLEMENT);
      break;
    case v1::Event::kSupplementProvided:
      for (const auto& id : event.supplement_provided().materials()) {
        add_unique(s->mutable_materials(), id);
        remove(s->mutable_missing_materials(), id);
        remove(s->mutable_outstanding_materials(), id);
      }
      if (s->status() == v1::AWAITING_SUPPLEMENT) {
        // The intake decision is now due on what came in today.
        *s->mutable_received_at() = at;
        s->set_status(v1::SUBMITTED);
      }
      break;
    case v1::Event::kIntakeRejected:
      s->set_outcome(v1::INTAKE_REJECTED);
      s->set_competent_authority(event.intake_rejected().competent_authority());
      close(s, at, event.intake_rejected().reason());
      break;
    case v1::Event::kCaseAccepted: {
      const auto& e = event.case_accepted();
      s->set_accept_mode(e.mode());
      *s->mutable_accepted_at() = e.accepted_at();
      *s->mutable_outstanding_materials() = e.outstanding_materials();
      start_clock(s->mutable_promised_clock(), e.promised_limit_working_days(), e.accepted_at(),
                  e.warning_share_percent());
      start_clock(s->mutable_statutory_clock(), e.statutory_limit_working_days(), e.accepted_at(),
                  e.warning_share_percent());
      break;
    }
    case v1::Event::kStageStarted: {
      const auto& e = event.stage_started();
      s->set_stage_id(e.stage_id());
      s->set_status(status_of_stage(e.kind()));
      for (const auto& b : e.branch()) {
        auto* bs = s->add_branch();
        bs->set_id(b.id());
        bs->set_stage_id(e.stage_id());
        bs->set_name(b.name());
        bs->set_department(b.department());
        start_clock(bs->mutable_clock(), b.limit_working_days(), e.started_at(),
                    s->promised_clock().warning_share_percent());
      }
      break;
    }
    case v1::Event::kOpinionRecorded: {
      const auto& e = event.opinion_recorded();
      for (auto& b : *s->mutable_branch()) {
        if (b.id() != e.branch_id()) continue;
        b.set_verdict(e.verdict());
        b.set_reasons(e.reasons());
        b.set_conditions(e.conditions());
        b.set_reviewer_id(event.actor().id());
        stop_clock(b.mutable_clock(), at);
      }
      break;
    }
    case v1::Event::kStageCompleted:
      if (event.stage_completed().refusal_proposed()) s->set_refusal_proposed(true);
      if (event.stage_completed().refusal_binding()) s->set_refusal_binding(true);
      break;
    case v1::Event::kInspectionRecorded: {
      const auto& e = event.inspection_recorded();
      auto* i = s->add_inspection();
      i->set_step_id(e.step_id());
      *i->mutable_inspectors() = e.inspectors();
      i->set_findings(e.findings());
      i->set_passed(e.passed());
      *i->mutable_at() = at;
      break;
    }
    case v1::Event::kClockPaused: {
      const auto& e = event.clock_paused();
      for_each_running_clock(s, [&](v1::Clock* c) {
        auto* p = c->add_pause();
        p->set_reason(e.reason());
        p->set_note(e.note());
        p->set_expected_working_days(e.expected_working_days());
        *p->mutable_started_at() = at;
      });
      break;
    }
    case v1::Event::kClockResumed:
      for_each_running_clock(s, [&](v1::Clock* c) {
        if (c->pause_size() > 0 && !c->pause(c->pause_size() - 1).has_ended_at()) {
          *c->mutable_pause(c->pause_size() - 1)->mutable_ended_at() = at;
        }
      });
      break;
    case v1::Event::kLimitExtended: {
      const int days = event.limit_extended().working_days();
      s->set_extended(true);
      // The alerts were raised against the old deadlines: the new ones get their own.
      auto* p = s->mutable_promised_clock();
      p->set_limit_working_days(p->limit_working_days() + days);
      p->clear_alerts_raised();
      auto* st = s->mutable_statutory_clock();
      st->set_limit_working_days(st->limit_working_days() + days);
      st->clear_alerts_raised();
      break;
    }
    case v1::Event::kDecisionMade: {
      const auto& e = event.decision_made();
      s->set_decision(e.verdict());
      s->set_decision_reasons(e.reasons());
      *s->mutable_decided_at() = at;
      stop_clock(s->mutable_promised_clock(), at);
      stop_clock(s->mutable_statutory_clock(), at);
      if (e.verdict() == v1::APPROVE) {
        s->set_outcome(v1::GRANTED);
        start_clock(s->mutable_delivery_clock(), e.delivery_limit_working_days(), at,
                    s->promised_clock().warning_share_percent());
      } else {
        s->set_outcome(v1::REFUSED);
      }
      break;
    }
    case v1::Event::kCaseSealed:
      s->set_certificate_no(event.case_sealed().certificate_no());
      *s->mutable_sealed_at() = at;
      break;
    case v1::Event::kCaseDelivered:
      close(s, at, event.case_delivered().method());
      break;
    case v1::Event::kAlertRaised: {
      const auto& e = event.alert_raised();
      if (v1::Clock* c = mutable_case_clock(s, e.clock())) c->add_alerts_raised(e.level());
      break;
    }
    case v1::Event::kCaseWithdrawn:
      s->set_outcome(v1::WITHDRAWN);
      close(s, at, event.case_withdrawn().reason());
      break;
    case v1::Event::BODY_NOT_SET:
      break;
  }
  s->set_version(s->version() + 1);
  *s->mutable_updated_at() = at;
}

v1::CaseState fold(const std::vector<v1::Event>& events) {
  v1::CaseState state;
  for (const auto& e : events) apply(e, &state);
  return state;
}

std::string event_type(const v1::Event& event) {
  const auto* oneof = v1::Event::descriptor()->FindOneofByName("body");
  const auto* field = event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  return field ? field->message_type()->name() : "";
}

}  // namespace oneseal
