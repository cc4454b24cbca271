#include "engine/http/message.h"

namespace oneseal::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += char(hi * 16 + lo);
      i += 2;
    } else {
      *out += plus_is_space && in[i] == '+' ? ' ' : in[i];
    }
  }
  return true;
}

}  // namespace

bool percent_decode(std::string_view in, std::string* out) { return decode(in, false, out); }

std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    std::string value;
    if (eq == std::string_view::npos || !decode(pair.substr(eq + 1), true, &value)) return {};
    return value;
  }
  return {};
}

}  // namespace oneseal::http
