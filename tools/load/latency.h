// Latencies of one operation under load: every sample kept (nanoseconds), so that percentiles
// are exact rather than read off buckets, and errors counted beside them. A run of a few
// million requests keeps a few tens of MB.
//
// Thread-safety: none; each connection records into its own, merged at the end.
#pragma once

#include <cstdint>
#include <vector>

namespace oneseal::load {

class Latencies {
 public:
  void record(int64_t nanoseconds) {
    samples_.push_back(nanoseconds);
    sorted_ = false;
  }
  void error() { ++errors_; }
  void merge(const Latencies& other);

  int64_t count() const { return int64_t(samples_.size()); }
  int64_t errors() const { return errors_; }
  // The sample below which a fraction `q` (0..1) of them lie, in milliseconds; 0 when none.
  // Sorts the samples the first time after a change.
  double percentile_ms(double q);

 private:
  std::vector<int64_t> samples_;
  int64_t errors_ = 0;
  bool sorted_ = true;
};

}  // namespace oneseal::load
