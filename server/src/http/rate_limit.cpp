#include "http/rate_limit.h"

namespace terrain::server::http {

RateLimiter::RateLimiter(int requests_per_minute, int auth_failures, std::int64_t auth_window_s)
    : requests_per_minute_(requests_per_minute),
      auth_failures_(auth_failures),
      auth_window_(auth_window_s) {}

void RateLimiter::prune(std::deque<Clock::time_point>& q, Clock::time_point horizon) {
  while (!q.empty() && q.front() < horizon) q.pop_front();
}

void RateLimiter::maybe_sweep(Clock::time_point now) {
  // Drops addresses with nothing left in their windows, so memory stays bounded.
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  for (auto* m : {&requests_, &failures_}) {
    auto horizon = now - (m == &requests_ ? std::chrono::seconds(60) : auth_window_);
    for (auto it = m->begin(); it != m->end();) {
      prune(it->second, horizon);
      it = it->second.empty() ? m->erase(it) : std::next(it);
    }
  }
}

bool RateLimiter::allow_request(const std::string& address) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  maybe_sweep(now);
  auto& q = requests_[address];
  prune(q, now - std::chrono::seconds(60));
  if (static_cast<int>(q.size()) >= requests_per_minute_) return false;
  q.push_back(now);
  return true;
}

std::int64_t RateLimiter::auth_begin(const std::string& address) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  std::size_t failed = 0;
  auto it = failures_.find(address);
  if (it != failures_.end()) {
    prune(it->second, now - auth_window_);
    failed = it->second.size();
  }
  auto limit = static_cast<std::size_t>(auth_failures_);
  auto flying = in_flight_.find(address);
  std::size_t pending = flying == in_flight_.end() ? 0 : static_cast<std::size_t>(flying->second);
  if (failed + pending < limit) {
    ++in_flight_[address];
    return 0;
  }
  // Attempts still being checked: their outcome decides, soon.
  if (failed < limit) return 1;
  auto until = it->second[failed - limit] + auth_window_;
  return std::chrono::duration_cast<std::chrono::seconds>(until - now).count() + 1;
}

void RateLimiter::auth_end(const std::string& address, bool failed) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  if (auto it = in_flight_.find(address); it != in_flight_.end() && --it->second <= 0)
    in_flight_.erase(it);
  if (!failed) return;
  auto& q = failures_[address];
  prune(q, now - auth_window_);
  q.push_back(now);
}

}  // namespace terrain::server::http
