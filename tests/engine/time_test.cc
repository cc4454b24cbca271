#include "engine/time.h"

#include <catch2/catch.hpp>

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
