// Request metrics in the Prometheus text format: requests by route, method and status, and a
// latency histogram per route. Other parts of the server (the store's commits, open cases by
// alert level) add their lines through collectors.
//
// Thread-safety: all methods may be called concurrently; collectors are added before serving.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace oneseal::http {

class Metrics {
 public:
  // Appends metric lines (with their # HELP and # TYPE) to the exposition.
  using Collector = std::function<void(std::string* out)>;

  void observe(const std::string& route, const std::string& method, int status, double seconds);
  void add_collector(Collector collector) { collectors_.push_back(std::move(collector)); }
  std::string exposition() const;

  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,  0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mutex_)
  std::map<std::string, Histogram> latency_;                               // GUARDED_BY(mutex_)
  std::vector<Collector> collectors_;
};

}  // namespace oneseal::http
