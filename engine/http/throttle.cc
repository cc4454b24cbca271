#include "engine/http/throttle.h"

#include <algorithm>
#include <vector>

namespace oneseal::http {

int64_t FailureThrottle::attempt(const std::string& key, Instant now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= options_.max_keys) make_room(now);
    it = windows_.emplace(key, Window{now, 0}).first;
  } else if (now >= it->second.start + options_.window) {
    it->second = Window{now, 0};
  } else if (it->second.failures >= options_.max_failures) {
    return (it->second.start + options_.window - now).count();
  }
  ++it->second.failures;
  return 0;
}

void FailureThrottle::forgive(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(key);
  if (it != windows_.end() && --it->second.failures <= 0) windows_.erase(it);
}

void FailureThrottle::clear(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  windows_.erase(key);
}

void FailureThrottle::make_room(Instant now) {
  std::erase_if(windows_, [&](const auto& entry) { return now >= entry.second.start + options_.window; });
  if (windows_.size() < options_.max_keys) return;
  // Every window is live: drop the oldest tenth, which are the nearest to expiring anyway.
  std::vector<Instant> starts;
  starts.reserve(windows_.size());
  for (const auto& entry : windows_) starts.push_back(entry.second.start);
  auto cut = starts.begin() + std::ptrdiff_t(starts.size() / 10);
  std::nth_element(starts.begin(), cut, starts.end());
  const Instant oldest = *cut;
  std::erase_if(windows_, [&](const auto& entry) { return entry.second.start <= oldest; });
}

}  // namespace oneseal::http
