// New case numbers (办件编号): OS, then the bureau date and time of day the number was drawn,
// its tenth of a second, and four random digits: "OS20261127143015" "4" "2917".
//
// Numbers drawn close in time sort close together. The store keys its event index and its
// projections by case number, and the commands of a busy hour mostly concern cases filed in
// it: with random numbers each command rewrote its own leaf page of every one of those B-trees,
// with time-ordered ones the commands of a batch share a few (docs/benchmarks.md). What that
// changes for guessing numbers is in docs/security.md. The CaseService draws a tenth's random
// parts without repeating one, and draws again a number another writer took.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace oneseal {

// The values the random part takes: 0000 to 9999.
inline constexpr uint64_t kCaseNumberRandomParts = 10000;

// `random` is reduced to four digits (modulo kCaseNumberRandomParts). An instant outside the
// supported years gives a number all the same; the calendar refuses such instants elsewhere.
std::string case_number(std::chrono::system_clock::time_point drawn_at, uint64_t random);

}  // namespace oneseal
