// Random messages of any type, for tests that compare a hand-written JSON path with protobuf's
// own: every field left unset or set, text that needs escaping, numbers at their limits.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace oneseal::test {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Text that protobuf escapes in every way it knows, and text it leaves alone.
inline const std::vector<std::string> kTextPieces = {"",
                                                     "abc",
                                                     "食品经营许可",
                                                     "<b>&'",
                                                     "\"quoted\" \\ back",
                                                     "\x01\x1f\x7f",
                                                     "\t\r\n\b\f",
                                                     "\u2028\u2029",
                                                     "\u00ad\u0085",
                                                     "\u0600\u17b4\u200b",
                                                     "\ufeff\ufffa",
                                                     "😀",
                                                     "\U0001D173",
                                                     "\U000E0020",
                                                     "a b/c",
                                                     "'; DROP TABLE cases; --"};

inline const std::vector<double> kDoubles = {0.0,
                                             -0.0,
                                             1.0,
                                             0.1,
                                             1.0 / 3,
                                             1e20,
                                             1e21,
                                             1e-7,
                                             123456789.125,
                                             -2.5,
                                             100.0,
                                             66.66666666666667,
                                             5e-324,
                                             std::numeric_limits<double>::max(),
                                             std::numeric_limits<double>::infinity(),
                                             -std::numeric_limits<double>::infinity(),
                                             std::numeric_limits<double>::quiet_NaN()};

class RandomFiller {
 public:
  explicit RandomFiller(uint64_t seed) : rng_(seed) {}

  void fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    if (d->well_known_type() == Descriptor::WELLKNOWNTYPE_TIMESTAMP)
      return fill_time(m, 253402300799);
    if (d->well_known_type() == Descriptor::WELLKNOWNTYPE_DURATION)
      return fill_time(m, 315576000000);
    const Reflection* r = m->GetReflection();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* field = d->field(i);
      if (pick(3) == 0) continue;  // left unset
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth >= 4) continue;
      if (field->is_map()) {
        // At most one entry: protobuf's own order of several entries is its hash map's.
        if (pick(2) == 0) fill(r->AddMessage(m, field), depth + 1);
      } else if (field->is_repeated()) {
        for (int n = pick(4); n > 0; --n) add(m, field, depth);
      } else {
        set(m, field, depth);
      }
    }
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <typename T>
  T any() {
    return std::uniform_int_distribution<T>(std::numeric_limits<T>::lowest(),
                                            std::numeric_limits<T>::max())(rng_);
  }
  double real() {
    return pick(2) ? kDoubles[pick(kDoubles.size())]
                   : std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
  }
  std::string text() {
    std::string t;
    for (int n = pick(4); n > 0; --n) t += kTextPieces[pick(kTextPieces.size())];
    return t;
  }
  std::string bytes() {
    std::string b(pick(7), '\0');
    for (char& c : b) c = char(pick(256));
    return b;
  }
  int enum_number(const FieldDescriptor* field) {
    if (pick(8) == 0) return 99;  // a value this build does not know
    return field->enum_type()->value(pick(field->enum_type()->value_count()))->number();
  }
  // Timestamps and durations within the range protobuf prints, nanos of 0, 3, 6 or 9 digits.
  void fill_time(Message* m, int64_t max_seconds) {
    const Reflection* r = m->GetReflection();
    const bool duration =
        m->GetDescriptor()->well_known_type() == Descriptor::WELLKNOWNTYPE_DURATION;
    const int64_t seconds =
        std::uniform_int_distribution<int64_t>(duration ? -max_seconds : 0, max_seconds)(rng_);
    const int32_t nanos[] = {0, 123000000, 123456000, 123456789, 999999999};
    int32_t nano = nanos[pick(5)];
    if (duration && seconds < 0) nano = -nano;
    r->SetInt64(m, m->GetDescriptor()->field(0), seconds);
    r->SetInt32(m, m->GetDescriptor()->field(1), nano);
  }

  void set(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return r->SetInt32(m, f, any<int32_t>());
      case FieldDescriptor::CPPTYPE_UINT32:
        return r->SetUInt32(m, f, any<uint32_t>());
      case FieldDescriptor::CPPTYPE_INT64:
        return r->SetInt64(m, f, any<int64_t>());
      case FieldDescriptor::CPPTYPE_UINT64:
        return r->SetUInt64(m, f, any<uint64_t>());
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return r->SetDouble(m, f, real());
      case FieldDescriptor::CPPTYPE_FLOAT:
        return r->SetFloat(m, f, float(real()));
      case FieldDescriptor::CPPTYPE_BOOL:
        return r->SetBool(m, f, pick(2));
      case FieldDescriptor::CPPTYPE_ENUM:
        return r->SetEnumValue(m, f, enum_number(f));
      case FieldDescriptor::CPPTYPE_STRING:
        return r->SetString(m, f, f->type() == FieldDescriptor::TYPE_BYTES ? bytes() : text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return fill(r->MutableMessage(m, f), depth + 1);
    }
  }

  void add(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return r->AddInt32(m, f, any<int32_t>());
      case FieldDescriptor::CPPTYPE_UINT32:
        return r->AddUInt32(m, f, any<uint32_t>());
      case FieldDescriptor::CPPTYPE_INT64:
        return r->AddInt64(m, f, any<int64_t>());
      case FieldDescriptor::CPPTYPE_UINT64:
        return r->AddUInt64(m, f, any<uint64_t>());
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return r->AddDouble(m, f, real());
      case FieldDescriptor::CPPTYPE_FLOAT:
        return r->AddFloat(m, f, float(real()));
      case FieldDescriptor::CPPTYPE_BOOL:
        return r->AddBool(m, f, pick(2));
      case FieldDescriptor::CPPTYPE_ENUM:
        return r->AddEnumValue(m, f, enum_number(f));
      case FieldDescriptor::CPPTYPE_STRING:
        return r->AddString(m, f, f->type() == FieldDescriptor::TYPE_BYTES ? bytes() : text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return fill(r->AddMessage(m, f), depth + 1);
    }
  }

  std::mt19937_64 rng_;
};

}  // namespace oneseal::test
