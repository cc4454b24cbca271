// The working-day calendar (law art. 82): Monday to Friday, less the State Council's public
// holidays, plus its adjusted working weekend days (调休上班). Years without an official
// notice fall back to Monday-Friday and are reported as unofficial, so deadlines reaching
// into them can be marked provisional and recomputed once the notice is loaded.
//
// Thread-safety: const methods may be called from many threads; add_year() may not run
// concurrently with anything else.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/status.h"
#include "engine/time.h"

namespace oneseal {

struct Holiday {
  std::string name;
  Date first;
  Date last;  // inclusive
};

// One year's notice, as read from seeds/calendar/YYYY.txt.
struct YearRules {
  int year = 0;
  std::string notice;  // the notice's title
  std::vector<Holiday> holidays;
  std::vector<Date> working_weekend_days;
};

class Calendar {
 public:
  Calendar();  // Monday-Friday everywhere; no year official

  // Makes `rules` the official calendar of its year, replacing any earlier rules of it.
  // Fails when a date lies outside the year or a day is both a holiday and a working day.
  Status add_year(const YearRules& rules);

  bool is_working_day(Date d) const;
  bool is_official(int year) const { return official_years_.count(year) > 0; }
  const std::set<int>& official_years() const { return official_years_; }
  // Whether every year from `from` to `to` has an official notice.
  bool is_official_between(Date from, Date to) const;

  // The day on which a limit of n working days starting on `start` ends: the start day is
  // not counted (Civil Code art. 201), so it is the n-th working day after `start`; n == 0
  // gives `start` itself. Requires n >= 0.
  Date add_working_days(Date start, int n) const;

  // The number of working days d with from < d <= to; 0 when to <= from.
  int working_days_between(Date from, Date to) const;

 private:
  size_t index(Date d) const;  // position of d in the tables below
  void recount();

  std::vector<uint8_t> working_;     // 1 if working, one entry a day from kFirstSupportedDate
  std::vector<int32_t> cumulative_;  // cumulative_[i]: working days among the first i days
  std::set<int> official_years_;
};

}  // namespace oneseal
