#include "engine/masking.h"

#include <algorithm>

namespace oneseal {

namespace {

// The length in bytes of the UTF-8 character that starts at text[i] (a stray byte counts as one).
size_t character_size(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
  return std::min(n, text.size() - i);
}

std::string keep_ends(std::string_view text, size_t head, size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  return std::string(text.substr(0, head)) + std::string(text.size() - head - tail, '*') +
         std::string(text.substr(text.size() - tail));
}

}  // namespace

std::string mask_name(std::string_view name) {
  // One pass over the characters: counted, and where the last one starts.
  size_t count = 0, last = 0;
  for (size_t i = 0; i < name.size(); i += character_size(name, i)) {
    last = i;
    ++count;
  }
  if (count == 0) return "";
  if (count == 1) return "*";
  std::string out(name.substr(0, character_size(name, 0)));
  out.append(count == 2 ? 1 : count - 2, '*');
  if (count > 2) out += name.substr(last);
  return out;
}

std::string mask_id_number(std::string_view id) { return keep_ends(id, 6, 4); }

std::string mask_phone(std::string_view phone) { return keep_ends(phone, 3, 4); }

}  // namespace oneseal
