// What the store reads for the supervisors' summary (GET /v1/reports/summary): per item and
// office, the daily counters of a period, its decisions' working days, and the open cases.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/time.h"

namespace oneseal {

struct SummaryFilter {
  Date from{}, to{};  // bureau days, inclusive
  int64_t as_of = 0;  // unix seconds: when the open cases' alert levels are read
};

// One decision's clock: working days the promised clock ran from acceptance to the decision
// (pauses excluded), stood paused, and allowed (the promise plus any extension).
struct DecisionDays {
  int64_t used = 0, paused = 0, limit = 0;
  bool operator==(const DecisionDays&) const = default;
};

struct SummaryCell {
  std::string item_code, office;
  std::map<std::string, int64_t> counters;  // daily_counters' counters, summed over the period
  std::vector<DecisionDays> decisions;      // the decisions made in the period
  std::map<std::string, int64_t> open;      // open cases by alert level (GREEN, YELLOW, RED)
};

}  // namespace oneseal
