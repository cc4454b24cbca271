// Where "now" comes from. Nothing in engine/ or storage/ reads the system clock: the service
// is given a TimeSource, and tests give it one they move by hand.
#pragma once

#include <atomic>
#include <chrono>

#include "engine/time.h"

namespace oneseal {

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual Instant now() const = 0;
  // Now to the clock's own precision, where a second is too coarse (ordering new case numbers).
  virtual std::chrono::system_clock::time_point now_exact() const { return now(); }
};

// The system's clock, for the server.
class SystemTime final : public TimeSource {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
  std::chrono::system_clock::time_point now_exact() const override {
    return std::chrono::system_clock::now();
  }
};

// Another time source moved by a fixed offset: `oneseal serve --clock-offset` for drills and
// end-to-end tests of deadlines.
class OffsetTime final : public TimeSource {
 public:
  OffsetTime(const TimeSource& base, std::chrono::seconds offset) : base_(base), offset_(offset) {}
  Instant now() const override { return base_.now() + offset_; }
  std::chrono::system_clock::time_point now_exact() const override {
    return base_.now_exact() + offset_;
  }

 private:
  const TimeSource& base_;
  const std::chrono::seconds offset_;
};

// A time that moves only when told; thread-safe.
class ManualTime final : public TimeSource {
 public:
  explicit ManualTime(Instant start) : seconds_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{std::chrono::seconds{seconds_.load()}}; }
  void set(Instant t) { seconds_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::seconds d) { seconds_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> seconds_;
};

}  // namespace oneseal
