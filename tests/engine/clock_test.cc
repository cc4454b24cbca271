#include "engine/clock.h"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "tests/engine/fixtures.h"

using namespace oneseal;

// Every expected date below is counted by hand against seeds/calendar/2025.txt and 2026.txt.
// The autumn of 2026, which most cases use:
//   Sep: Fri 18 (start), Sat 19 off, Sun 20 worked (调休), Mon 21 - Thu 24 working,
//        Fri 25 - Sun 27 Mid-Autumn, Mon 28 - Wed 30 working;
//   Oct: Thu 1 - Wed 7 National Day, Thu 8, Fri 9, Sat 10 worked (调休), Sun 11 off,
//        then Monday-Friday: 12-16, 19-23, 26-30;
//   Nov: Mon 2 - Fri 6, ...; Dec: Tue 1 ... Thu 31; 1 Jan 2027 is a Friday (no notice loaded).
// The 20-day count from Fri 18 Sep 2026:
//   Sun 20(1) 21(2) 22(3) 23(4) 24(5) | 28(6) 29(7) 30(8) | Oct 8(9) 9(10) Sat 10(11)
//   12(12) 13(13) 14(14) 15(15) 16(16) | 19(17) 20(18) 21(19) 22(20) | 23(21) 26(22) 27(23).

namespace {

const Calendar& official() { return fixtures::calendar(); }

Instant at(const char* text) {
  auto parsed = parse_instant(text);
  if (!parsed) throw std::invalid_argument(std::string("bad instant in test: ") + text);
  return *parsed;
}

google::protobuf::Timestamp ts(const char* text) { return to_proto(at(text)); }

struct PauseSpan {
  const char* from;
  const char* to;  // nullptr: the pause still runs
};

// A clock of `limit` working days started at `start`, with the given pauses, optionally stopped
// and with a warning share (0: the default 20%).
v1::Clock make_clock(const char* start, int limit, std::initializer_list<PauseSpan> pauses = {},
                     const char* stopped = nullptr, int warning_share_percent = 0) {
  v1::Clock clock;
  clock.set_limit_working_days(limit);
  *clock.mutable_started_at() = ts(start);
  for (const PauseSpan& span : pauses) {
    v1::Pause* pause = clock.add_pause();
    *pause->mutable_started_at() = ts(span.from);
    if (span.to) *pause->mutable_ended_at() = ts(span.to);
  }
  if (stopped) *clock.mutable_stopped_at() = ts(stopped);
  clock.set_warning_share_percent(warning_share_percent);
  return clock;
}

// "2026-10-22", or "none" while unknown.
std::string deadline_of(const ClockReader& reader) {
  auto d = reader.deadline();
  return d ? format_date(d->date) : "none";
}

bool provisional(const ClockReader& reader) {
  auto d = reader.deadline();
  if (!d) throw std::logic_error("no deadline");
  return d->provisional;
}

// "2026-10-19T00:00:00+08:00", or "none" while unknown.
std::string yellow_of(const ClockReader& reader) {
  auto y = reader.yellow_from();
  return y ? format_instant(*y) : "none";
}

std::string level_at(const ClockReader& reader, const char* instant) {
  return alert_level_name(reader.level(at(instant)));
}

struct Count {
  const char* at;
  int elapsed;
  const char* why;
};

void check_counts(const ClockReader& reader, int limit, std::initializer_list<Count> rows) {
  for (const Count& row : rows) {
    INFO(row.at << ": " << row.why);
    CHECK(reader.elapsed(at(row.at)) == row.elapsed);
    CHECK(reader.remaining(at(row.at)) == limit - row.elapsed);
  }
}

}  // namespace

TEST_CASE("the warning share is rounded down and is at least one day", "[clock]") {
  CHECK(warning_days(20, 20) == 4);  // 20 * 20% = 4
  CHECK(warning_days(5, 20) == 1);   // 5 * 20% = 1
  CHECK(warning_days(12, 20) == 2);  // 12 * 20% = 2.4, rounded down
  CHECK(warning_days(1, 20) == 1);   // 0.2, rounded down to 0, raised to the minimum of 1
  CHECK(warning_days(20, 0) == 4);   // 0 means the default 20%
  CHECK(warning_days(45, 10) == 4);  // 4.5, rounded down
  CHECK(warning_days(20, 50) == 10);
  CHECK(warning_days(3, 50) == 1);  // 1.5, rounded down
}

