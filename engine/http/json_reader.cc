#include "engine/http/json_reader.h"

#include <google/protobuf/descriptor.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/http/codec.h"

namespace oneseal::http {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Is text[at, at + length) one well-formed UTF-8 sequence (no overlong form, no surrogate)?
bool utf8_sequence(std::string_view text, size_t at, size_t length) {
  if (at + length > text.size()) return false;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[at + k]); };
  uint32_t cp = byte(0) & (0x7f >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (byte(k) & 0x3f);
  }
  const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  return cp >= least[length] && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
}

// The field a JSON key names: by its JSON name (lowerCamelCase) or, as protobuf also accepts,
// by its name in the .proto file. A scan: bodies have few keys, types a few dozen fields.
const FieldDescriptor* field_named(const Descriptor* d, std::string_view key) {
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == key) return d->field(i);
  }
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->name() == key) return d->field(i);
  }
  return nullptr;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool read_document(Message* message) {
    if (!read_object(message, 1)) return false;
    skip_space();
    return at_ == text_.size();
  }

 private:
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n')) {
      ++at_;
    }
  }

  // Takes `c` after white space.
  bool take(char c) {
    skip_space();
    if (at_ == text_.size() || text_[at_] != c) return false;
    ++at_;
    return true;
  }

  // A string without escapes or control characters, of well-formed UTF-8.
  bool read_string(std::string_view* out) {
    if (!take('"')) return false;
    const size_t start = at_;
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        *out = text_.substr(start, at_ - start);
        ++at_;
        return true;
      }
      if (c < 0x20 || c == '\\') return false;
      if (c < 0x80) {
        ++at_;
        continue;
      }
      const size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
      if (length == 0 || !utf8_sequence(text_, at_, length)) return false;
      at_ += length;
    }
    return false;
  }

  // -?digits, without a leading zero before another digit, in the range of Integer.
  template <typename Integer>
  bool read_integer(Integer* out) {
    skip_space();
    size_t end = at_;
    if (end < text_.size() && text_[end] == '-') ++end;
    const size_t digits = end;
    while (end < text_.size() && text_[end] >= '0' && text_[end] <= '9') ++end;
    if (end == digits || (text_[digits] == '0' && end - digits > 1)) return false;
    if (end < text_.size() && (text_[end] == '.' || text_[end] == 'e' || text_[end] == 'E'))
      return false;
    const auto [ptr, error] = std::from_chars(text_.data() + at_, text_.data() + end, *out);
    if (error != std::errc() || ptr != text_.data() + end) return false;
    at_ = end;
    return true;
  }

  bool read_bool(bool* out) {
    skip_space();
    for (const bool value : {true, false}) {
      const std::string_view word = value ? "true" : "false";
      if (text_.substr(at_, word.size()) == word) {
        at_ += word.size();
        *out = value;
        return true;
      }
    }
    return false;
  }

  bool read_object(Message* message, int depth) {
    if (depth > kMaxJsonDepth || !take('{')) return false;
    const Descriptor* d = message->GetDescriptor();
    std::vector<bool> seen(size_t(d->field_count()));
    if (take('}')) return true;
    do {
      std::string_view key;
      if (!read_string(&key) || !take(':')) return false;
      const FieldDescriptor* field = field_named(d, key);
      if (!field || seen[size_t(field->index())] || field->is_map()) return false;
      seen[size_t(field->index())] = true;
      // A second member of one oneof is protobuf's to refuse.
      if (const auto* oneof = field->containing_oneof();
          oneof && message->GetReflection()->HasOneof(*message, oneof)) {
        return false;
      }
      if (!read_field(message, field, depth)) return false;
    } while (take(','));
    return take('}');
  }

  bool read_field(Message* message, const FieldDescriptor* field, int depth) {
    if (!field->is_repeated()) return read_value(message, field, false, depth);
    if (depth + 1 > kMaxJsonDepth || !take('[')) return false;
    if (take(']')) return true;
    do {
      if (!read_value(message, field, true, depth + 1)) return false;
    } while (take(','));
    return take(']');
  }

  // One value of `field`: set, or added when `add`.
  bool read_value(Message* m, const FieldDescriptor* field, bool add, int depth) {
    const Reflection* r = m->GetReflection();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t v;
        if (!read_integer(&v)) return false;
        add ? r->AddInt32(m, field, v) : r->SetInt32(m, field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t v;
        if (!read_integer(&v)) return false;
        add ? r->AddUInt32(m, field, v) : r->SetUInt32(m, field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v;
        if (!read_integer(&v)) return false;
        add ? r->AddInt64(m, field, v) : r->SetInt64(m, field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v;
        if (!read_integer(&v)) return false;
        add ? r->AddUInt64(m, field, v) : r->SetUInt64(m, field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v;
        if (!read_bool(&v)) return false;
        add ? r->AddBool(m, field, v) : r->SetBool(m, field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        std::string_view name;
        if (!read_string(&name)) return false;
        const auto* value = field->enum_type()->FindValueByName(std::string(name));
        if (!value) return false;
        add ? r->AddEnumValue(m, field, value->number())
            : r->SetEnumValue(m, field, value->number());
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string_view text;
        if (field->type() == FieldDescriptor::TYPE_BYTES || !read_string(&text)) return false;
        add ? r->AddString(m, field, std::string(text)) : r->SetString(m, field, std::string(text));
        return true;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (field->message_type()->well_known_type() != Descriptor::WELLKNOWNTYPE_UNSPECIFIED)
          return false;
        return read_object(add ? r->AddMessage(m, field) : r->MutableMessage(m, field), depth + 1);
      default:  // double and float: protobuf's rounding and special values
        return false;
    }
  }

  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace

bool read_plain_json(std::string_view json, Message* message) {
  message->Clear();
  return Reader(json).read_document(message);
}

}  // namespace oneseal::http
