#include "engine/clock.h"

#include <algorithm>
#include <vector>

namespace oneseal {

namespace {

struct Period {
  Instant start;
  std::optional<Instant> end;  // nullopt: still running
};

// The running periods of a clock: from the start to the first pause, from each resumption to
// the next pause, and so on; the last one ends at the stop, or runs on.
std::vector<Period> periods(const v1::Clock& clock) {
  std::vector<Period> out;
  std::optional<Instant> start = from_proto(clock.started_at());
  for (const v1::Pause& pause : clock.pause()) {
    if (start) out.push_back({*start, from_proto(pause.started_at())});
    start =
        pause.has_ended_at() ? std::optional<Instant>(from_proto(pause.ended_at())) : std::nullopt;
  }
  if (start) {
    std::optional<Instant> end;
    if (clock.has_stopped_at()) end = from_proto(clock.stopped_at());
    out.push_back({*start, end});
  }
  return out;
}

}  // namespace

const char* alert_level_name(AlertLevel level) {
  switch (level) {
    case AlertLevel::kGreen:
      return "GREEN";
    case AlertLevel::kYellow:
      return "YELLOW";
    case AlertLevel::kRed:
      return "RED";
  }
  return "GREEN";
}

int warning_days(int limit_working_days, int warning_share_percent) {
  if (warning_share_percent <= 0) warning_share_percent = 20;
  return std::max(1, limit_working_days * warning_share_percent / 100);
}

bool ClockReader::paused() const {
  return clock_.pause_size() > 0 && !clock_.pause(clock_.pause_size() - 1).has_ended_at();
}

int ClockReader::elapsed(Instant at) const {
  int count = 0;
  for (const Period& p : periods(clock_)) {
    if (at < p.start) break;
    Instant end = p.end ? std::min(*p.end, at) : at;
    count += calendar_.working_days_between(bureau_date(p.start), bureau_date(end));
  }
  return count;
}

std::optional<Date> ClockReader::day_count_reaches(int count) const {
  int before = 0;
  for (const Period& p : periods(clock_)) {
    const Date start = bureau_date(p.start);
    if (!p.end) return calendar_.add_working_days(start, count - before);
    const int in_period = calendar_.working_days_between(start, bureau_date(*p.end));
    if (before + in_period >= count) return calendar_.add_working_days(start, count - before);
    before += in_period;
  }
  return std::nullopt;
}

std::optional<Deadline> ClockReader::deadline() const {
  auto day = day_count_reaches(clock_.limit_working_days());
  if (!day) return std::nullopt;
  return Deadline{
      *day, !calendar_.is_official_between(bureau_date(from_proto(clock_.started_at())), *day)};
}

std::optional<Instant> ClockReader::yellow_from() const {
  const int limit = clock_.limit_working_days();
  if (limit <= 0) return std::nullopt;
  auto day = day_count_reaches(limit - warning_days(limit, clock_.warning_share_percent()) + 1);
  if (!day) return std::nullopt;
  return start_of(*day);
}

std::optional<Instant> ClockReader::red_from() const {
  auto d = deadline();
  if (!d) return std::nullopt;
  return end_of(d->date);
}

std::optional<Instant> ClockReader::alert_due(std::string_view level) const {
  if (level == "yellow") return yellow_from();
  if (level == "red") return red_from();
  return std::nullopt;
}

AlertLevel ClockReader::level(Instant at) const {
  if (stopped()) at = std::min(at, from_proto(clock_.stopped_at()));
  if (auto r = red_from(); r && at >= *r) return AlertLevel::kRed;
  if (auto y = yellow_from(); y && at >= *y) return AlertLevel::kYellow;
  return AlertLevel::kGreen;
}

v1::Clock* mutable_case_clock(v1::CaseState* state, std::string_view name) {
  if (name == "promised") return state->mutable_promised_clock();
  if (name == "statutory") return state->mutable_statutory_clock();
  if (name == "delivery") return state->mutable_delivery_clock();
  for (auto& b : *state->mutable_branch()) {
    if (b.id() == name) return b.mutable_clock();
  }
  return nullptr;
}

const v1::Clock* case_clock(const v1::CaseState& state, std::string_view name) {
  if (name == "promised") return &state.promised_clock();
  if (name == "statutory") return &state.statutory_clock();
  if (name == "delivery") return &state.delivery_clock();
  for (const auto& b : state.branch()) {
    if (b.id() == name) return &b.clock();
  }
  return nullptr;
}

}  // namespace oneseal
