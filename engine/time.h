// Instants and bureau dates. Time limits are counted in days of Asia/Shanghai (UTC+8, no
// daylight saving), so a fixed offset is exact and no time zone database is needed.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace oneseal {

using Instant = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;  // a day in bureau time

inline constexpr std::chrono::hours kBureauUtcOffset{8};

// The range every computation supports; inputs outside it are refused where they enter.
inline constexpr Date kFirstSupportedDate = std::chrono::sys_days{std::chrono::year{1970} / 1 / 1};
inline constexpr Date kLastSupportedDate = std::chrono::sys_days{std::chrono::year{2399} / 12 / 31};

// The bureau day an instant falls on.
inline Date bureau_date(Instant t) {
  return std::chrono::floor<std::chrono::days>(t + kBureauUtcOffset);
}
// 00:00 bureau time of a day.
inline Instant start_of(Date d) { return Instant{d.time_since_epoch()} - kBureauUtcOffset; }
// 24:00 bureau time of a day: the instant a limit ending that day has run out.
inline Instant end_of(Date d) { return start_of(d + std::chrono::days{1}); }

bool is_supported(Date d);
bool is_supported(Instant t);

// "2026-09-18"; nullopt unless a valid supported date in exactly that form.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

// RFC 3339 with a "Z" or "+hh:mm" offset, e.g. "2026-09-18T10:00:00+08:00"; also a bare date,
// read as 00:00 bureau time.
std::optional<Instant> parse_instant(std::string_view text);
// In bureau time: "2026-09-18T10:00:00+08:00".
std::string format_instant(Instant t);

Instant from_proto(const google::protobuf::Timestamp& ts);
google::protobuf::Timestamp to_proto(Instant t);

}  // namespace oneseal
