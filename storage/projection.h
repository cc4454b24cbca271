// The rows the projections hold for one case, computed from its state alone (and the
// calendar, for deadlines). The store writes them in the transaction that appends the events;
// `oneseal db rebuild` and `verify` compute them again from the folded events.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/calendar.h"
#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/events.pb.h"
#include "storage/event_store.h"

namespace oneseal {

struct CaseRow {
  std::string case_id, item_code;
  int64_t item_version = 0;
  std::string status, outcome, applicant_masked, channel, office, departments;
  std::optional<int64_t> received_at, accepted_at, closed_at;  // unix seconds
  std::string promised_deadline, statutory_deadline;          // YYYY-MM-DD or empty
  // When the promised clock turns yellow and red, and the statutory one red (escalation);
  // unset while unknown. Alert levels at any instant are read from these.
  std::optional<int64_t> yellow_at, red_at, escalation_at;
  bool paused = false;
  int64_t version = 0, updated_at = 0;
  // Set by the decision, for the supervisors' summary: its instant, and the working days the
  // promised clock ran from acceptance to it (pauses excluded), stood paused, and allowed.
  std::optional<int64_t> decided_at, promised_working_days_used, paused_working_days, promised_limit;
  bool operator==(const CaseRow&) const = default;
};

struct BranchRow {
  std::string case_id, branch_id, stage_id, department, verdict, deadline;
  std::optional<int64_t> yellow_at, red_at, started_at, stopped_at;
  bool operator==(const BranchRow&) const = default;
};

struct CaseProjection {
  CaseRow row;
  std::vector<BranchRow> branches;
  std::vector<DueRow> dues;
  bool operator==(const CaseProjection&) const = default;
};

CaseProjection project(const v1::CaseState& state, const Calendar& calendar);

// Daily counters for reports: (bureau day, item, office, counter) -> count.
using CounterKey = std::tuple<std::string, std::string, std::string, std::string>;
// Orders counter keys part by part, and finds one by views of its parts, so that counting an
// event builds no strings for a counter that exists already.
struct CounterOrder {
  using is_transparent = void;
  using Views = std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>;
  static Views views(const CounterKey& k) { return {std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k)}; }
  static const Views& views(const Views& v) { return v; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return views(a) < views(b);
  }
};
using Counters = std::map<CounterKey, int64_t, CounterOrder>;

// Adds what one event counts (received, accepted, granted, decided on time or late, ...) to
// *counters, on the bureau day of the event; `state` is the case after it (for its item and
// office). Counters depend on the events alone, never on the calendar in force later.
void count_event(const v1::Event& event, const v1::CaseState& state, Counters* counters);

// Deadlines in the projections depend on the holiday calendar: this names the calendar they
// were computed with (a SHA-256 of every day's working status and the official years), kept
// in the database so that a changed calendar makes the store compute them again.
std::string calendar_fingerprint(const Calendar& calendar);

}  // namespace oneseal
