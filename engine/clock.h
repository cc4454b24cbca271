// What a Clock (case.proto) means at an instant: deadline, working days used and left, and
// the alert level. All derived from the budget, the start and the ledger of pauses, so an
// extension, a pause or a newly loaded holiday notice moves every answer.
//
// Counting rules (docs/time.md):
//  - a running period counts the working days after the day it started (Civil Code art. 201),
//    up to and including the day it ended or the day of the instant asked about;
//  - a pause ends a period: the day a pause starts still counts, and the day the clock resumes
//    starts a new period that, like any start day, is not counted;
//  - a limit of N days ends at 24:00 bureau time of the day the count reaches N;
//  - yellow from 00:00 of the day the count reaches N - K + 1, where K is the warning share of
//    N (rounded down, at least one day); red from the deadline on.
#pragma once

#include <optional>
#include <string_view>

#include "engine/calendar.h"
#include "engine/time.h"
#include "oneseal/v1/case.pb.h"

namespace oneseal {

enum class AlertLevel { kGreen, kYellow, kRed };
const char* alert_level_name(AlertLevel level);  // "GREEN", "YELLOW", "RED"

struct Deadline {
  Date date;         // the limit ends at end_of(date)
  bool provisional;  // reaches into a year without an official notice
};

class ClockReader {
 public:
  ClockReader(const v1::Clock& clock, const Calendar& calendar)
      : clock_(clock), calendar_(calendar) {}

  // Working days counted by `at` (the current working day counts as used).
  int elapsed(Instant at) const;
  // limit - elapsed; negative once overdue.
  int remaining(Instant at) const { return clock_.limit_working_days() - elapsed(at); }
  // Unknown (nullopt) while the clock is paused or stopped before its budget ran out.
  std::optional<Deadline> deadline() const;
  // 00:00 of the first yellow day; nullopt when unknown as above, or for a limit of 0 days.
  std::optional<Instant> yellow_from() const;
  // The end of the deadline day, when the clock turns red; nullopt while the deadline is unknown.
  std::optional<Instant> red_from() const;
  // When the alert step "yellow" or "red" falls due; nullopt when unknown or another name.
  std::optional<Instant> alert_due(std::string_view level) const;
  AlertLevel level(Instant at) const;
  bool paused() const;
  bool stopped() const { return clock_.has_stopped_at(); }

 private:
  // The day on which the count of working days reaches `count`, if it has or will without a
  // further event.
  std::optional<Date> day_count_reaches(int count) const;

  const v1::Clock& clock_;
  const Calendar& calendar_;
};

// A case's clocks by name: "intake" has none; "promised", "statutory", "delivery", or a
// branch id. Null when the case has no such clock.
const v1::Clock* case_clock(const v1::CaseState& state, std::string_view name);
v1::Clock* mutable_case_clock(v1::CaseState* state, std::string_view name);

// The yellow threshold K for a limit: the share of it, rounded down, at least one day.
int warning_days(int limit_working_days, int warning_share_percent);

}  // namespace oneseal
