// A reader for the plain JSON bodies clients send, straight into the message by reflection.
//
// protobuf 3.21's JsonStringToMessage converts descriptors into google.protobuf.Type and goes
// through the binary form on every call: it was a tenth of a command's instructions on the
// server. This reader takes only what it can read exactly as protobuf does (objects, strings
// without escapes, enum names, true and false, plain integers, lists of these) and gives up on
// anything else, so that protobuf still reads, or refuses with its own words, every other body.
// tests/http/json_reader_test.cc checks both on random messages of every command. Thread-safe.
#pragma once

#include <google/protobuf/message.h>

#include <string_view>

namespace oneseal::http {

// Reads `json` into `message` (cleared first) and returns true, or returns false, with the
// message in an unspecified state, when the text holds anything the reader leaves to protobuf:
// errors of every kind, escapes in strings, null, numbers with a fraction or exponent, quoted
// integers, floating-point, bytes, map and well-known-type fields, a key given twice.
bool read_plain_json(std::string_view json, google::protobuf::Message* message);

}  // namespace oneseal::http