TEST_CASE("a twenty-day clock runs over the National Day holiday", "[clock]") {
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20);
  const ClockReader reader(clock, official());
  CHECK_FALSE(reader.paused());
  CHECK_FALSE(reader.stopped());

  // Count from Fri 18 Sep (see the top of the file): the 20th working day is Thu 22 Oct.
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK_FALSE(provisional(reader));
  // K = 4, so yellow from the 20 - 4 + 1 = 17th working day: Mon 19 Oct.
  CHECK(yellow_of(reader) == "2026-10-19T00:00:00+08:00");

  check_counts(reader, 20,
               {
                   {"2026-09-18T10:00:00+08:00", 0, "the acceptance instant"},
                   {"2026-09-18T23:59:59+08:00", 0, "the acceptance day is not counted"},
                   {"2026-09-19T12:00:00+08:00", 0, "Saturday 19 Sep is not a working day"},
                   {"2026-09-20T09:00:00+08:00", 1, "Sunday 20 Sep is worked"},
                   {"2026-09-24T18:00:00+08:00", 5, "Thu 24 Sep, before Mid-Autumn"},
                   {"2026-09-26T12:00:00+08:00", 5, "Mid-Autumn holiday"},
                   {"2026-09-30T12:00:00+08:00", 8, "Wed 30 Sep"},
                   {"2026-10-03T12:00:00+08:00", 8, "National Day holiday"},
                   {"2026-10-07T23:59:59+08:00", 8, "last day of the National Day holiday"},
                   {"2026-10-08T00:00:00+08:00", 9, "Thu 8 Oct, first working day after it"},
                   {"2026-10-10T15:00:00+08:00", 11, "Saturday 10 Oct is worked"},
                   {"2026-10-11T15:00:00+08:00", 11, "Sunday 11 Oct is not"},
                   {"2026-10-19T08:00:00+08:00", 17, "the first yellow day"},
                   {"2026-10-22T12:00:00+08:00", 20, "the deadline day"},
                   {"2026-10-23T09:00:00+08:00", 21, "Fri 23 Oct, one day late"},
                   {"2026-10-25T09:00:00+08:00", 21, "the weekend after"},
                   {"2026-10-27T09:00:00+08:00", 23, "Tue 27 Oct"},
               });
  // Before the clock started nothing is used.
  CHECK(reader.elapsed(at("2026-09-17T12:00:00+08:00")) == 0);

  CHECK(level_at(reader, "2026-09-18T10:00:00+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-03T12:00:00+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-18T23:59:59+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-19T00:00:00+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-22T23:59:59+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "RED");
  CHECK(level_at(reader, "2026-12-01T00:00:00+08:00") == "RED");
}

TEST_CASE("days are bureau days whatever the offset of an instant", "[clock]") {
  // 16:30 UTC on 17 Sep is 00:30 on Fri 18 Sep in Beijing: the same count as above.
  const v1::Clock clock = make_clock("2026-09-17T16:30:00Z", 20);
  const ClockReader reader(clock, official());
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK(reader.elapsed(at("2026-09-19T15:59:59Z")) == 0);  // 23:59:59 on Sat 19 Sep
  CHECK(reader.elapsed(at("2026-09-19T16:00:00Z")) == 1);  // 00:00 on Sun 20 Sep, worked
  CHECK(level_at(reader, "2026-10-18T15:59:59Z") == "GREEN");
  CHECK(level_at(reader, "2026-10-18T16:00:00Z") == "YELLOW");  // 00:00 Mon 19 Oct
  CHECK(level_at(reader, "2026-10-22T15:59:59Z") == "YELLOW");
  CHECK(level_at(reader, "2026-10-22T16:00:00Z") == "RED");  // 24:00 Thu 22 Oct
}

TEST_CASE("a pause counts its first day but not the day the clock resumes", "[clock]") {
  // Paused on Tue 22 Sep at 15:00, resumed on Tue 29 Sep at 09:00.
  // Before the pause: Sun 20(1) 21(2) 22(3) — the pause day counts.
  // After it, from Tue 29 (not counted): 30(4) Oct 8(5) 9(6) Sat 10(7) 12(8) 13(9) 14(10)
  // 15(11) 16(12) 19(13) 20(14) 21(15) 22(16) 23(17) 26(18) 27(19) 28(20).
  // Equivalently the pause swallowed Wed 23, Thu 24, Mon 28 and Tue 29: 22 Oct + 4 = 28 Oct.
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20,
                                     {{"2026-09-22T15:00:00+08:00", "2026-09-29T09:00:00+08:00"}});
  const ClockReader reader(clock, official());
  CHECK_FALSE(reader.paused());
  CHECK(deadline_of(reader) == "2026-10-28");
  CHECK_FALSE(provisional(reader));
  // 17th working day: Fri 23 Oct.
  CHECK(yellow_of(reader) == "2026-10-23T00:00:00+08:00");

  check_counts(reader, 20,
               {
                   {"2026-09-22T10:00:00+08:00", 3, "Tue 22 Sep before the pause"},
                   {"2026-09-22T16:00:00+08:00", 3, "the pause day counts"},
                   {"2026-09-24T12:00:00+08:00", 3, "frozen during the pause"},
                   {"2026-09-29T08:00:00+08:00", 3, "resume day, before the resumption"},
                   {"2026-09-29T17:00:00+08:00", 3, "the resume day is not counted"},
                   {"2026-09-30T09:00:00+08:00", 4, "Wed 30 Sep"},
                   {"2026-10-22T12:00:00+08:00", 16, "the old deadline day"},
                   {"2026-10-28T12:00:00+08:00", 20, "the new deadline day"},
                   {"2026-10-29T12:00:00+08:00", 21, "one day late"},
               });

  CHECK(level_at(reader, "2026-10-22T23:59:59+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-28T23:59:59+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-29T00:00:00+08:00") == "RED");
}

