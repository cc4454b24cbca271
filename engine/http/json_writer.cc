// The JSON writers the answer printers share (json_writer.h).
#include "engine/http/json_writer.h"

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <openssl/evp.h>

#include <array>
#include <vector>

namespace oneseal::http {

namespace {

// Code points above ASCII that protobuf escapes: C1 controls and invisible format characters
// (read off protobuf 3.21's output for every code point).
bool escaped_code_point(uint32_t cp) {
  if (cp > 0x206f && cp < 0xfeff) return false;  // CJK and most scripts: decided at once
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x600 && cp <= 0x603) || cp == 0x6dd ||
         cp == 0x70f || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
         (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
}

void append_unit(uint32_t unit, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(unit >> shift) & 0xf]);
}

void append_ascii(unsigned char c, std::string* out) {
  switch (c) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\f':
      out->append("\\f");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '\t':
      out->append("\\t");
      return;
  }
  // '<' and '>' so that the JSON can sit inside HTML.
  if (c < 0x20 || c == '<' || c == '>' || c == 0x7f) {
    append_unit(c, out);
  } else {
    out->push_back(char(c));
  }
}

// The ASCII bytes printed as they are ('<' and '>' are escaped so that JSON can sit in HTML).
constexpr auto kPlainAscii = [] {
  std::array<bool, 128> plain{};
  for (int c = 0x20; c < 0x7f; ++c)
    plain[size_t(c)] = c != '"' && c != '\\' && c != '<' && c != '>';
  return plain;
}();

}  // namespace

// Bytes that need no escape are copied in runs, not one push_back at a time: answers are
// mostly Chinese text, three bytes a character.
void append_string(std::string_view text, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // where the bytes not yet copied begin
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (kPlainAscii[lead]) {
        ++i;
        continue;
      }
      out->append(text.substr(run, i - run));
      append_ascii(lead, out);
      run = ++i;
      continue;
    }
    // proto3 strings are valid UTF-8; a cut sequence at the end is copied as it is.
    const size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (i + length > text.size()) {
      i = text.size();
      break;
    }
    if (lead >= 0xe3 && lead <= 0xee) {  // U+3000 to U+EFFF, CJK among them: none is escaped
      i += 3;
      continue;
    }
    uint32_t cp = lead & (0x7f >> length);
    for (size_t k = 1; k < length; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    if (!escaped_code_point(cp)) {
      i += length;
      continue;
    }
    out->append(text.substr(run, i - run));
    if (cp < 0x10000) {
      append_unit(cp, out);
    } else {
      append_unit(0xd800 + ((cp - 0x10000) >> 10), out);
      append_unit(0xdc00 + ((cp - 0x10000) & 0x3ff), out);
    }
    i += length;
    run = i;
  }
  out->append(text.substr(run));
  out->push_back('"');
}

void append_base64(const std::string& bytes, std::string* out) {
  std::vector<unsigned char> encoded(4 * ((bytes.size() + 2) / 3) + 1);
  const int length =
      EVP_EncodeBlock(encoded.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  out->push_back('"');
  out->append(reinterpret_cast<const char*>(encoded.data()), length);
  out->push_back('"');
}

namespace {

// Writes `value` in exactly `width` digits (zero-padded) at `at`; returns the end.
char* put_digits(int64_t value, int width, char* at) {
  for (int k = width - 1; k >= 0; --k, value /= 10) at[k] = char('0' + value % 10);
  return at + width;
}

}  // namespace

// What TimeUtil::ToString prints ("2026-10-09T08:00:00.120Z": nanos in 0, 3, 6 or 9 digits),
// written digit by digit: it formats through StringPrintf, and answers hold a dozen timestamps.
void append_timestamp(int64_t seconds, int32_t nanos, std::string* out) {
  constexpr int64_t kFirst = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kLast = 253402300799;   // 9999-12-31T23:59:59Z
  if (seconds < kFirst || seconds > kLast || nanos < 0 || nanos > 999999999) {
    google::protobuf::Timestamp odd;  // protobuf's own words for it ("InvalidTime")
    odd.set_seconds(seconds);
    odd.set_nanos(nanos);
    return append_string(google::protobuf::util::TimeUtil::ToString(odd), out);
  }
  // The civil date of a day count (Howard Hinnant's days_from_civil, inverted).
  const int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  const int64_t second_of_day = seconds - days * 86400;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March is 0
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[40] = "\"YYYY-MM-DDThh:mm:ss";
  put_digits(year, 4, text + 1);
  put_digits(month, 2, text + 6);
  put_digits(day, 2, text + 9);
  put_digits(second_of_day / 3600, 2, text + 12);
  put_digits(second_of_day / 60 % 60, 2, text + 15);
  char* end = put_digits(second_of_day % 60, 2, text + 18);
  if (nanos != 0) {
    *end++ = '.';
    if (nanos % 1000000 == 0) {
      end = put_digits(nanos / 1000000, 3, end);
    } else if (nanos % 1000 == 0) {
      end = put_digits(nanos / 1000, 6, end);
    } else {
      end = put_digits(nanos, 9, end);
    }
  }
  *end++ = 'Z';
  *end++ = '"';
  out->append(text, end);
}

void append_name(const char* name, bool first, std::string* out) {
  if (!first) out->push_back(',');
  out->push_back('"');
  out->append(name);
  out->append("\":");
}

void append_text_field(const char* name, const std::string& value, std::string* out, bool first) {
  append_name(name, first, out);
  append_string(value, out);
}

void append_int_field(const char* name, int32_t value, std::string* out) {
  append_name(name, false, out);
  append_integer(value, false, out);
}

void append_bool_field(const char* name, bool value, std::string* out) {
  append_name(name, false, out);
  out->append(value ? "true" : "false");
}

void append_texts_field(const char* name,
                        const google::protobuf::RepeatedPtrField<std::string>& texts,
                        std::string* out) {
  append_list_field(
      name, texts.size(), [&](int i) { append_string(texts.Get(i), out); }, out);
}

void append_time_field(const char* name, bool set, const google::protobuf::Timestamp& at,
                       std::string* out) {
  if (!set) return;
  append_name(name, false, out);
  append_timestamp(at.seconds(), at.nanos(), out);
}

}  // namespace oneseal::http
