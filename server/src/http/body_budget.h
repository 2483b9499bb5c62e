// The memory all request bodies being received may take at once.
//
// A body is read whole before its request is handled (http/api.cpp), so the bytes
// in flight are bounded here, not by the number of worker threads (which grows
// with connections, http/worker_pool.h). A request reserves its declared
// Content-Length, or twice its endpoint's limit when chunked (the buffer doubles as
// it grows), before reading a byte, and gives it back when its handler returns.
// When the budget is spent, a request waits for others to finish; a reservation
// larger than the whole budget is cut to it, so any one request can always run.
// The default (128 MiB) is what 8 workers could hold before: 8 x 2 x 8 MiB.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace terrain::server::http {

class BodyBudget {
 public:
  explicit BodyBudget(std::size_t bytes) : total_(bytes) {}

  // Held while a body is read and handled.
  class Reservation {
   public:
    Reservation() = default;
    Reservation(BodyBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    Reservation(Reservation&& o) noexcept : budget_(o.budget_), bytes_(o.bytes_) {
      o.budget_ = nullptr;
    }
    Reservation& operator=(Reservation&&) = delete;
    Reservation(const Reservation&) = delete;
    ~Reservation() {
      if (budget_) budget_->release(bytes_);
    }
    std::size_t bytes() const { return bytes_; }

   private:
    BodyBudget* budget_ = nullptr;
    std::size_t bytes_ = 0;
  };

  // Waits until `bytes` (at most the whole budget) are free, then holds them.
  Reservation reserve(std::size_t bytes);

  std::size_t in_use();
  // Requests that had to wait for memory so far.
  std::size_t waits();

 private:
  void release(std::size_t bytes);

  const std::size_t total_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::size_t used_ = 0;
  std::size_t waits_ = 0;
};

}  // namespace terrain::server::http
