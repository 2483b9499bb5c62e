// Per-address rate limits (in memory; a restart forgets them, which is fine for
// limits measured in minutes).
//  - requests: every request, generous, stops floods;
//  - auth failures: failed enrolments and admin logins, strict, stops guessing.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace terrain::server::http {

class RateLimiter {
 public:
  RateLimiter(int requests_per_minute, int auth_failures, std::int64_t auth_window_s);

  // Counts one request; false when the address is over its per-minute budget.
  bool allow_request(const std::string& address);
  // Seconds until the address may try to authenticate again (0: now).
  std::int64_t auth_blocked_for_s(const std::string& address);
  void auth_failed(const std::string& address);

 private:
  using Clock = std::chrono::steady_clock;
  static void prune(std::deque<Clock::time_point>& q, Clock::time_point horizon);
  void maybe_sweep(Clock::time_point now);

  int requests_per_minute_;
  int auth_failures_;
  std::chrono::seconds auth_window_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> requests_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
  Clock::time_point last_sweep_ = Clock::now();
};

}  // namespace terrain::server::http
