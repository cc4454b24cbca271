#include "engine/case_number.h"

#include <cstdio>

#include "engine/time.h"

namespace oneseal {

std::string case_number(std::chrono::system_clock::time_point drawn_at, uint64_t random) {
  using namespace std::chrono;
  const auto local = floor<milliseconds>(drawn_at) + kBureauUtcOffset;
  const auto day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> time{local - day};
  const int tenth = static_cast<int>(time.subseconds().count() / 100);
  char text[32];
  std::snprintf(text, sizeof text, "OS%04d%02u%02u%02d%02d%02d%d%04d",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                tenth, static_cast<int>(random % kCaseNumberRandomParts));
  return text;
}

}  // namespace oneseal
