// The shape of a JSON body against its message: protobuf 3.21 takes a lone value for a
// repeated field, and the contract says arrays, so objects and arrays are checked before
// protobuf parses the body. One pass over the text, no tree built (parsing the body twice with
// protobuf cost a fifth of a command's CPU).
#pragma once

#include <optional>
#include <string_view>

#include <google/protobuf/descriptor.h>

#include "engine/http/api_error.h"

namespace oneseal::http {

// The first member, in the text's order, whose value is not the object or array its field
// needs (400 naming the field), or "the body must be a JSON object". Text that is not JSON is
// left for protobuf's parser to report: nullopt.
std::optional<ApiError> check_json_shape(std::string_view json, const google::protobuf::Descriptor* message);

}  // namespace oneseal::http
