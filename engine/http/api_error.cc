#include "engine/http/api_error.h"

#include "engine/http/utf8.h"

namespace oneseal::http {

std::string json_name(const std::string& field) {
  std::string out;
  out.reserve(field.size());
  bool upper = false;
  for (char c : field) {
    if (c == '_') {
      upper = !out.empty() && out.back() != '.';
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

ApiError api_error(int http_status, const std::string& code, const std::string& message, const std::string& field) {
  ApiError e;
  e.status = http_status;
  e.error.set_code(code);
  e.error.set_message(valid_utf8(message));
  e.error.set_field(valid_utf8(field));
  return e;
}

namespace {

int http_status_of(const Status& s) {
  switch (s.code()) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return s.field() == "idempotency_key" ? 422 : 400;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kFailedPrecondition:
    case Code::kAlreadyExists:
      return 409;
    case Code::kConflict:
      for (const auto& [key, value] : s.details()) {
        if (key == kIfMatchDetail) return 412;
      }
      return 409;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

}  // namespace

ApiError api_error(const Status& status) {
  // The store names the key by its field; the client sent it as a header.
  const std::string field = status.field() == "idempotency_key" ? "Idempotency-Key" : json_name(status.field());
  ApiError e = api_error(http_status_of(status), code_name(status.code()), status.message(), field);
  for (const auto& [key, value] : status.details()) e.detail(valid_utf8(json_name(key)), valid_utf8(value));
  return e;
}

}  // namespace oneseal::http
