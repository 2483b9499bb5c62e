// Per-address rate limits (in memory; a restart forgets them, which is fine for
// limits measured in minutes).
//  - requests: every request, generous, stops floods;
//  - auth failures: failed enrolments and admin logins, strict, stops guessing.
//    An attempt counts against the budget from its start (AuthAttempt), so guesses
//    sent at once cannot get more checks than the limit while the first are still
//    being checked.
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
  // Starts an authentication attempt: seconds until the address may try again, or 0
  // and the attempt is in flight until auth_end. Attempts in flight count against
  // the budget like failures.
  std::int64_t auth_begin(const std::string& address);
  void auth_end(const std::string& address, bool failed);

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
  std::unordered_map<std::string, int> in_flight_;
  Clock::time_point last_sweep_ = Clock::now();
};

// One authentication attempt (a login, an enrolment) of an address: begun when
// made, ended when destroyed, as a failure if failed() was called.
class AuthAttempt {
 public:
  AuthAttempt(RateLimiter& limiter, std::string address)
      : limiter_(limiter), address_(std::move(address)), wait_s_(limiter_.auth_begin(address_)) {}
  ~AuthAttempt() {
    if (wait_s_ == 0) limiter_.auth_end(address_, failed_);
  }
  AuthAttempt(const AuthAttempt&) = delete;
  AuthAttempt& operator=(const AuthAttempt&) = delete;

  // Seconds to wait before trying again (0: go on with the attempt).
  std::int64_t blocked_for_s() const { return wait_s_; }
  void failed() { failed_ = true; }

 private:
  RateLimiter& limiter_;
  std::string address_;
  std::int64_t wait_s_;
  bool failed_ = false;
};

}  // namespace terrain::server::http
