// Protobuf's JSON mapping printed straight from reflection, with every field printed (zero
// values and empty lists too, as `always_print_primitive_fields` does).
//
// protobuf 3.21's MessageToJsonString serializes the message, converts each descriptor into a
// google.protobuf.Type on every call and walks the bytes through that; on the command path it
// took four fifths of the server's CPU (docs/benchmarks.md). This prints the same bytes
// (tests/http/json_printer_test.cc compares the two over random messages of every type of the
// API), several times faster. Thread-safe: what it keeps (each message type's fields, worked
// out once) is kept per thread. The answers printed most often have printers of their own that
// print the same bytes without reflection: case_state_json.h, progress_json.h.
#pragma once

#include <google/protobuf/message.h>

#include <string>

namespace oneseal::http {

// Appends `message` as JSON to `out`. Well-known types other than Timestamp (Struct, Duration,
// ...) are handed to protobuf's own printer.
void print_json(const google::protobuf::Message& message, std::string* out);

}  // namespace oneseal::http
