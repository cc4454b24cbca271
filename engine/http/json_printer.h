// Protobuf's JSON mapping printed straight from reflection, with every field printed (zero
// values and empty lists too, as `always_print_primitive_fields` does).
//
// protobuf 3.21's MessageToJsonString serializes the message, converts each descriptor into a
// google.protobuf.Type on every call and walks the bytes through that; on the command path it
// took four fifths of the server's CPU (docs/benchmarks.md). This prints the same bytes
// (tests/http/json_printer_test.cc compares the two over random messages of every type of the
// API), several times faster. Thread-safe: it keeps no state.
#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace oneseal::v1 {
class Progress;
}

namespace oneseal::http {

// Appends `message` as JSON to `out`. Well-known types other than Timestamp (Struct, Duration,
// ...) are handed to protobuf's own printer.
void print_json(const google::protobuf::Message& message, std::string* out);

// The same bytes as print_json(progress, out), written field by field without reflection: a
// progress query whose answer is not kept prints one, and reflection was most of its cost
// (about 23k instructions, 3k this way). Must follow api.proto's Progress: the test compares
// the two over random messages.
void print_progress_json(const v1::Progress& progress, std::string* out);

}  // namespace oneseal::http
