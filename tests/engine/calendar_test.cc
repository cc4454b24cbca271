#include "engine/calendar.h"

#include <catch2/catch.hpp>

#include "engine/calendar_file.h"
#include "tests/engine/fixtures.h"

using namespace oneseal;

namespace {

const Calendar& official() { return fixtures::calendar(); }

Date day(const char* text) { return *parse_date(text); }

}  // namespace

TEST_CASE("both notices give 248 working days", "[calendar]") {
  // Each year: 261 weekdays, less the weekday holidays, plus the make-up working days.
  // 2025: 261 - 18 + 5; 2026: 261 - 19 + 6.
  CHECK(official().working_days_between(day("2024-12-31"), day("2025-12-31")) == 248);
  CHECK(official().working_days_between(day("2025-12-31"), day("2026-12-31")) == 248);
  CHECK(official().is_official(2025));
  CHECK(official().is_official(2026));
  CHECK_FALSE(official().is_official(2027));
}

TEST_CASE("holidays and adjusted working weekend days", "[calendar]") {
  struct Row {
    const char* date;
    bool working;
    const char* why;
  };
  const Row rows[] = {
      {"2025-01-01", false, "New Year, a Wednesday"},
      {"2025-01-26", true, "Sunday worked for the Spring Festival"},
      {"2025-01-28", false, "Spring Festival eve, first holiday"},
      {"2025-02-04", false, "Spring Festival, last holiday"},
      {"2025-02-05", true, "first weekday after the Spring Festival"},
      {"2025-02-08", true, "Saturday worked for the Spring Festival"},
      {"2025-04-27", true, "Sunday worked for Labour Day"},
      {"2025-05-05", false, "Labour Day, a Monday"},
      {"2025-06-02", false, "Dragon Boat, a Monday"},
      {"2025-09-28", true, "Sunday worked for National Day"},
      {"2025-10-08", false, "National Day and Mid-Autumn, a Wednesday"},
      {"2025-10-11", true, "Saturday worked for National Day"},
      {"2025-10-12", false, "an ordinary Sunday"},
      {"2026-01-02", false, "New Year, a Friday"},
      {"2026-01-04", true, "Sunday worked for New Year"},
      {"2026-02-14", true, "Saturday worked for the Spring Festival"},
      {"2026-02-23", false, "Spring Festival, a Monday"},
      {"2026-02-28", true, "Saturday worked for the Spring Festival"},
      {"2026-04-06", false, "Qingming, a Monday"},
      {"2026-05-09", true, "Saturday worked for Labour Day"},
      {"2026-06-19", false, "Dragon Boat, a Friday"},
      {"2026-09-20", true, "Sunday worked for National Day"},
      {"2026-09-25", false, "Mid-Autumn, a Friday"},
      {"2026-10-07", false, "National Day, a Wednesday"},
      {"2026-10-10", true, "Saturday worked for National Day"},
      {"2026-11-27", true, "an ordinary Friday"},
  };
  for (const Row& row : rows) {
    INFO(row.date << ": " << row.why);
    CHECK(official().is_working_day(day(row.date)) == row.working);
  }
}

TEST_CASE("adding working days follows the law's rule", "[calendar]") {
  struct Row {
    const char* start;
    int n;
    const char* end;
  };
  // Hand counts: the start day is not counted; the n-th working day after it ends the limit.
  const Row rows[] = {
      // Fri 18 Sep; 20 Sun(1) 21-24(2-5) 28-30(6-8) 8-9 Oct(9-10) 10 Sat(11) 12-16(12-16)
      // 19-22(17-20).
      {"2026-09-18", 20, "2026-10-22"},
      // Fri 13 Feb; 14 Sat worked(1), holiday to 23 Feb, 24-27(2-5).
      {"2026-02-13", 5, "2026-02-27"},
      // Thu 30 Apr; 1-5 May off, 6-8(1-3), 9 Sat worked(4), 11-15(5-9), 18(10).
      {"2026-04-30", 10, "2026-05-18"},
      // Fri 24 Jan 2025; 26 Sun worked(1), 27(2), 28 Jan-4 Feb off, 5-7 Feb(3-5).
      {"2025-01-24", 5, "2025-02-07"},
      // Fri 26 Sep 2025; 28 Sun worked(1), 29(2), 30(3).
      {"2025-09-26", 3, "2025-09-30"},
      // Across the year: Tue 30 Dec 2025; 31(1), 1-3 Jan off, 4 Sun worked(2), 5(3).
      {"2025-12-30", 3, "2026-01-05"},
      // Starting on a holiday: Wed 1 Oct 2025; off to 8 Oct, 9(1), 10(2), 11 Sat worked(3).
      {"2025-10-01", 3, "2025-10-11"},
      // Starting on a Saturday, one day: the next Monday.
      {"2026-11-28", 1, "2026-11-30"},
      // Zero days: the start day itself (instant items).
      {"2026-09-18", 0, "2026-09-18"},
  };
  for (const Row& row : rows) {
    INFO(row.start << " + " << row.n);
    CHECK(format_date(official().add_working_days(day(row.start), row.n)) == row.end);
    if (row.n > 0) CHECK(official().working_days_between(day(row.start), day(row.end)) == row.n);
  }
}

