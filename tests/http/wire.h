// The two body formats of the API, as a client writes and reads them: JSON (protobuf's JSON
// mapping, lowerCamelCase) and binary protobuf.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <map>
#include <string>

namespace oneseal::testing {

enum class Wire { kJson, kProtobuf };

inline const char* media_type(Wire wire) {
  return wire == Wire::kJson ? "application/json" : "application/x-protobuf";
}
inline const char* wire_name(Wire wire) { return wire == Wire::kJson ? "JSON" : "protobuf"; }

inline std::string encoded(const google::protobuf::Message& message, Wire wire) {
  if (wire == Wire::kProtobuf) return message.SerializeAsString();
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok())
    throw std::runtime_error("unprintable");
  return json;
}

// False when `body` is not a `message` in `wire`.
inline bool parse(const std::string& body, Wire wire, google::protobuf::Message* message) {
  if (wire == Wire::kProtobuf) return message->ParseFromString(body);
  return google::protobuf::util::JsonStringToMessage(body, message).ok();
}

// Content-Type and Accept of `wire`, with a staff token when one is given.
inline std::map<std::string, std::string> wire_headers(Wire wire, const std::string& token = {}) {
  std::map<std::string, std::string> headers = {{"Content-Type", media_type(wire)},
                                                {"Accept", media_type(wire)}};
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  return headers;
}

}  // namespace oneseal::testing
