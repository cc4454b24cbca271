#include "engine/http/json_printer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "oneseal/v1/api.pb.h"

namespace oneseal::http {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Code points above ASCII that protobuf escapes: C1 controls and invisible format characters
// (read off protobuf 3.21's output for every code point).
bool escaped_code_point(uint32_t cp) {
  if (cp > 0x206f && cp < 0xfeff) return false;  // CJK and most scripts: decided at once
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x600 && cp <= 0x603) || cp == 0x6dd ||
         cp == 0x70f || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f) ||
         cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 ||
         (cp >= 0xe0020 && cp <= 0xe007f);
}

void append_unit(uint32_t unit, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(unit >> shift) & 0xf]);
}

void append_ascii(unsigned char c, std::string* out) {
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
  }
  // '<' and '>' so that the JSON can sit inside HTML.
  if (c < 0x20 || c == '<' || c == '>' || c == 0x7f) append_unit(c, out);
  else out->push_back(char(c));
}

// The ASCII bytes printed as they are ('<' and '>' are escaped so that JSON can sit in HTML).
constexpr auto kPlainAscii = [] {
  std::array<bool, 128> plain{};
  for (int c = 0x20; c < 0x7f; ++c) plain[size_t(c)] = c != '"' && c != '\\' && c != '<' && c != '>';
  return plain;
}();

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
    for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
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

template <typename Integer>
void append_integer(Integer value, bool quoted, std::string* out) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  if (quoted) out->push_back('"');
  out->append(buffer, end);
  if (quoted) out->push_back('"');
}

