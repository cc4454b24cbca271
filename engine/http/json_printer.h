// Protobuf's JSON mapping printed straight from reflection, with every field printed (zero
// values and empty lists too, as `always_print_primitive_fields` does).
//
// protobuf 3.21's MessageToJsonString serializes the message, converts each descriptor into a
// google.protobuf.Type on every call and walks the bytes through that; on the command path it
// took four fifths of the server's CPU (docs/benchmarks.md). This prints the same bytes
// (tests/http/json_printer_test.cc compares the two over random messages of every type of the
// API), several times faster. Thread-safe: what it keeps (each message type's fields, worked
// out once) is kept per thread.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/message.h>

namespace oneseal::v1 {
class CaseState;
class Event;
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

// The same bytes as print_json(state, out), written field by field without reflection: every
// command answers with its case's state, and reflection was most of that answer's cost. With
// `hide_query_code`, query_code_hmac is printed as if cleared (staff never see it), so that a
// state shared with the cache need not be copied to clear it. Must follow case.proto's
// CaseState and its parts: the test compares the two over random messages.
void print_case_state_json(const v1::CaseState& state, bool hide_query_code, std::string* out);

// The same bytes as print_json of the CaseResponse holding these (the case always set), with
// `hide_query_codes` as above for the state and for a CaseSubmitted event.
void print_case_response_json(const v1::CaseState& state, const std::vector<v1::Event>& events, bool replayed,
                              const std::string& query_code, bool hide_query_codes, std::string* out);

}  // namespace oneseal::http
