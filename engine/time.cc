#include "engine/time.h"

#include <cstdio>
#include <cstring>

namespace oneseal {

namespace {

// Reads exactly `width` digits.
bool read_number(std::string_view text, size_t pos, size_t width, int* out) {
  if (pos + width > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

// Writes `v` as exactly `width` decimal digits.
void put_digits(char* out, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = char('0' + v % 10);
    v /= 10;
  }
}

// "YYYY-MM-DD" into out[0..10) for a year of 0 to 9999; false for another year.
bool put_date(Date d, char* out) {
  const std::chrono::year_month_day ymd{d};
  const int y = int(ymd.year());
  if (y < 0 || y > 9999) return false;
  put_digits(out, unsigned(y), 4);
  out[4] = '-';
  put_digits(out + 5, unsigned(ymd.month()), 2);
  out[7] = '-';
  put_digits(out + 8, unsigned(ymd.day()), 2);
  return true;
}

}  // namespace

bool is_supported(Date d) { return d >= kFirstSupportedDate && d <= kLastSupportedDate; }
bool is_supported(Instant t) { return is_supported(bureau_date(t)); }

std::optional<Date> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_number(text, 0, 4, &y) || !read_number(text, 5, 2, &m) ||
      !read_number(text, 8, 2, &d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  Date date{ymd};
  if (!is_supported(date)) return std::nullopt;
  return date;
}

// Digits written by hand: a progress answer formats a dozen dates and instants, and snprintf
// was an eighth of its instructions. snprintf remains for years outside 0 to 9999.
std::string format_date(Date d) {
  char text[10];
  if (put_date(d, text)) return std::string(text, sizeof text);
  std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buf;
}

std::optional<Instant> parse_instant(std::string_view text) {
  auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return start_of(*date);
  int hh = 0, mm = 0, ss = 0;
  if (text.size() < 20 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':' || !read_number(text, 11, 2, &hh) || !read_number(text, 14, 2, &mm) ||
      !read_number(text, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59) {
    return std::nullopt;
  }
  std::string_view zone = text.substr(19);
  int offset_minutes = 0;
  if (zone == "Z") {
    offset_minutes = 0;
  } else {
    int oh = 0, om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !read_number(zone, 1, 2, &oh) || !read_number(zone, 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  Instant local = Instant{date->time_since_epoch()} + std::chrono::hours{hh} +
                  std::chrono::minutes{mm} + std::chrono::seconds{ss};
  Instant t = local - std::chrono::minutes{offset_minutes};
  if (!is_supported(t)) return std::nullopt;
  return t;
}

std::string format_instant(Instant t) {
  Date d = bureau_date(t);
  auto in_day = (t + kBureauUtcOffset) - Instant{d.time_since_epoch()};
  long secs = long(in_day.count());
  char text[25];  // 2026-09-19T00:30:00+08:00
  if (secs >= 0 && secs < 86400 && put_date(d, text)) {
    text[10] = 'T';
    put_digits(text + 11, unsigned(secs / 3600), 2);
    text[13] = ':';
    put_digits(text + 14, unsigned(secs / 60 % 60), 2);
    text[16] = ':';
    put_digits(text + 17, unsigned(secs % 60), 2);
    std::memcpy(text + 19, "+08:00", 6);
    return std::string(text, sizeof text);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02ld:%02ld:%02ld+08:00", format_date(d).c_str(), secs / 3600,
                secs / 60 % 60, secs % 60);
  return buf;
}

Instant from_proto(const google::protobuf::Timestamp& ts) {
  return Instant{std::chrono::seconds{ts.seconds()}};
}

google::protobuf::Timestamp to_proto(Instant t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(t.time_since_epoch().count());
  return ts;
}

}  // namespace oneseal
