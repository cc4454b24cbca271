#include "engine/http/router.h"

#include <string_view>

namespace oneseal::http {

namespace {

// The segments of a path, one at a time: "/v1/cases/x" gives "v1", "cases", "x"; empty
// segments count ("/a//b/" gives "a", "", "b", ""), and a path not starting with '/' has none.
// Read in place: matching runs for every route a request is tried against, and allocating the
// segments there was a third of a progress query's instructions.
class Segments {
 public:
  explicit Segments(std::string_view path) : rest_(path), done_(path.empty() || path.front() != '/') {
    if (!done_) rest_.remove_prefix(1);
  }
  bool none() const { return done_; }
  // The next segment into *out; false when there is none left.
  bool next(std::string_view* out) {
    if (done_) return false;
    const size_t slash = rest_.find('/');
    *out = rest_.substr(0, slash);
    if (slash == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(slash + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_;
};

// Matches one path against one pattern; captured values, still percent-encoded, go to *params
// when it is not null.
bool matches(std::string_view pattern, std::string_view path, std::map<std::string, std::string>* params) {
  Segments want(pattern), have(path);
  if (have.none()) return false;
  for (;;) {
    std::string_view w, h;
    const bool more = want.next(&w);
    if (more != have.next(&h)) return false;  // not as many segments
    if (!more) return true;
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
    if (params) (*params)[std::string(name)] = std::string(h);
  }
}

}  // namespace

void Router::add(Route route) {
  literal_prefixes_.push_back(route.pattern.substr(0, route.pattern.find('{')));
  routes_.push_back(std::move(route));
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match m;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    if (path.compare(0, literal_prefixes_[i].size(), literal_prefixes_[i]) != 0) continue;
    if (!matches(route.pattern, path, nullptr)) continue;
    m.cross_origin = m.cross_origin || route.cross_origin;
    if (route.method != method) {
      m.allowed.push_back(route.method);
      continue;
    }
    // Captured once the route is known: the other routes' tries allocate nothing.
    std::map<std::string, std::string> params;
    matches(route.pattern, path, &params);
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
