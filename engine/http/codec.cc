#include "engine/http/codec.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "engine/http/json_printer.h"
#include "engine/http/json_reader.h"
#include "engine/http/json_shape.h"

namespace oneseal::http {

namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// The media type of a Content-Type or Accept element, without parameters.
std::string media_type(std::string_view value) { return lower_trimmed(value.substr(0, value.find(';'))); }

bool is_protobuf_type(const std::string& type) {
  return type == kProtobufType || type == "application/protobuf";
}

// How deeply objects and arrays nest, strings skipped; stops counting past `limit`.
int json_depth(std::string_view json, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size() && deepest <= limit; ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// protobuf 3.21 reports JSON errors as "(applicant.name): invalid value ..." or
// "(applicant) nme: Cannot find field.": the field is the path in parentheses and, for an
// unknown field, the name after it.
std::string field_of_json_error(std::string_view message) {
  std::string path;
  if (!message.empty() && message.front() == '(') {
    const size_t close = message.find(')');
    if (close == std::string_view::npos) return "body";
    path = std::string(message.substr(1, close - 1));
    message.remove_prefix(close + 1);
  }
  if (const size_t unknown = message.find(": Cannot find field"); unknown != std::string_view::npos) {
    std::string_view name = message.substr(0, unknown);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    path = path.empty() ? std::string(name) : path + "." + std::string(name);
  }
  return path.empty() ? "body" : json_name(path);
}

ApiError bad_body(const std::string& field, const std::string& message) {
  return api_error(400, "INVALID_ARGUMENT", message, field);
}

}  // namespace

std::optional<ApiError> decode(const Request& request, google::protobuf::Message* message) {
  const std::string type = media_type(request.content_type);
  if (request.body.empty() && type.empty()) return std::nullopt;
  const std::string& name = message->GetDescriptor()->name();
  if (is_protobuf_type(type)) {
    if (!message->ParseFromString(request.body)) {
      return bad_body("body", "the body is not a binary " + name + " message");
    }
    return std::nullopt;
  }
  if (type != kJsonType) {
    return api_error(415, "UNSUPPORTED_MEDIA_TYPE",
                     "Content-Type must be application/json or application/x-protobuf, not '" +
                         request.content_type + "'",
                     "Content-Type");
  }
  // Plain bodies, nearly all of them, are read without protobuf's JSON parser; it reads the
  // rest and words every refusal.
  if (read_plain_json(request.body, message)) return std::nullopt;
  message->Clear();
  if (json_depth(request.body, kMaxJsonDepth) > kMaxJsonDepth) {
    return bad_body("body", "the JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  if (auto error = check_json_shape(request.body, message->GetDescriptor())) return error;
  const auto status = google::protobuf::util::JsonStringToMessage(request.body, message);
  if (status.ok()) return std::nullopt;
  const std::string text(status.message());
  const std::string field = field_of_json_error(text);
  if (text.find("Cannot find field") != std::string::npos) {
    return bad_body(field, "unknown field '" + field + "' in " + name);
  }
  if (field == "body") return bad_body(field, "the body is not a JSON " + name + " object: " + text);
  return bad_body(field, "invalid value for '" + field + "': " + text.substr(text.find(':') + 1));
}

std::optional<Format> response_format(const Request& request, bool csv, ApiError* error) {
  if (request.accept.empty()) return Format::kJson;
  std::string_view rest = request.accept;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string type = media_type(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (type == kJsonType || type == "*/*" || type == "application/*") return Format::kJson;
    if (is_protobuf_type(type)) return Format::kProtobuf;
    if (csv && (type == "text/csv" || type == "text/*")) return Format::kCsv;
  }
  *error = api_error(406, "NOT_ACCEPTABLE",
                     std::string("this route answers in application/json or application/x-protobuf") +
                         (csv ? " or text/csv" : "") + ", not '" + request.accept + "'",
                     "Accept");
  return std::nullopt;
}

Response encode(int status, const google::protobuf::Message& message, Format format) {
  Response r;
  r.status = status;
  if (format == Format::kProtobuf) {
    r.content_type = kProtobufType;
    message.SerializeToString(&r.body);
    return r;
  }
  r.content_type = kJsonType;
  r.body.reserve(2 * message.ByteSizeLong() + 256);  // JSON names and quotes roughly double it
  print_json(message, &r.body);
  return r;
}

Response error_response(const Request& request, const ApiError& error) {
  ApiError ignored;
  auto format = response_format(request, false, &ignored);
  return encode(error.status, error.error, format.value_or(Format::kJson));
}

}  // namespace oneseal::http