// protobuf's SimpleDtoa/SimpleFtoa: `digits` significant digits, or more when those do not
// read back as the same value; non-finite values as quoted names.
template <typename Real>
void append_real(Real value, int digits, int more_digits, std::string* out) {
  if (std::isnan(value) || std::isinf(value)) {
    out->append(std::isnan(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    return;
  }
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, double(value));
  Real read_back;
  if constexpr (std::is_same_v<Real, float>) {
    read_back = std::strtof(buffer, nullptr);
  } else {
    read_back = std::strtod(buffer, nullptr);
  }
  if (read_back != value) std::snprintf(buffer, sizeof buffer, "%.*g", more_digits, double(value));
  out->append(buffer);
}

void append_base64(const std::string& bytes, std::string* out) {
  std::vector<unsigned char> encoded(4 * ((bytes.size() + 2) / 3) + 1);
  const int length = EVP_EncodeBlock(encoded.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  out->push_back('"');
  out->append(reinterpret_cast<const char*>(encoded.data()), length);
  out->push_back('"');
}

void append_message(const Message& message, std::string* out);

// The value of `field`, or its element `index` when the field is repeated (index >= 0).
void append_value(const Message& m, const FieldDescriptor* field, int index, std::string* out) {
  const Reflection* r = m.GetReflection();
  const bool one = index < 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return append_integer(one ? r->GetInt32(m, field) : r->GetRepeatedInt32(m, field, index), false, out);
    case FieldDescriptor::CPPTYPE_UINT32:
      return append_integer(one ? r->GetUInt32(m, field) : r->GetRepeatedUInt32(m, field, index), false, out);
    case FieldDescriptor::CPPTYPE_INT64:  // 64-bit integers are strings: JavaScript numbers are doubles
      return append_integer(one ? r->GetInt64(m, field) : r->GetRepeatedInt64(m, field, index), true, out);
    case FieldDescriptor::CPPTYPE_UINT64:
      return append_integer(one ? r->GetUInt64(m, field) : r->GetRepeatedUInt64(m, field, index), true, out);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return append_real(one ? r->GetDouble(m, field) : r->GetRepeatedDouble(m, field, index), 15, 17, out);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return append_real(one ? r->GetFloat(m, field) : r->GetRepeatedFloat(m, field, index), 6, 9, out);
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((one ? r->GetBool(m, field) : r->GetRepeatedBool(m, field, index)) ? "true" : "false");
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = one ? r->GetEnumValue(m, field) : r->GetRepeatedEnumValue(m, field, index);
      // A number this build does not know (from a newer peer) stays a number.
      if (const auto* value = field->enum_type()->FindValueByNumber(number)) return append_string(value->name(), out);
      return append_integer(number, false, out);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          one ? r->GetStringReference(m, field, &scratch) : r->GetRepeatedStringReference(m, field, index, &scratch);
      if (field->type() == FieldDescriptor::TYPE_BYTES) return append_base64(text, out);
      return append_string(text, out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return append_message(one ? r->GetMessage(m, field) : r->GetRepeatedMessage(m, field, index), out);
  }
}

// A map key as text: JSON names are strings, whatever the key's type.
std::string key_text(const Message& entry, const FieldDescriptor* key) {
  const Reflection* r = entry.GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return std::to_string(r->GetInt32(entry, key));
    case FieldDescriptor::CPPTYPE_UINT32: return std::to_string(r->GetUInt32(entry, key));
    case FieldDescriptor::CPPTYPE_INT64: return std::to_string(r->GetInt64(entry, key));
    case FieldDescriptor::CPPTYPE_UINT64: return std::to_string(r->GetUInt64(entry, key));
    case FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(entry, key) ? "true" : "false";
    default: return r->GetString(entry, key);  // protobuf allows no other key types
  }
}

void append_map(const Message& m, const FieldDescriptor* field, std::string* out) {
  const Reflection* r = m.GetReflection();
  const FieldDescriptor* key = field->message_type()->map_key();
  const FieldDescriptor* value = field->message_type()->map_value();
  out->push_back('{');
  for (int i = 0, n = r->FieldSize(m, field); i < n; ++i) {
    if (i > 0) out->push_back(',');
    const Message& entry = r->GetRepeatedMessage(m, field, i);
    append_string(key_text(entry, key), out);
    out->push_back(':');
    append_value(entry, value, -1, out);
  }
  out->push_back('}');
}

// Writes `value` in exactly `width` digits (zero-padded) at `at`; returns the end.
char* put_digits(int64_t value, int width, char* at) {
  for (int k = width - 1; k >= 0; --k, value /= 10) at[k] = char('0' + value % 10);
  return at + width;
}

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
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
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

// protobuf prints a message's fields in two runs: first, as declared, the fields it makes
// room for from the message's type (scalars and lists, even empty; plain messages, oneof
// members too, when set); then, by number, the set fields it places only when the data brings
// them (scalars of a oneof or proto3 optional, well-known types such as Timestamp).
bool in_declared_place(const FieldDescriptor* field) {
  if (field->is_repeated()) return true;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    return field->message_type()->well_known_type() == Descriptor::WELLKNOWNTYPE_UNSPECIFIED;
  }
  return field->containing_oneof() == nullptr;
}

// What printing a message type needs from its descriptor, worked out once: the two runs of
// fields and each field's `"jsonName":`. Reading that off the descriptor, and ListFields'
// vector, were a third of the printer's time.
struct TypePlan {
  struct Field {
    const FieldDescriptor* field;
    std::string name;  // `"jsonName":`
    bool always;       // printed even when unset (no presence)
  };
  std::vector<Field> declared;
  std::vector<Field> by_number;  // printed when set
};

TypePlan plan_of(const Descriptor* d) {
  TypePlan plan;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    TypePlan::Field f{field, '"' + field->json_name() + "\":", !field->has_presence()};
    (in_declared_place(field) ? plan.declared : plan.by_number).push_back(std::move(f));
  }
  std::sort(plan.by_number.begin(), plan.by_number.end(),
            [](const TypePlan::Field& a, const TypePlan::Field& b) { return a.field->number() < b.field->number(); });
  return plan;
}

// Plans are kept per thread, so that finding one takes no lock; a process has few threads
// and its API's few dozen types.
const TypePlan& plan_for(const Descriptor* d) {
  thread_local std::unordered_map<const Descriptor*, TypePlan> plans;
  auto it = plans.find(d);
  if (it == plans.end()) it = plans.emplace(d, plan_of(d)).first;
  return it->second;
}

