// Fuzz target: a holiday file (docs/calendar.md) through parse_year_rules(), and a year that
// parses through Calendar::add_year(). For a year the calendar takes it checks that the year
// is one the calendar supports, and that counting forward and counting between agree: the
// k-th working day after 1 January lies k working days after it, within the year.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/calendar.h"
#include "engine/calendar_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = oneseal::parse_year_rules(text, "fuzz.txt");
  if (!rules.ok()) return 0;
  oneseal::Calendar calendar;
  if (!calendar.add_year(*rules).ok()) return 0;
  using namespace std::chrono;
  if (rules->year < int(year_month_day(oneseal::kFirstSupportedDate).year()) ||
      rules->year > int(year_month_day(oneseal::kLastSupportedDate).year())) {
    std::fprintf(stderr, "year %d was taken\n", rules->year);
    std::abort();
  }
  const oneseal::Date first = sys_days{year{rules->year} / January / 1};
  const oneseal::Date last = sys_days{year{rules->year} / December / 31};
  const int working = calendar.working_days_between(first, last);
  for (int k = 0; k <= working; k += 1 + working / 16) {
    const oneseal::Date day = calendar.add_working_days(first, k);
    if (day > last || calendar.working_days_between(first, day) != k ||
        (k > 0 && !calendar.is_working_day(day))) {
      std::fprintf(stderr, "year %d: working day %d after 1 January is day %lld\n", rules->year, k,
                   static_cast<long long>(day.time_since_epoch().count()));
      std::abort();
    }
  }
  return 0;
}
