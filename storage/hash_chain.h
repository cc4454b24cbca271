// Events are legal records: each row carries SHA-256(previous row's hash || the row's bytes),
// so a byte changed anywhere breaks the chain from that row on, which `oneseal db verify`
// finds (SQLite's own integrity check does not look inside rows).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace oneseal {

// The row as hashed: every stored column but the hash itself.
struct EventRow {
  int64_t seq = 0;
  std::string case_id;
  int64_t case_seq = 0;
  std::string type;
  int64_t at = 0;
  std::string actor;
  std::string body;  // the serialized v1::Event
};

// The hash before the first event.
inline const std::string kGenesisHash(32, '\0');

std::string sha256(std::string_view bytes);
std::string chain_hash(std::string_view previous, const EventRow& row);
std::string to_hex(std::string_view bytes);

}  // namespace oneseal
