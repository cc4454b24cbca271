#include "engine/masking.h"

#include <vector>

namespace oneseal {

namespace {

// Splits UTF-8 text into characters (code point sequences).
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + n > text.size()) n = text.size() - i;
    out.push_back(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string keep_ends(std::string_view text, size_t head, size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  return std::string(text.substr(0, head)) + std::string(text.size() - head - tail, '*') +
         std::string(text.substr(text.size() - tail));
}

}  // namespace

std::string mask_name(std::string_view name) {
  const auto chars = characters(name);
  if (chars.empty()) return "";
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  if (chars.size() == 2) return out + "*";
  for (size_t i = 1; i + 1 < chars.size(); ++i) out += "*";
  return out + std::string(chars.back());
}

std::string mask_id_number(std::string_view id) { return keep_ends(id, 6, 4); }

std::string mask_phone(std::string_view phone) { return keep_ends(phone, 3, 4); }

}  // namespace oneseal
