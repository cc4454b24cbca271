// Counts failures per key (a case number, a client address) in a fixed window, so that query
// codes cannot be guessed: after max_failures in one window the key must wait for the window's
// end. An attempt is counted as a failure when it starts, in one step with the check, and taken
// back if it succeeds: attempts in flight together cannot all pass the check before any of
// them has failed. Memory is bounded: past max_keys, expired keys are dropped, then the oldest
// windows.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/time.h"

namespace oneseal::http {

class FailureThrottle {
 public:
  struct Options {
    int max_failures = 5;
    std::chrono::seconds window{15 * 60};
    size_t max_keys = 100000;
  };
  explicit FailureThrottle(Options options) : options_(options) {}

  // Seconds the key must wait before trying again, with nothing counted; or 0, with this
  // attempt counted as a failure until forgive() takes it back.
  int64_t attempt(const std::string& key, Instant now);
  // Takes back one attempt that did not fail.
  void forgive(const std::string& key);
  // A success forgets the key's failures.
  void clear(const std::string& key);

 private:
  struct Window {
    Instant start;
    int failures = 0;
  };
  void make_room(Instant now);  // REQUIRES: mutex_ is held

  const Options options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // GUARDED_BY(mutex_)
};

}  // namespace oneseal::http
