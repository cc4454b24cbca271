// Text that goes back to clients must be valid UTF-8 (a proto3 string field, and JSON, demand
// it), even when it quotes what a client sent.
#pragma once

#include <string>
#include <string_view>

namespace oneseal::http {

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace oneseal::http
