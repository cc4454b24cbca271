// The general JSON printer (json_printer.h): any message by reflection.
#include "engine/http/json_printer.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "engine/http/json_writer.h"

namespace oneseal::http {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

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

void append_message(const Message& message, std::string* out);

// The value of `field`, or its element `index` when the field is repeated (index >= 0).
void append_value(const Message& m, const FieldDescriptor* field, int index, std::string* out) {
  const Reflection* r = m.GetReflection();
  const bool one = index < 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return append_integer(one ? r->GetInt32(m, field) : r->GetRepeatedInt32(m, field, index),
                            false, out);
    case FieldDescriptor::CPPTYPE_UINT32:
      return append_integer(one ? r->GetUInt32(m, field) : r->GetRepeatedUInt32(m, field, index),
                            false, out);
    // 64-bit integers are strings: JavaScript numbers are doubles.
    case FieldDescriptor::CPPTYPE_INT64:
      return append_integer(one ? r->GetInt64(m, field) : r->GetRepeatedInt64(m, field, index),
                            true, out);
    case FieldDescriptor::CPPTYPE_UINT64:
      return append_integer(one ? r->GetUInt64(m, field) : r->GetRepeatedUInt64(m, field, index),
                            true, out);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return append_real(one ? r->GetDouble(m, field) : r->GetRepeatedDouble(m, field, index), 15,
                         17, out);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return append_real(one ? r->GetFloat(m, field) : r->GetRepeatedFloat(m, field, index), 6, 9,
                         out);
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((one ? r->GetBool(m, field) : r->GetRepeatedBool(m, field, index)) ? "true"
                                                                                     : "false");
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = one ? r->GetEnumValue(m, field) : r->GetRepeatedEnumValue(m, field, index);
      // A number this build does not know (from a newer peer) stays a number.
      if (const auto* value = field->enum_type()->FindValueByNumber(number))
        return append_string(value->name(), out);
      return append_integer(number, false, out);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text = one ? r->GetStringReference(m, field, &scratch)
                                    : r->GetRepeatedStringReference(m, field, index, &scratch);
      if (field->type() == FieldDescriptor::TYPE_BYTES) return append_base64(text, out);
      return append_string(text, out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return append_message(one ? r->GetMessage(m, field) : r->GetRepeatedMessage(m, field, index),
                            out);
  }
}

// A map key as text: JSON names are strings, whatever the key's type.
std::string key_text(const Message& entry, const FieldDescriptor* key) {
  const Reflection* r = entry.GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(r->GetInt32(entry, key));
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(r->GetUInt32(entry, key));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(r->GetInt64(entry, key));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(r->GetUInt64(entry, key));
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(entry, key) ? "true" : "false";
    default:
      return r->GetString(entry, key);  // protobuf allows no other key types
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
            [](const TypePlan::Field& a, const TypePlan::Field& b) {
              return a.field->number() < b.field->number();
            });
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

}  // namespace oneseal::http
