// The answer of a public progress query, printed field by field without reflection, in the
// bytes print_json (json_printer.h) prints for it: a progress query whose answer is not kept
// prints one, and reflection was most of its cost (about 23k instructions, 3k this way). Must
// follow api.proto's Progress: tests/http/json_printer_test.cc compares the two printers over
// random messages. Thread-safe: nothing is kept.
#pragma once

#include <string>

namespace oneseal::v1 {
class Progress;
}

namespace oneseal::http {

// Appends print_json(progress)'s bytes to `out`.
void print_progress_json(const v1::Progress& progress, std::string* out);

}  // namespace oneseal::http