TEST_CASE("working days between counts after the first date up to the second", "[calendar]") {
  CHECK(official().working_days_between(day("2026-09-18"), day("2026-09-18")) == 0);
  CHECK(official().working_days_between(day("2026-09-18"), day("2026-09-17")) == 0);
  // Fri 25 Sep to Thu 8 Oct 2026: 28, 29, 30 Sep and 8 Oct.
  CHECK(official().working_days_between(day("2026-09-25"), day("2026-10-08")) == 4);
}

TEST_CASE("a year without a notice falls back to Monday-Friday", "[calendar]") {
  // 1 Jan 2027 is a Friday: a working day until the 2027 notice is loaded.
  CHECK(official().is_working_day(day("2027-01-01")));
  CHECK_FALSE(official().is_working_day(day("2027-01-02")));
  CHECK(official().is_official_between(day("2026-01-05"), day("2026-12-31")));
  CHECK_FALSE(official().is_official_between(day("2026-12-01"), day("2027-01-05")));
  // Thu 24 Dec 2026 + 10: 25, 28-31 Dec, 1, 4-7 Jan 2027 on Monday-Friday.
  CHECK(format_date(official().add_working_days(day("2026-12-24"), 10)) == "2027-01-07");
}

TEST_CASE("loading a year replaces the fallback for that year only", "[calendar]") {
  Calendar calendar;
  YearRules rules;
  rules.year = 2027;
  rules.holidays.push_back({"元旦", day("2027-01-01"), day("2027-01-01")});
  rules.working_weekend_days.push_back(day("2027-01-02"));
  REQUIRE(calendar.add_year(rules).ok());
  CHECK_FALSE(calendar.is_working_day(day("2027-01-01")));
  CHECK(calendar.is_working_day(day("2027-01-02")));
  CHECK(calendar.is_official(2027));
  CHECK_FALSE(calendar.is_official(2026));
}

TEST_CASE("year files are checked line by line", "[calendar]") {
  struct Row {
    const char* text;
    const char* error;
  };
  const Row rows[] = {
      {"holiday 2026-01-01 2026-01-03 元旦\n", "2026.txt:1: missing 'year YYYY' line"},
      {"year 2026\nholliday 2026-01-01 2026-01-03 元旦\n",
       "2026.txt:2: unknown line 'holliday' (expected year, notice, holiday or workday)"},
      {"year 2026\n# comment\nholiday 2026-01-01 2026-01-33 元旦\n",
       "2026.txt:3: expected: holiday FIRST-DATE LAST-DATE NAME (dates as YYYY-MM-DD)"},
      {"year 2026\nworkday 01-04\n",
       "2026.txt:2: expected: workday DATE [NOTE] (date as YYYY-MM-DD)"},
      {"year 2026\nholiday 2025-12-31 2026-01-01 元旦\n", "2026.txt: 元旦 lies outside 2026"},
      {"year 2026\nholiday 2026-01-03 2026-01-01 元旦\n", "2026.txt: 元旦 ends before it starts"},
      {"year 2026\nholiday 2026-01-01 2026-01-03 元旦\nworkday 2026-01-02\n",
       "2026.txt: 2026-01-02 is also a holiday"},
  };
  for (const Row& row : rows) {
    INFO(row.text);
    auto parsed = parse_year_rules(row.text, "2026.txt");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message() == row.error);
  }
  auto good =
      parse_year_rules("year 2026\nnotice 通知\nholiday 2026-01-01 2026-01-03 元旦 假期\n", "x");
  REQUIRE(good.ok());
  CHECK(good->notice == "通知");
  CHECK(good->holidays.at(0).name == "元旦 假期");
}
