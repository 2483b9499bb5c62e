#include "metrics/metrics.h"

#include <sstream>

namespace terrain::server {

void Metrics::request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::push(const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++pushes_[outcome];
}

void Metrics::pull(std::uint64_t entries) {
  std::lock_guard lock(mutex_);
  ++pulls_;
  pulled_entries_ += entries;
}

void Metrics::rejection(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejections_[reason];
}

std::string Metrics::render(const std::vector<Gauge>& gauges) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP terrain_http_requests_total HTTP requests by route and status.\n"
         "# TYPE terrain_http_requests_total counter\n";
  for (const auto& [k, v] : requests_)
    out << "terrain_http_requests_total{route=\"" << k.first << "\",status=\"" << k.second << "\"} "
        << v << "\n";
  out << "# HELP terrain_pushes_total Change sets pushed, by outcome.\n"
         "# TYPE terrain_pushes_total counter\n";
  for (const char* o : {"accepted", "quarantined", "replay"}) {
    auto it = pushes_.find(o);
    out << "terrain_pushes_total{outcome=\"" << o << "\"} "
        << (it == pushes_.end() ? 0 : it->second) << "\n";
  }
  out << "# HELP terrain_pulls_total Pull pages served.\n# TYPE terrain_pulls_total counter\n"
      << "terrain_pulls_total " << pulls_ << "\n";
  out << "# HELP terrain_pulled_entries_total Log entries served in pull pages.\n"
         "# TYPE terrain_pulled_entries_total counter\n"
      << "terrain_pulled_entries_total " << pulled_entries_ << "\n";
  out << "# HELP terrain_rejections_total Refused requests, by error code.\n"
         "# TYPE terrain_rejections_total counter\n";
  for (const auto& [k, v] : rejections_)
    out << "terrain_rejections_total{reason=\"" << k << "\"} " << v << "\n";
  out << "# HELP terrain_request_duration_seconds Request latency by route.\n"
         "# TYPE terrain_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "terrain_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    out << "terrain_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << h.count << "\n";
    out << "terrain_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "terrain_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  for (const auto& g : gauges) {
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " gauge\n";
    for (const auto& [labels, v] : g.samples)
      out << g.name << (labels.empty() ? "" : "{" + labels + "}") << " " << v << "\n";
  }
  return out.str();
}

}  // namespace terrain::server