// `"name":value`, after a comma unless it is the object's first member.
void append_field(const Message& m, const TypePlan::Field& f, bool* first, std::string* out) {
  if (!*first) out->push_back(',');
  *first = false;
  out->append(f.name);
  const FieldDescriptor* field = f.field;
  if (field->is_map()) {
    append_map(m, field, out);
  } else if (field->is_repeated()) {
    out->push_back('[');
    for (int k = 0, n = m.GetReflection()->FieldSize(m, field); k < n; ++k) {
      if (k > 0) out->push_back(',');
      append_value(m, field, k, out);
    }
    out->push_back(']');
  } else {
    append_value(m, field, -1, out);
  }
}

void append_message(const Message& m, std::string* out) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  if (d->well_known_type() == Descriptor::WELLKNOWNTYPE_TIMESTAMP) {
    return append_timestamp(r->GetInt64(m, d->field(0)), r->GetInt32(m, d->field(1)), out);
  }
  if (d->well_known_type() != Descriptor::WELLKNOWNTYPE_UNSPECIFIED) {
    // Struct, Duration, wrappers ...: rare in answers; protobuf knows their forms.
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(m, &json, options);
    out->append(json);
    return;
  }
  const TypePlan& plan = plan_for(d);
  out->push_back('{');
  bool first = true;
  for (const TypePlan::Field& f : plan.declared) {
    if (f.always || r->HasField(m, f.field)) append_field(m, f, &first, out);
  }
  for (const TypePlan::Field& f : plan.by_number) {
    if (r->HasField(m, f.field)) append_field(m, f, &first, out);
  }
  out->push_back('}');
}

}  // namespace

void print_json(const Message& message, std::string* out) { append_message(message, out); }

namespace {

// `"name":` after a comma unless `first`.
void append_name(const char* name, bool first, std::string* out) {
  if (!first) out->push_back(',');
  out->push_back('"');
  out->append(name);
  out->append("\":");
}

void append_text_field(const char* name, const std::string& value, std::string* out, bool first = false) {
  append_name(name, first, out);
  append_string(value, out);
}

// An enum's name, or its number when this build does not know it (from a newer peer).
template <typename Enum>
void append_enum_field(const char* name, Enum value, bool (*known)(int), const std::string& (*name_of)(Enum),
                       std::string* out, bool first = false) {
  append_name(name, first, out);
  if (known(value)) {
    append_string(name_of(value), out);
  } else {
    append_integer(int(value), false, out);
  }
}

void append_int_field(const char* name, int32_t value, std::string* out) {
  append_name(name, false, out);
  append_integer(value, false, out);
}

void append_bool_field(const char* name, bool value, std::string* out) {
  append_name(name, false, out);
  out->append(value ? "true" : "false");
}

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

void append_texts_field(const char* name, const google::protobuf::RepeatedPtrField<std::string>& texts,
                        std::string* out) {
  append_list_field(name, texts.size(), [&](int i) { append_string(texts.Get(i), out); }, out);
}

// Timestamps come after the other fields, by number, and only when set (see in_declared_place).
void append_time_field(const char* name, bool set, const google::protobuf::Timestamp& at, std::string* out) {
  if (!set) return;
  append_name(name, false, out);
  append_timestamp(at.seconds(), at.nanos(), out);
}

void append_actor(const v1::Actor& a, std::string* out) {
  out->push_back('{');
  append_text_field("id", a.id(), out, true);
  append_enum_field("role", a.role(), v1::Role_IsValid, v1::Role_Name<v1::Role>, out);
  append_text_field("department", a.department(), out);
  append_text_field("office", a.office(), out);
  out->push_back('}');
}

void append_clock(const v1::Clock& c, std::string* out) {
  out->push_back('{');
  append_name("limitWorkingDays", true, out);
  append_integer(c.limit_working_days(), false, out);
  append_list_field("pause", c.pause_size(), [&](int i) {
    const v1::Pause& p = c.pause(i);
    out->push_back('{');
    append_enum_field("reason", p.reason(), v1::PauseReason_IsValid, v1::PauseReason_Name<v1::PauseReason>, out, true);
    append_text_field("note", p.note(), out);
    append_int_field("expectedWorkingDays", p.expected_working_days(), out);
    append_time_field("startedAt", p.has_started_at(), p.started_at(), out);
    append_time_field("endedAt", p.has_ended_at(), p.ended_at(), out);
    out->push_back('}');
  }, out);
  append_int_field("warningSharePercent", c.warning_share_percent(), out);
  append_texts_field("alertsRaised", c.alerts_raised(), out);
  append_time_field("startedAt", c.has_started_at(), c.started_at(), out);
  append_time_field("stoppedAt", c.has_stopped_at(), c.stopped_at(), out);
  out->push_back('}');
}

void append_clock_field(const char* name, bool set, const v1::Clock& clock, std::string* out) {
  if (!set) return;
  append_name(name, false, out);
  append_clock(clock, out);
}

void append_branch(const v1::BranchState& b, std::string* out) {
  out->push_back('{');
  append_text_field("id", b.id(), out, true);
  append_text_field("stageId", b.stage_id(), out);
  append_text_field("name", b.name(), out);
  append_text_field("department", b.department(), out);
  append_clock_field("clock", b.has_clock(), b.clock(), out);
  append_enum_field("verdict", b.verdict(), v1::Verdict_IsValid, v1::Verdict_Name<v1::Verdict>, out);
  append_text_field("reasons", b.reasons(), out);
  append_text_field("conditions", b.conditions(), out);
  append_text_field("reviewerId", b.reviewer_id(), out);
  out->push_back('}');
}

void append_inspection(const v1::Inspection& i, std::string* out) {
  out->push_back('{');
  append_text_field("stepId", i.step_id(), out, true);
  append_texts_field("inspectors", i.inspectors(), out);
  append_text_field("findings", i.findings(), out);
  append_bool_field("passed", i.passed(), out);
  append_time_field("at", i.has_at(), i.at(), out);
  out->push_back('}');
}

}  // namespace

