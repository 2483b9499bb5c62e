#include "http/body_budget.h"

#include <algorithm>

namespace terrain::server::http {

BodyBudget::Reservation BodyBudget::reserve(std::size_t bytes) {
  bytes = std::min(bytes, total_);
  if (bytes == 0) return {};
  std::unique_lock lock(mutex_);
  if (total_ - used_ < bytes) {
    ++waits_;
    cv_.wait(lock, [&] { return total_ - used_ >= bytes; });
  }
  used_ += bytes;
  return Reservation(this, bytes);
}

void BodyBudget::release(std::size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    used_ -= bytes;
  }
  cv_.notify_all();
}

std::size_t BodyBudget::in_use() {
  std::lock_guard lock(mutex_);
  return used_;
}

std::size_t BodyBudget::waits() {
  std::lock_guard lock(mutex_);
  return waits_;
}

}  // namespace terrain::server::http