TEST_CASE("while paused the deadline is unknown and the count is frozen", "[clock]") {
  SECTION("green before the pause stays green") {
    // Paused on Tue 22 Sep at 15:00, still paused: 3 working days used, 17 left.
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {{"2026-09-22T15:00:00+08:00", nullptr}});
    const ClockReader reader(clock, official());
    CHECK(reader.paused());
    CHECK(deadline_of(reader) == "none");
    CHECK(yellow_of(reader) == "none");
    CHECK(reader.elapsed(at("2026-09-22T14:00:00+08:00")) == 3);
    CHECK(reader.elapsed(at("2026-10-22T12:00:00+08:00")) == 3);
    CHECK(reader.elapsed(at("2026-12-31T12:00:00+08:00")) == 3);
    CHECK(reader.remaining(at("2026-12-31T12:00:00+08:00")) == 17);
    CHECK(level_at(reader, "2026-10-22T12:00:00+08:00") == "GREEN");
    CHECK(level_at(reader, "2026-12-31T12:00:00+08:00") == "GREEN");
  }
  SECTION("yellow before the pause stays yellow") {
    // Paused on Tue 20 Oct (working day 18, yellow since Mon 19 Oct), still paused.
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {{"2026-10-20T11:00:00+08:00", nullptr}});
    const ClockReader reader(clock, official());
    CHECK(reader.paused());
    CHECK(deadline_of(reader) == "none");
    CHECK(yellow_of(reader) == "2026-10-19T00:00:00+08:00");  // reached before the pause
    CHECK(reader.elapsed(at("2026-10-23T12:00:00+08:00")) == 18);
    CHECK(reader.elapsed(at("2026-11-30T12:00:00+08:00")) == 18);
    CHECK(level_at(reader, "2026-10-18T23:59:59+08:00") == "GREEN");
    CHECK(level_at(reader, "2026-10-19T00:00:00+08:00") == "YELLOW");
    // The old deadline (22 Oct) passes during the pause: no red.
    CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "YELLOW");
    CHECK(level_at(reader, "2026-11-30T12:00:00+08:00") == "YELLOW");
  }
}

