#include "engine/case_number.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "engine/time.h"
#include "engine/time_source.h"

using namespace oneseal;
using std::chrono::milliseconds;

namespace {

std::chrono::system_clock::time_point at(const char* instant, milliseconds plus = milliseconds{0}) {
  return std::chrono::system_clock::time_point{*parse_instant(instant)} + plus;
}

}  // namespace

TEST_CASE(
    "a case number is OS, the bureau date and time of day, the tenth of a second, four random "
    "digits",
    "[case number]") {
  CHECK(case_number(at("2026-11-27T14:30:15+08:00", milliseconds{487}), 2917) ==
        "OS2026112714301542917");
  // 16:30 UTC is half past midnight of the next day in Beijing; the random part keeps its zeros.
  CHECK(case_number(at("2026-09-18T16:30:00Z"), 7) == "OS2026091900300000007");
  CHECK(case_number(at("2026-12-31T23:59:59+08:00", milliseconds{999}), 123456789) ==
        "OS2026123123595996789");
}

TEST_CASE(
    "case numbers drawn a tenth of a second apart sort in the order they were drawn, whatever "
    "their random "
    "digits",
    "[case number]") {
  std::mt19937_64 random(42);
  std::string before = case_number(at("2026-11-27T08:59:59+08:00"), random());
  for (int tenth = 1; tenth <= 36000; ++tenth) {  // an hour, across the day's first full hours
    std::string next =
        case_number(at("2026-11-27T08:59:59+08:00", milliseconds{100 * tenth}), random());
    REQUIRE(before < next);
    before = next;
  }
}

TEST_CASE(
    "a clock moved by --clock-offset numbers cases at the moved time, to the tenth of a second",
    "[case number]") {
  class FixedTime final : public TimeSource {
   public:
    Instant now() const override { return std::chrono::floor<std::chrono::seconds>(now_exact()); }
    std::chrono::system_clock::time_point now_exact() const override {
      return at("2026-11-27T14:30:15+08:00", milliseconds{487});
    }
  };
  const FixedTime base;
  const OffsetTime drill(base, std::chrono::hours{24 * 30});
  CHECK(case_number(drill.now_exact(), 2917) == "OS2026122714301542917");
  CHECK(drill.now() == *parse_instant("2026-12-27T14:30:15+08:00"));
}
