#include "engine/http/response_bytes.h"

namespace oneseal::http {

// Beast's serializer walks the header's fields and the body as a sequence of buffers, about
// 9,000 instructions per small answer; the same bytes laid out here take about 1,000.
void response_bytes(const BeastResponse& response, std::string& out) {
  const auto reason = response.reason();
  const unsigned version = response.version();
  out.clear();
  out += "HTTP/";
  out += char('0' + version / 10);
  out += '.';
  out += char('0' + version % 10);
  out += ' ';
  out += std::to_string(response.result_int());
  out += ' ';
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (const auto& field : response) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size());
    out += ": ";
    out.append(value.data(), value.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += response.body();
}

}  // namespace oneseal::http