TEST_CASE("a pause and resumption on the same day changes nothing", "[clock]") {
  // Paused and resumed on Tue 22 Sep: 22 counted once (in the first period), not again as a
  // resume day, so the count is that of the clock without a pause.
  const v1::Clock plain = make_clock("2026-09-18T10:00:00+08:00", 20);
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20,
                                     {{"2026-09-22T11:00:00+08:00", "2026-09-22T16:00:00+08:00"}});
  const ClockReader reader(clock, official());
  const ClockReader without(plain, official());
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK(yellow_of(reader) == "2026-10-19T00:00:00+08:00");
  for (const char* instant :
       {"2026-09-22T10:00:00+08:00", "2026-09-22T12:00:00+08:00", "2026-09-22T17:00:00+08:00",
        "2026-09-23T12:00:00+08:00", "2026-10-19T00:00:00+08:00", "2026-10-22T12:00:00+08:00",
        "2026-10-23T00:00:00+08:00"}) {
    INFO(instant);
    CHECK(reader.elapsed(at(instant)) == without.elapsed(at(instant)));
    CHECK(reader.level(at(instant)) == without.level(at(instant)));
  }
  CHECK(reader.elapsed(at("2026-09-22T12:00:00+08:00")) == 3);  // Sun 20, Mon 21, Tue 22
  CHECK(reader.elapsed(at("2026-10-22T12:00:00+08:00")) == 20);
}

TEST_CASE("two pauses both move the deadline", "[clock]") {
  // Pause 1: Tue 22 Sep 15:00 - Tue 29 Sep 09:00. Before it: 20(1) 21(2) 22(3).
  // Between: from Tue 29 Sep, 30(4) Oct 8(5) 9(6) Sat 10(7) 12(8) 13(9) 14(10) — the day of
  // pause 2 (Wed 14 Oct 10:00 - Mon 19 Oct 09:00) counts.
  // After: from Mon 19 Oct, 20(11) 21(12) 22(13) 23(14) 26(15) 27(16) 28(17) 29(18) 30(19)
  // Nov 2(20).
  // Check: pause 2 swallowed Thu 15, Fri 16 and Mon 19 Oct: 28 Oct (one pause) + 3 = Mon 2 Nov.
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20,
                                     {{"2026-09-22T15:00:00+08:00", "2026-09-29T09:00:00+08:00"},
                                      {"2026-10-14T10:00:00+08:00", "2026-10-19T09:00:00+08:00"}});
  const ClockReader reader(clock, official());
  CHECK_FALSE(reader.paused());
  CHECK(deadline_of(reader) == "2026-11-02");
  CHECK(yellow_of(reader) == "2026-10-28T00:00:00+08:00");  // 17th working day

  check_counts(reader, 20,
               {
                   {"2026-09-25T12:00:00+08:00", 3, "first pause"},
                   {"2026-10-14T09:00:00+08:00", 10, "Wed 14 Oct before the second pause"},
                   {"2026-10-16T12:00:00+08:00", 10, "second pause"},
                   {"2026-10-19T12:00:00+08:00", 10, "resume day, not counted"},
                   {"2026-10-20T12:00:00+08:00", 11, "Tue 20 Oct"},
                   {"2026-10-31T12:00:00+08:00", 19, "Saturday 31 Oct"},
                   {"2026-11-02T12:00:00+08:00", 20, "the deadline day"},
                   {"2026-11-03T12:00:00+08:00", 21, "one day late"},
               });

  CHECK(level_at(reader, "2026-10-27T23:59:59+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-28T00:00:00+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-11-02T23:59:59+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-11-03T00:00:00+08:00") == "RED");

  SECTION("while the second pause runs") {
    v1::Clock running = clock;
    running.mutable_pause(1)->clear_ended_at();
    const ClockReader paused(running, official());
    CHECK(paused.paused());
    CHECK(deadline_of(paused) == "none");
    CHECK(yellow_of(paused) == "none");  // 10 used, yellow would be the 17th
    CHECK(paused.elapsed(at("2026-11-20T12:00:00+08:00")) == 10);
    CHECK(level_at(paused, "2026-11-20T12:00:00+08:00") == "GREEN");
  }
}

