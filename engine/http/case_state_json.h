// The case state, and the answer to a command that holds it, printed field by field without
// reflection, in the bytes print_json (json_printer.h) prints for them: every command answers
// with its case's state, and reflection was most of that answer's cost. Must follow
// case.proto's CaseState and its parts: tests/http/json_printer_test.cc compares the two
// printers over random messages. Thread-safe: nothing is kept.
#pragma once

#include <string>
#include <vector>

namespace oneseal::v1 {
class CaseState;
class Event;
}  // namespace oneseal::v1

namespace oneseal::http {

// Appends print_json(state)'s bytes to `out`. With `hide_query_code`, query_code_hmac is
// printed as if cleared (staff never see it), so that a state shared with the cache need not
// be copied to clear it.
void print_case_state_json(const v1::CaseState& state, bool hide_query_code, std::string* out);

// Appends the bytes of print_json of the CaseResponse holding these (the case always set), with
// `hide_query_codes` as above for the state and for a CaseSubmitted event.
void print_case_response_json(const v1::CaseState& state, const std::vector<v1::Event>& events,
                              bool replayed, const std::string& query_code, bool hide_query_codes,
                              std::string* out);

}  // namespace oneseal::http