void print_case_state_json(const v1::CaseState& s, bool hide_query_code, std::string* out) {
  out->push_back('{');
  append_text_field("id", s.id(), out, true);
  append_text_field("itemCode", s.item_code(), out);
  append_int_field("itemVersion", s.item_version(), out);
  append_name("version", false, out);
  append_integer(s.version(), true, out);
  append_enum_field("status", s.status(), v1::CaseStatus_IsValid, v1::CaseStatus_Name<v1::CaseStatus>, out);
  append_enum_field("outcome", s.outcome(), v1::Outcome_IsValid, v1::Outcome_Name<v1::Outcome>, out);
  if (s.has_applicant()) {
    const v1::Applicant& a = s.applicant();
    append_name("applicant", false, out);
    out->push_back('{');
    append_enum_field("kind", a.kind(), v1::ApplicantKind_IsValid, v1::ApplicantKind_Name<v1::ApplicantKind>, out,
                      true);
    append_text_field("name", a.name(), out);
    append_text_field("idNumber", a.id_number(), out);
    append_text_field("phone", a.phone(), out);
    out->push_back('}');
  }
  append_enum_field("channel", s.channel(), v1::Channel_IsValid, v1::Channel_Name<v1::Channel>, out);
  append_text_field("office", s.office(), out);
  if (s.has_submitted_by()) {
    append_name("submittedBy", false, out);
    append_actor(s.submitted_by(), out);
  }
  append_texts_field("materials", s.materials(), out);
  append_bool_field("supplementRequested", s.supplement_requested(), out);
  append_texts_field("missingMaterials", s.missing_materials(), out);
  append_enum_field("acceptMode", s.accept_mode(), v1::AcceptMode_IsValid, v1::AcceptMode_Name<v1::AcceptMode>, out);
  append_texts_field("outstandingMaterials", s.outstanding_materials(), out);
  append_clock_field("promisedClock", s.has_promised_clock(), s.promised_clock(), out);
  append_clock_field("statutoryClock", s.has_statutory_clock(), s.statutory_clock(), out);
  append_bool_field("extended", s.extended(), out);
  append_text_field("stageId", s.stage_id(), out);
  append_list_field("branch", s.branch_size(), [&](int i) { append_branch(s.branch(i), out); }, out);
  append_bool_field("refusalProposed", s.refusal_proposed(), out);
  append_list_field("inspection", s.inspection_size(), [&](int i) { append_inspection(s.inspection(i), out); }, out);
  append_enum_field("decision", s.decision(), v1::Verdict_IsValid, v1::Verdict_Name<v1::Verdict>, out);
  append_text_field("decisionReasons", s.decision_reasons(), out);
  append_clock_field("deliveryClock", s.has_delivery_clock(), s.delivery_clock(), out);
  append_text_field("certificateNo", s.certificate_no(), out);
  append_text_field("closingNote", s.closing_note(), out);
  append_bool_field("refusalBinding", s.refusal_binding(), out);
  append_text_field("competentAuthority", s.competent_authority(), out);
  append_name("queryCodeHmac", false, out);
  append_base64(hide_query_code ? std::string() : s.query_code_hmac(), out);
  append_time_field("receivedAt", s.has_received_at(), s.received_at(), out);
  append_time_field("acceptedAt", s.has_accepted_at(), s.accepted_at(), out);
  append_time_field("decidedAt", s.has_decided_at(), s.decided_at(), out);
  append_time_field("sealedAt", s.has_sealed_at(), s.sealed_at(), out);
  append_time_field("closedAt", s.has_closed_at(), s.closed_at(), out);
  append_time_field("updatedAt", s.has_updated_at(), s.updated_at(), out);
  out->push_back('}');
}

