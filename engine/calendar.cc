#include "engine/calendar.h"

#include <algorithm>

namespace oneseal {

namespace {

bool is_weekday(Date d) {
  std::chrono::weekday wd{d};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

int year_of(Date d) { return int(std::chrono::year_month_day{d}.year()); }

}  // namespace

Calendar::Calendar() {
  const size_t days = size_t((kLastSupportedDate - kFirstSupportedDate).count()) + 1;
  working_.resize(days);
  for (size_t i = 0; i < days; ++i) {
    working_[i] = is_weekday(kFirstSupportedDate + std::chrono::days{i});
  }
  recount();
}

size_t Calendar::index(Date d) const {
  d = std::clamp(d, kFirstSupportedDate, kLastSupportedDate);
  return size_t((d - kFirstSupportedDate).count());
}

void Calendar::recount() {
  cumulative_.assign(working_.size() + 1, 0);
  for (size_t i = 0; i < working_.size(); ++i) cumulative_[i + 1] = cumulative_[i] + working_[i];
}

Status Calendar::add_year(const YearRules& rules) {
  using namespace std::chrono;
  // The number, not a std::chrono::year: that keeps a short, where 67506 wraps to 1970.
  if (rules.year < int(year_month_day(kFirstSupportedDate).year()) ||
      rules.year > int(year_month_day(kLastSupportedDate).year())) {
    return Status::invalid_argument("year",
                                    "year " + std::to_string(rules.year) + " is out of range");
  }
  const Date first = sys_days{year{rules.year} / January / 1};
  const Date last = sys_days{year{rules.year} / December / 31};
  std::set<Date> holidays;
  for (const Holiday& h : rules.holidays) {
    if (h.first > h.last) {
      return Status::invalid_argument("holiday", h.name + " ends before it starts");
    }
    if (h.first < first || h.last > last) {
      return Status::invalid_argument("holiday",
                                      h.name + " lies outside " + std::to_string(rules.year));
    }
    for (Date d = h.first; d <= h.last; d += days{1}) holidays.insert(d);
  }
  for (Date d : rules.working_weekend_days) {
    if (d < first || d > last) {
      return Status::invalid_argument(
          "workday", format_date(d) + " lies outside " + std::to_string(rules.year));
    }
    if (holidays.count(d)) {
      return Status::invalid_argument("workday", format_date(d) + " is also a holiday");
    }
  }
  for (Date d = first; d <= last; d += days{1})
    working_[index(d)] = is_weekday(d) && !holidays.count(d);
  for (Date d : rules.working_weekend_days) working_[index(d)] = 1;
  official_years_.insert(rules.year);
  recount();
  return Status();
}

bool Calendar::is_working_day(Date d) const { return working_[index(d)] != 0; }

bool Calendar::is_official_between(Date from, Date to) const {
  for (int y = year_of(from); y <= year_of(to); ++y) {
    if (!is_official(y)) return false;
  }
  return true;
}

Date Calendar::add_working_days(Date start, int n) const {
  if (n <= 0) return start;
  // The answer is the first day at whose end the count since `start` reaches n.
  const int32_t target = cumulative_[index(start) + 1] + n;
  auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), target);
  if (it == cumulative_.end()) return kLastSupportedDate;
  return kFirstSupportedDate + std::chrono::days{(it - cumulative_.begin()) - 1};
}

int Calendar::working_days_between(Date from, Date to) const {
  if (to <= from) return 0;
  return cumulative_[index(to) + 1] - cumulative_[index(from) + 1];
}

}  // namespace oneseal
