// The one error shape of the API: an HTTP status and a v1.Error body. Engine and store errors
// (Status) are mapped to HTTP statuses here and nowhere else.
#pragma once

#include <string>

#include "engine/status.h"
#include "oneseal/v1/api.pb.h"

namespace oneseal::http {

struct ApiError {
  int status = 500;
  v1::Error error;

  ApiError& detail(const std::string& key, const std::string& value) {
    (*error.mutable_details())[key] = value;
    return *this;
  }
};

// INVALID_ARGUMENT 400 (422 for a reused idempotency key), PERMISSION_DENIED 403,
// NOT_FOUND 404, FAILED_PRECONDITION / ALREADY_EXISTS / CONFLICT 409 (412 when the client's
// If-Match failed), UNAVAILABLE 503, INTERNAL 500. Field names become lowerCamelCase, as in
// the JSON the client sent.
ApiError api_error(const Status& status);
// An error of the HTTP layer itself, e.g. (401, "UNAUTHENTICATED", "...").
ApiError api_error(int http_status, const std::string& code, const std::string& message,
                   const std::string& field = {});

// snake_case -> lowerCamelCase, per segment of a dotted path: "applicant.id_number" ->
// "applicant.idNumber".
std::string json_name(const std::string& field);

// The detail a CONFLICT carries when the client's If-Match named another version.
inline constexpr const char* kIfMatchDetail = "ifMatch";

}  // namespace oneseal::http