void print_case_response_json(const v1::CaseState& state, const std::vector<v1::Event>& events, bool replayed,
                              const std::string& query_code, bool hide_query_codes, std::string* out) {
  out->append("{\"case\":");
  print_case_state_json(state, hide_query_codes, out);
  out->append(",\"events\":[");
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out->push_back(',');
    const v1::Event& e = events[i];
    if (hide_query_codes && e.has_case_submitted() && !e.case_submitted().query_code_hmac().empty()) {
      v1::Event hidden = e;
      hidden.mutable_case_submitted()->clear_query_code_hmac();
      append_message(hidden, out);
    } else {
      append_message(e, out);
    }
  }
  out->push_back(']');
  append_bool_field("replayed", replayed, out);
  append_text_field("queryCode", query_code, out);
  out->push_back('}');
}

void print_progress_json(const v1::Progress& p, std::string* out) {
  out->push_back('{');
  append_text_field("caseNo", p.case_no(), out, true);
  append_text_field("itemName", p.item_name(), out);
  append_text_field("applicant", p.applicant(), out);
  append_enum_field("status", p.status(), v1::CaseStatus_IsValid, v1::CaseStatus_Name<v1::CaseStatus>, out);
  append_text_field("statusText", p.status_text(), out);
  append_text_field("receivedAt", p.received_at(), out);
  append_text_field("acceptedAt", p.accepted_at(), out);
  append_text_field("deadline", p.deadline(), out);
  append_text_field("deadlineDate", p.deadline_date(), out);
  append_int_field("workingDaysLeft", p.working_days_left(), out);
  append_text_field("alertLevel", p.alert_level(), out);
  append_bool_field("paused", p.paused(), out);
  append_list_field("timeline", p.timeline_size(), [&](int i) {
    out->push_back('{');
    append_text_field("at", p.timeline(i).at(), out, true);
    append_text_field("text", p.timeline(i).text(), out);
    out->push_back('}');
  }, out);
  append_list_field("branches", p.branches_size(), [&](int i) {
    const v1::ProgressBranch& b = p.branches(i);
    out->push_back('{');
    append_text_field("name", b.name(), out, true);
    append_text_field("department", b.department(), out);
    append_text_field("state", b.state(), out);
    append_text_field("deadlineDate", b.deadline_date(), out);
    out->push_back('}');
  }, out);
  append_text_field("nextAction", p.next_action(), out);
  append_texts_field("missingMaterials", p.missing_materials(), out);
  out->push_back('}');
}

}  // namespace oneseal::http
