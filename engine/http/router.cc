#include "engine/http/router.h"

#include <string_view>

namespace oneseal::http {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// Matches one path against one pattern; captured values are still percent-encoded.
bool matches(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  const auto want = segments(pattern), have = segments(path);
  if (want.size() != have.size() || have.empty()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    std::string_view w = want[i], h = have[i];
    if (w.empty() || w.front() != '{') {
      if (w != h) return false;
      continue;
    }
    const size_t close = w.find('}');
    const std::string_view name = w.substr(1, close - 1), verb = w.substr(close + 1);  // verb: ":accept" or ""
    if (!verb.empty()) {
      if (h.size() <= verb.size() || h.substr(h.size() - verb.size()) != verb) return false;
      h.remove_suffix(verb.size());
    }
    if (h.empty() || h.find(':') != std::string_view::npos) return false;
    (*params)[std::string(name)] = std::string(h);
  }
  return true;
}

}  // namespace

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route.pattern, path, &params)) continue;
    if (route.method != method) {
      m.allowed.push_back(route.method);
      continue;
    }
    for (auto& [name, value] : params) {
      std::string decoded;
      if (!percent_decode(value, &decoded)) m.bad_escape = true;
      value = std::move(decoded);
    }
    m.route = &route;
    m.params = std::move(params);
    return m;
  }
  return m;
}

}  // namespace oneseal::http
