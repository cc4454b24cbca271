#include "engine/http/json_shape.h"

#include <cstring>
#include <string>

namespace oneseal::http {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(char(cp));
  } else if (cp < 0x800) {
    out->push_back(char(0xc0 | (cp >> 6)));
    out->push_back(char(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(char(0xe0 | (cp >> 12)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(char(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(char(0xf0 | (cp >> 18)));
    out->push_back(char(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(char(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(char(0x80 | (cp & 0x3f)));
  }
}

bool is_one_of(char c, const char* set) { return c != '\0' && std::strchr(set, c) != nullptr; }

// A cursor over JSON text. Each reading method returns false at text that is not JSON.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  // The next character after white space, or '\0' at the end.
  char peek() {
    while (at_ < text_.size() && is_one_of(text_[at_], " \t\r\n")) ++at_;
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  bool consume(char c) {
    if (peek() != c || c == '\0') return false;
    ++at_;
    return true;
  }
  bool at_end() { return peek() == '\0' && at_ == text_.size(); }

  // A string, its escapes decoded into `out` (when given).
  bool string(std::string* out) {
    if (!consume('"')) return false;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        if (out) out->push_back(c);
        continue;
      }
      if (at_ >= text_.size()) return false;
      const char e = text_[at_++];
      if (e == 'u') {
        uint32_t cp = 0;
        if (!hex4(&cp)) return false;
        uint32_t low = 0;
        if (cp >= 0xd800 && cp <= 0xdbff && text_.substr(at_, 2) == "\\u") {
          at_ += 2;
          if (!hex4(&low)) return false;
          if (low >= 0xdc00 && low <= 0xdfff) cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        }
        if (out) append_utf8(cp, out);
      } else if (is_one_of(e, kEscapes)) {
        if (out) out->push_back(kDecoded[std::strchr(kEscapes, e) - kEscapes]);
      } else {
        return false;
      }
    }
    return false;
  }

  // Any value, nested ones included (their depth is bounded before: kMaxJsonDepth).
  bool skip_value() {
    switch (peek()) {
      case '{':
        ++at_;
        if (consume('}')) return true;
        do {
          if (!string(nullptr) || !consume(':') || !skip_value()) return false;
        } while (consume(','));
        return consume('}');
      case '[':
        ++at_;
        if (consume(']')) return true;
        do {
          if (!skip_value()) return false;
        } while (consume(','));
        return consume(']');
      case '"':
        return string(nullptr);
    }
    for (std::string_view literal : {"true", "false", "null"}) {
      if (text_.substr(at_, literal.size()) == literal) {
        at_ += literal.size();
        return true;
      }
    }
    const size_t start = at_;
    while (at_ < text_.size() && is_one_of(text_[at_], "+-0123456789.eE")) ++at_;
    return at_ > start;
  }

 private:
  // JSON's one-letter escapes and what they stand for.
  static constexpr char kEscapes[] = "\"\\/bfnrt";
  static constexpr char kDecoded[] = "\"\\/\b\f\n\r\t";

  bool hex4(uint32_t* value) {
    if (at_ + 4 > text_.size()) return false;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return false;
      *value = *value * 16 + uint32_t(digit);
    }
    return true;
  }

  std::string_view text_;
  size_t at_ = 0;
};

// Walks the body beside its message's descriptor. Each method returns false to stop: at the
// first shape error (error_ set) or at text that is not JSON (error_ empty).
class ShapeChecker {
 public:
  explicit ShapeChecker(std::string_view json) : s_(json) {}

  std::optional<ApiError> run(const Descriptor* message) {
    if (s_.peek() != '{') {
      if (!s_.skip_value() || !s_.at_end()) return std::nullopt;
      return api_error(400, "INVALID_ARGUMENT", "the body must be a JSON object (" + message->name() + ")", "body");
    }
    object(message, "");
    return error_;
  }

 private:
  bool object(const Descriptor* message, const std::string& path) {
    if (!s_.consume('{')) return false;
    if (s_.consume('}')) return true;
    do {
      std::string name;
      if (!s_.string(&name) || !s_.consume(':')) return false;
      const FieldDescriptor* field = message->FindFieldByCamelcaseName(name);
      if (!field) field = message->FindFieldByName(name);
      if (!field) {
        if (!s_.skip_value()) return false;  // protobuf names the unknown field
        continue;
      }
      if (!member(field, path.empty() ? field->json_name() : path + "." + field->json_name())) return false;
    } while (s_.consume(','));
    return s_.consume('}');
  }

  bool member(const FieldDescriptor* field, const std::string& where) {
    if (s_.peek() == 'n') return s_.skip_value();  // null: the field's default, whatever its kind
    if (field->is_map()) {
      if (!s_.consume('{')) return fail(where, "an object");
      if (s_.consume('}')) return true;
      do {
        std::string key;
        if (!s_.string(&key) || !s_.consume(':')) return false;
        if (!element(field->message_type()->map_value(), where + "." + key)) return false;
      } while (s_.consume(','));
      return s_.consume('}');
    }
    if (field->is_repeated()) {
      if (!s_.consume('[')) return fail(where, "an array");
      if (s_.consume(']')) return true;
      do {
        if (!element(field, where)) return false;
      } while (s_.consume(','));
      return s_.consume(']');
    }
    return element(field, where);
  }

  // One value of `field` (an element, for a repeated field).
  bool element(const FieldDescriptor* field, const std::string& where) {
    // Scalars are protobuf's to check; well-known types (Timestamp, ...) have their own forms.
    if (field->type() != FieldDescriptor::TYPE_MESSAGE || field->message_type()->file()->package() == "google.protobuf") {
      return s_.skip_value();
    }
    if (s_.peek() == 'n') return s_.skip_value();
    if (s_.peek() != '{') return fail(where, "an object");
    return object(field->message_type(), where);
  }

  // Where the text ends instead of a value, it is not JSON: protobuf says so.
  bool fail(const std::string& where, const char* what) {
    if (s_.peek() != '\0') error_ = api_error(400, "INVALID_ARGUMENT", "'" + where + "' must be " + what, where);
    return false;
  }

  Scanner s_;
  std::optional<ApiError> error_;
};

}  // namespace

std::optional<ApiError> check_json_shape(std::string_view json, const Descriptor* message) {
  return ShapeChecker(json).run(message);
}

}  // namespace oneseal::http