TEST_CASE("a clock paused when already overdue keeps its past deadline", "[clock]") {
  // Paused on Mon 26 Oct, after the deadline of Thu 22 Oct: 23 Oct(21) and 26 Oct(22) used.
  const v1::Clock clock =
      make_clock("2026-09-18T10:00:00+08:00", 20, {{"2026-10-26T10:00:00+08:00", nullptr}});
  const ClockReader reader(clock, official());
  CHECK(reader.paused());
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK(yellow_of(reader) == "2026-10-19T00:00:00+08:00");
  CHECK(reader.elapsed(at("2026-11-05T12:00:00+08:00")) == 22);
  CHECK(reader.remaining(at("2026-11-05T12:00:00+08:00")) == -2);
  CHECK(level_at(reader, "2026-11-05T12:00:00+08:00") == "RED");
}

TEST_CASE("a clock paused on its last day turns red while paused", "[clock]") {
  // Paused on Thu 22 Oct, the 20th working day: the pause day counts, so the whole budget is
  // used and the limit runs out at 24:00 that day even though the clock is paused.
  const v1::Clock clock =
      make_clock("2026-09-18T10:00:00+08:00", 20, {{"2026-10-22T10:00:00+08:00", nullptr}});
  const ClockReader reader(clock, official());
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK(reader.elapsed(at("2026-10-30T12:00:00+08:00")) == 20);
  CHECK(level_at(reader, "2026-10-22T23:59:59+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "RED");
}

TEST_CASE("an extension is a larger limit and moves the deadline", "[clock]") {
  // 20 days + 10 days' extension. Continuing the count past 22 Oct(20): 23(21) 26(22) 27(23)
  // 28(24) 29(25) 30(26) Nov 2(27) 3(28) 4(29) 5(30).
  v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20);
  clock.set_limit_working_days(30);
  const ClockReader reader(clock, official());
  CHECK(deadline_of(reader) == "2026-11-05");
  // K = 30 * 20% = 6, so yellow from the 25th working day: Thu 29 Oct.
  CHECK(yellow_of(reader) == "2026-10-29T00:00:00+08:00");
  CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "GREEN");  // red with 20 days
  CHECK(level_at(reader, "2026-10-29T00:00:00+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-11-05T23:59:59+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-11-06T00:00:00+08:00") == "RED");
  CHECK(reader.remaining(at("2026-10-23T12:00:00+08:00")) == 9);  // 21 used of 30
}

TEST_CASE("an instant item of zero days is due on its start day", "[clock]") {
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 0);
  const ClockReader reader(clock, official());
  CHECK(deadline_of(reader) == "2026-09-18");
  CHECK_FALSE(provisional(reader));
  CHECK(yellow_of(reader) == "none");
  CHECK(reader.elapsed(at("2026-09-18T18:00:00+08:00")) == 0);
  CHECK(reader.remaining(at("2026-09-18T18:00:00+08:00")) == 0);
  CHECK(level_at(reader, "2026-09-18T10:00:00+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-09-18T23:59:59+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-09-19T00:00:00+08:00") == "RED");
  // Sunday 20 Sep is worked: one day used, one day late.
  CHECK(reader.remaining(at("2026-09-20T12:00:00+08:00")) == -1);
}

