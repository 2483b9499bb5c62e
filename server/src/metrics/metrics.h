// Prometheus metrics (text exposition format 0.0.4), kept in memory.
// Counters restart at zero with the process, as Prometheus expects.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace terrain::server {

class Metrics {
 public:
  // One HTTP request: route name ("push", "pull"...), status and duration.
  void request(const std::string& route, int status, double seconds);
  // One push outcome: accepted, quarantined, replay.
  void push(const std::string& outcome);
  void pull(std::uint64_t entries);
  // A refused request, by error code name.
  void rejection(const std::string& reason);

  // Text exposition; `gauges` are name -> (help, value) computed by the caller.
  struct Gauge {
    std::string name;
    std::string help;
    std::vector<std::pair<std::string, double>> samples;  // label text -> value
  };
  std::string render(const std::vector<Gauge>& gauges) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::uint64_t> pushes_;
  std::uint64_t pulls_ = 0;
  std::uint64_t pulled_entries_ = 0;
  std::map<std::string, std::uint64_t> rejections_;
};

}  // namespace terrain::server
