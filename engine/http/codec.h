// Content negotiation: request bodies in JSON (protobuf's JSON mapping) or binary protobuf by
// Content-Type, answers by Accept.
#pragma once

#include <optional>
#include <string>

#include <google/protobuf/message.h>

#include "engine/http/api_error.h"
#include "engine/http/message.h"

namespace oneseal::http {

enum class Format { kJson, kProtobuf, kCsv };

inline constexpr const char* kJsonType = "application/json";
inline constexpr const char* kProtobufType = "application/x-protobuf";
inline constexpr const char* kCsvType = "text/csv; charset=utf-8";

// The deepest nesting of objects and arrays a JSON body may have.
inline constexpr int kMaxJsonDepth = 32;

// Parses the request body into `message`: 415 for another Content-Type, 400 naming the field
// for unknown fields, wrong types and bad values. An empty body is an empty message.
std::optional<ApiError> decode(const Request& request, google::protobuf::Message* message);

// The answer's format from Accept: JSON unless binary protobuf (or CSV where `csv` is
// offered) is asked for; 406 when Accept names only types not served.
std::optional<Format> response_format(const Request& request, bool csv, ApiError* error);

// A response carrying `message` in `format` (JSON: every field printed, zero values too, so
// that phone pages need not know proto3 defaults).
Response encode(int status, const google::protobuf::Message& message, Format format);

// An error response, in the format the client asked for (JSON when it cannot be told).
Response error_response(const Request& request, const ApiError& error);

}  // namespace oneseal::http
