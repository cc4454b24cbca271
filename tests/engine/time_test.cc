#include "engine/time.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>

using namespace oneseal;

TEST_CASE("bureau dates are days of UTC+8", "[time]") {
  // 16:30 UTC on 18 September is 00:30 on the 19th in Beijing.
  auto t = parse_instant("2026-09-18T16:30:00Z");
  REQUIRE(t);
  CHECK(format_date(bureau_date(*t)) == "2026-09-19");
  CHECK(format_instant(*t) == "2026-09-19T00:30:00+08:00");
  // 15:59:59 UTC is still the 18th there.
  CHECK(format_date(bureau_date(*parse_instant("2026-09-18T15:59:59Z"))) == "2026-09-18");
}

TEST_CASE("start and end of a bureau day", "[time]") {
  Date d = *parse_date("2026-10-22");
  CHECK(format_instant(start_of(d)) == "2026-10-22T00:00:00+08:00");
  CHECK(format_instant(end_of(d)) == "2026-10-23T00:00:00+08:00");
  CHECK(bureau_date(end_of(d) - std::chrono::seconds{1}) == d);
}

TEST_CASE("instants parse with offsets and as bare dates", "[time]") {
  CHECK(*parse_instant("2026-09-18T10:00:00+08:00") == *parse_instant("2026-09-18T02:00:00Z"));
  CHECK(*parse_instant("2026-09-18T02:00:00-01:30") == *parse_instant("2026-09-18T03:30:00Z"));
  CHECK(*parse_instant("2026-09-18") == *parse_instant("2026-09-18T00:00:00+08:00"));
}

TEST_CASE("malformed dates and instants are refused", "[time]") {
  for (const char* bad : {"", "2026-9-18", "2026-02-30", "2026-13-01", "20260918", "2026-09-18x",
                          "1969-12-31", "2400-01-01", "abcd-ef-gh"}) {
    INFO(bad);
    CHECK_FALSE(parse_date(bad));
  }
  for (const char* bad : {"2026-09-18T25:00:00Z", "2026-09-18T10:00:00", "2026-09-18T10:00:00+8",
                          "2026-09-18T10:00Z", "2026-09-18T10:00:00+08:00junk"}) {
    INFO(bad);
    CHECK_FALSE(parse_instant(bad));
  }
}

TEST_CASE("timestamps round-trip through protobuf", "[time]") {
  Instant t = *parse_instant("2026-09-18T10:00:00+08:00");
  CHECK(from_proto(to_proto(t)) == t);
}

// What format_date and format_instant printed with snprintf, the reference for the digits
// they now write themselves.
namespace {
std::string reference_instant(Instant t) {
  const Date d = bureau_date(t);
  const std::chrono::year_month_day ymd{d};
  const long secs = long(((t + kBureauUtcOffset) - Instant{d.time_since_epoch()}).count());
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld+08:00", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), secs / 3600, secs / 60 % 60, secs % 60);
  return buf;
}
}  // namespace

TEST_CASE("dates and instants print as they did with snprintf, at every second of a day and over centuries",
          "[time]") {
  const Instant day = *parse_instant("2026-09-18T00:00:00+08:00");
  for (int s = 0; s < 86400; s += 1) {
    const Instant t = day + std::chrono::seconds{s};
    REQUIRE(format_instant(t) == reference_instant(t));
  }
  std::mt19937_64 random(7);
  // From 1 January 1970 to the last supported day, and outside the years of four digits.
  std::uniform_int_distribution<int64_t> seconds(-86400LL * 366, 86400LL * 365 * 430);
  for (int i = 0; i < 100000; ++i) {
    const Instant t{std::chrono::seconds{seconds(random)}};
    REQUIRE(format_instant(t) == reference_instant(t));
    REQUIRE(format_date(bureau_date(t)) == reference_instant(t).substr(0, 10));
  }
  const Instant far{std::chrono::seconds{int64_t(86400) * 365 * 9000}};  // past the year 9999
  CHECK(format_instant(far) == reference_instant(far));
  CHECK(format_date(bureau_date(far)) == reference_instant(far).substr(0, reference_instant(far).find('T')));
}