TEST_CASE("a stopped clock keeps the level it had when it stopped", "[clock]") {
  SECTION("finished well in time: green for ever, deadline unknown") {
    // Stopped on Wed 14 Oct: 14 working days used.
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {}, "2026-10-14T16:00:00+08:00");
    const ClockReader reader(clock, official());
    CHECK(reader.stopped());
    CHECK(deadline_of(reader) == "none");
    CHECK(yellow_of(reader) == "none");
    CHECK(reader.elapsed(at("2026-12-01T12:00:00+08:00")) == 14);
    CHECK(level_at(reader, "2026-10-14T16:00:00+08:00") == "GREEN");
    CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "GREEN");
    CHECK(level_at(reader, "2026-12-01T12:00:00+08:00") == "GREEN");
  }
  SECTION("finished in the yellow days: yellow for ever") {
    // Stopped on Tue 20 Oct, the 18th working day.
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {}, "2026-10-20T11:00:00+08:00");
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "none");
    CHECK(yellow_of(reader) == "2026-10-19T00:00:00+08:00");
    CHECK(reader.elapsed(at("2026-12-01T12:00:00+08:00")) == 18);
    CHECK(level_at(reader, "2026-12-01T12:00:00+08:00") == "YELLOW");
  }
  SECTION("finished on the deadline day: on time") {
    // Stopped on Thu 22 Oct, the 20th working day: the budget is used, so the deadline is known.
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {}, "2026-10-22T17:00:00+08:00");
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "2026-10-22");
    CHECK(reader.remaining(at("2026-12-01T12:00:00+08:00")) == 0);
    CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "YELLOW");
    CHECK(level_at(reader, "2026-12-01T12:00:00+08:00") == "YELLOW");
  }
  SECTION("finished late: red for ever") {
    // Stopped on Tue 27 Oct: 23 Oct(21) 26(22) 27(23).
    const v1::Clock clock =
        make_clock("2026-09-18T10:00:00+08:00", 20, {}, "2026-10-27T10:00:00+08:00");
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "2026-10-22");
    CHECK(reader.elapsed(at("2026-12-01T12:00:00+08:00")) == 23);
    CHECK(reader.remaining(at("2026-12-01T12:00:00+08:00")) == -3);
    CHECK(level_at(reader, "2026-10-27T10:00:00+08:00") == "RED");
    CHECK(level_at(reader, "2026-12-01T12:00:00+08:00") == "RED");
    // Asked about a time before the stop, the level is that of that time.
    CHECK(level_at(reader, "2026-10-19T12:00:00+08:00") == "YELLOW");
  }
}

TEST_CASE("a deadline reaching into a year without a notice is provisional", "[clock]") {
  SECTION("into 2027") {
    // Thu 10 Dec 2026: 11(1) 14-18(2-6) 21-25(7-11) 28-31(12-15), then Monday-Friday in 2027:
    // Fri 1 Jan(16) 4(17) 5(18) 6(19) 7(20).
    const v1::Clock clock = make_clock("2026-12-10T10:00:00+08:00", 20);
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "2027-01-07");
    CHECK(provisional(reader));
    CHECK(yellow_of(reader) == "2027-01-04T00:00:00+08:00");  // 17th working day
  }
  SECTION("inside 2026") {
    // Tue 1 Dec 2026: 2-4(1-3) 7-11(4-8) 14-18(9-13) 21-25(14-18) 28(19) 29(20).
    const v1::Clock clock = make_clock("2026-12-01T10:00:00+08:00", 20);
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "2026-12-29");
    CHECK_FALSE(provisional(reader));
  }
  SECTION("from 2025 into 2026, both notices loaded") {
    // Tue 30 Dec 2025: 31(1), 1-3 Jan off, Sun 4 Jan worked(2), 5(3).
    const v1::Clock clock = make_clock("2025-12-30T10:00:00+08:00", 3);
    const ClockReader reader(clock, official());
    CHECK(deadline_of(reader) == "2026-01-05");
    CHECK_FALSE(provisional(reader));
  }
}

TEST_CASE("the clock's warning share sets the first yellow day", "[clock]") {
  // 50% of 20 = 10 days: yellow from the 11th working day, Sat 10 Oct (worked).
  const v1::Clock clock = make_clock("2026-09-18T10:00:00+08:00", 20, {}, nullptr, 50);
  const ClockReader reader(clock, official());
  CHECK(deadline_of(reader) == "2026-10-22");
  CHECK(yellow_of(reader) == "2026-10-10T00:00:00+08:00");
  CHECK(level_at(reader, "2026-10-09T23:59:59+08:00") == "GREEN");
  CHECK(level_at(reader, "2026-10-10T00:00:00+08:00") == "YELLOW");
  CHECK(level_at(reader, "2026-10-23T00:00:00+08:00") == "RED");

  // 10% of 20 = 2 days: yellow from the 19th working day, Wed 21 Oct.
  const v1::Clock ten = make_clock("2026-09-18T10:00:00+08:00", 20, {}, nullptr, 10);
  CHECK(yellow_of(ClockReader(ten, official())) == "2026-10-21T00:00:00+08:00");
}
