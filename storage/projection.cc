#include "storage/projection.h"

#include <algorithm>

#include "engine/clock.h"
#include "engine/decide.h"
#include "engine/masking.h"
#include "storage/hash_chain.h"

namespace oneseal {

namespace {

std::optional<int64_t> seconds(const google::protobuf::Timestamp& ts, bool present) {
  if (!present) return std::nullopt;
  return ts.seconds();
}

struct ClockFacts {
  std::string deadline;
  std::optional<int64_t> yellow_at, red_at;
};

ClockFacts facts(const v1::Clock& clock, const Calendar& calendar) {
  ClockFacts f;
  if (!clock.has_started_at()) return f;
  ClockReader reader(clock, calendar);
  if (auto d = reader.deadline()) f.deadline = format_date(d->date);
  if (auto r = reader.red_from()) f.red_at = r->time_since_epoch().count();
  if (auto y = reader.yellow_from()) f.yellow_at = y->time_since_epoch().count();
  return f;
}

bool running(const v1::Clock& clock) { return clock.has_started_at() && !clock.has_stopped_at(); }

bool raised(const v1::Clock& clock, const std::string& level) {
  return std::find(clock.alerts_raised().begin(), clock.alerts_raised().end(), level) != clock.alerts_raised().end();
}

// The alert steps of a running clock still to be recorded.
void add_dues(const std::string& case_id, const std::string& name, const v1::Clock& clock,
              const ClockFacts& f, bool with_yellow, std::vector<DueRow>* dues) {
  if (!running(clock)) return;
  if (with_yellow && f.yellow_at && !raised(clock, "yellow")) dues->push_back({case_id, name, "yellow", *f.yellow_at});
  if (f.red_at && !raised(clock, "red")) dues->push_back({case_id, name, "red", *f.red_at});
}

std::string masked_applicant(const v1::Applicant& a) {
  // An organisation's name is public record; a person's is not.
  return a.kind() == v1::ORGANISATION ? a.name() : mask_name(a.name());
}

}  // namespace

CaseProjection project(const v1::CaseState& s, const Calendar& calendar) {
  CaseProjection p;
  CaseRow& r = p.row;
  r.case_id = s.id();
  r.item_code = s.item_code();
  r.item_version = s.item_version();
  r.status = v1::CaseStatus_Name(s.status());
  r.outcome = s.outcome() == v1::OUTCOME_UNSPECIFIED ? "" : v1::Outcome_Name(s.outcome());
  r.applicant_masked = masked_applicant(s.applicant());
  r.channel = v1::Channel_Name(s.channel());
  r.office = s.office();
  for (const auto& b : s.branch()) {
    const std::string& d = b.department();
    if (("," + r.departments + ",").find("," + d + ",") == std::string::npos) {
      r.departments += (r.departments.empty() ? "" : ",") + d;
    }
  }
  r.received_at = seconds(s.received_at(), s.has_received_at());
  r.accepted_at = seconds(s.accepted_at(), s.has_accepted_at());
  r.closed_at = seconds(s.closed_at(), s.has_closed_at());
  const ClockFacts promised = facts(s.promised_clock(), calendar);
  const ClockFacts statutory = facts(s.statutory_clock(), calendar);
  r.promised_deadline = promised.deadline;
  r.statutory_deadline = statutory.deadline;
  r.yellow_at = promised.yellow_at;
  r.red_at = promised.red_at;
  // A clock stopped on its deadline day keeps the level it had then (docs/time.md): the red
  // instant at the end of that day never comes for it.
  if (const v1::Clock& c = s.promised_clock(); r.red_at && c.has_stopped_at() && *r.red_at > c.stopped_at().seconds()) {
    r.red_at.reset();
  }
  r.escalation_at = statutory.red_at;
  r.paused = s.has_promised_clock() && ClockReader(s.promised_clock(), calendar).paused();
  r.version = s.version();
  r.updated_at = s.updated_at().seconds();
  if (s.has_decided_at()) {
    const v1::Clock& clock = s.promised_clock();
    const Instant decided = from_proto(s.decided_at());
    const int used = ClockReader(clock, calendar).elapsed(decided);
    r.decided_at = s.decided_at().seconds();
    r.promised_working_days_used = used;
    // The working days from acceptance to the decision are the running periods' and the
    // pauses', so what the clock did not count stood paused.
    r.paused_working_days =
        calendar.working_days_between(bureau_date(from_proto(clock.started_at())), bureau_date(decided)) - used;
    r.promised_limit = clock.limit_working_days();
  }

  if (s.status() == v1::SUBMITTED) {
    p.dues.push_back({s.id(), "intake", "deemed_acceptance", intake_due(s, calendar).time_since_epoch().count()});
  }
  add_dues(s.id(), "promised", s.promised_clock(), promised, true, &p.dues);
  add_dues(s.id(), "statutory", s.statutory_clock(), statutory, false, &p.dues);
  add_dues(s.id(), "delivery", s.delivery_clock(), facts(s.delivery_clock(), calendar), false, &p.dues);
  for (const auto& b : s.branch()) {
    const ClockFacts f = facts(b.clock(), calendar);
    BranchRow br;
    br.case_id = s.id();
    br.branch_id = b.id();
    br.stage_id = b.stage_id();
    br.department = b.department();
    br.verdict = b.verdict() == v1::VERDICT_UNSPECIFIED ? "" : v1::Verdict_Name(b.verdict());
    br.deadline = f.deadline;
    br.yellow_at = f.yellow_at;
    br.red_at = f.red_at;
    br.started_at = seconds(b.clock().started_at(), b.clock().has_started_at());
    br.stopped_at = seconds(b.clock().stopped_at(), b.clock().has_stopped_at());
    p.branches.push_back(std::move(br));
    add_dues(s.id(), b.id(), b.clock(), f, true, &p.dues);
  }
  return p;
}

namespace {

void add_count(Counters* counters, const v1::Event& event, const v1::CaseState& state, std::string_view counter) {
  const std::string day = format_date(bureau_date(from_proto(event.at())));
  const CounterOrder::Views key(day, state.item_code(), state.office(), counter);
  if (auto it = counters->find(key); it != counters->end()) {
    ++it->second;
    return;
  }
  counters->emplace(CounterKey(day, state.item_code(), state.office(), counter), 1);
}

}  // namespace

void count_event(const v1::Event& event, const v1::CaseState& state, Counters* counters) {
  const char* counter = nullptr;
  switch (event.body_case()) {
    case v1::Event::kCaseSubmitted: counter = "received"; break;
    case v1::Event::kCaseAccepted: counter = "accepted"; break;
    case v1::Event::kIntakeRejected: counter = "intake_rejected"; break;
    case v1::Event::kCaseWithdrawn: counter = "withdrawn"; break;
    case v1::Event::kCaseDelivered: counter = "delivered"; break;
    case v1::Event::kLimitExtended: counter = "extended"; break;
    case v1::Event::kClockPaused: counter = "paused"; break;
    case v1::Event::kDecisionMade:
      add_count(counters, event, state, event.decision_made().late() ? "decided_late" : "decided_on_time");
      counter = event.decision_made().verdict() == v1::APPROVE ? "granted" : "refused";
      break;
    default: return;
  }
  add_count(counters, event, state, counter);
}

std::string calendar_fingerprint(const Calendar& calendar) {
  std::string bits;
  bits.reserve(size_t((kLastSupportedDate - kFirstSupportedDate).count()) + 1);
  for (Date d = kFirstSupportedDate; d <= kLastSupportedDate; d += std::chrono::days{1}) {
    bits.push_back(calendar.is_working_day(d) ? '1' : '0');
  }
  for (int year : calendar.official_years()) bits += "," + std::to_string(year);
  return to_hex(sha256(bits));
}

}  // namespace oneseal
