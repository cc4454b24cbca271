// Exact percentiles over every sample (see latency.h).
#include "tools/load/latency.h"

#include <algorithm>
#include <cmath>

namespace oneseal::load {

void Latencies::merge(const Latencies& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  errors_ += other.errors_;
  sorted_ = false;
}

double Latencies::percentile_ms(double q) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  // The nearest-rank percentile: the smallest sample with at least q of them at or below it.
  const auto rank = size_t(std::ceil(q * double(samples_.size())));
  const size_t index = std::min(samples_.size() - 1, rank == 0 ? 0 : rank - 1);
  return double(samples_[index]) / 1e6;
}

}  // namespace oneseal::load
