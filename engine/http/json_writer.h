// The pieces of JSON that the answer printers (json_printer.h, case_state_json.h,
// progress_json.h) share, each written byte for byte as protobuf 3.21's JSON printer writes it:
// the printers must print what protobuf prints. Thread-safe: nothing is kept.
#pragma once

#include <google/protobuf/repeated_ptr_field.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace google::protobuf {
class Timestamp;
}

namespace oneseal::http {

// `text` quoted, escaped as protobuf escapes it.
void append_string(std::string_view text, std::string* out);

// `value` in decimal, in quotes when `quoted`.
template <typename Integer>
void append_integer(Integer value, bool quoted, std::string* out) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  if (quoted) out->push_back('"');
  out->append(buffer, end);
  if (quoted) out->push_back('"');
}

// `bytes` in base64, quoted.
void append_base64(const std::string& bytes, std::string* out);

// A Timestamp's value, quoted, as TimeUtil::ToString prints it ("2026-10-09T08:00:00.120Z").
void append_timestamp(int64_t seconds, int32_t nanos, std::string* out);

// The writers of a message followed field by field. Each prints `"name":value`, after a comma
// unless `first` (the object's first member).

// `"name":` alone, for the value that follows.
void append_name(const char* name, bool first, std::string* out);

void append_text_field(const char* name, const std::string& value, std::string* out,
                       bool first = false);

// An enum's name, or its number when this build does not know it (from a newer peer).
template <typename Enum>
void append_enum_field(const char* name, Enum value, bool (*known)(int),
                       const std::string& (*name_of)(Enum), std::string* out, bool first = false) {
  append_name(name, first, out);
  if (known(value)) {
    append_string(name_of(value), out);
  } else {
    append_integer(int(value), false, out);
  }
}

void append_int_field(const char* name, int32_t value, std::string* out);

void append_bool_field(const char* name, bool value, std::string* out);

// `"name":[...]`, element i printed by `element(i)`.
template <typename PrintElement>
void append_list_field(const char* name, int count, const PrintElement& element, std::string* out) {
  append_name(name, false, out);
  out->push_back('[');
  for (int i = 0; i < count; ++i) {
    if (i > 0) out->push_back(',');
    element(i);
  }
  out->push_back(']');
}

// A repeated string field.
void append_texts_field(const char* name,
                        const google::protobuf::RepeatedPtrField<std::string>& texts,
                        std::string* out);

// A Timestamp field, printed only when `set`. Timestamps come after the other fields, by
// number, and only when set (json_printer.cc, in_declared_place): write them last.
void append_time_field(const char* name, bool set, const google::protobuf::Timestamp& at,
                       std::string* out);

}  // namespace oneseal::http
