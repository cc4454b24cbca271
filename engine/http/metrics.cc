#include "engine/http/metrics.h"

#include <cstdio>

namespace oneseal::http {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::exposition() const {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out += "# HELP oneseal_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
    out += "# TYPE oneseal_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out += "oneseal_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
    out += "# HELP oneseal_http_request_seconds Time from a parsed request to its answer, by route pattern.\n";
    out += "# TYPE oneseal_http_request_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const std::string label = "route=\"" + route + "\"";
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out += "oneseal_http_request_seconds_bucket{" + label + ",le=\"" + number(kBuckets[i]) + "\"} " +
               std::to_string(h.buckets[i]) + "\n";
      }
      out += "oneseal_http_request_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
      out += "oneseal_http_request_seconds_sum{" + label + "} " + number(h.sum) + "\n";
      out += "oneseal_http_request_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
    }
  }
  for (const auto& collect : collectors_) collect(&out);
  return out;
}

}  // namespace oneseal::http
