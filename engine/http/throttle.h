// Counts failures per key (a case number, a client address) in a fixed window, so that query
// codes cannot be guessed: after max_failures in one window the key must wait for the window's
// end. Memory is bounded: past max_keys, expired keys are dropped, then the oldest windows.
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

  // Seconds the key must wait before trying again; 0 when it may try now.
  int64_t retry_after(const std::string& key, Instant now);
  void record_failure(const std::string& key, Instant now);
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
