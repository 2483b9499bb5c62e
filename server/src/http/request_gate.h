// How many requests are handled at once, whatever the number of open connections.
//
// Every open connection has a worker thread (http/worker_pool.h), but running 256
// handlers at once on 2 cores only makes each slower and multiplies the memory in
// use (pull pages, JSON trees, SQLite read connections): measured at 256 tablets,
// server RSS 40 -> 350 MiB and the whole-sync p99 3.1 -> 6.0 s. So a request,
// once its body is read, waits here for one of `slots` places before it is
// authenticated and handled, and gives it back as soon as its answer is ready
// (before the answer is written to a slow client). Waiters are admitted in arrival
// order (first come, first served, as the fixed pool's queue did), each woken
// alone. Quiet kept-alive connections, and requests the rate limit refuses, hold
// no place.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace terrain::server::http {

class RequestGate {
 public:
  explicit RequestGate(std::size_t slots) : slots_(slots == 0 ? 1 : slots) {}

  // Held while a request is handled.
  class Place {
   public:
    explicit Place(RequestGate& gate) : gate_(gate) { gate_.enter(); }
    ~Place() { gate_.leave(); }
    Place(const Place&) = delete;
    Place& operator=(const Place&) = delete;

   private:
    RequestGate& gate_;
  };

  struct Stats {
    std::size_t active = 0;   // requests being handled
    std::size_t waiting = 0;  // requests waiting for a place
  };
  Stats stats();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  void enter();
  void leave();

  const std::size_t slots_;
  std::mutex mutex_;
  std::size_t active_ = 0;
  std::deque<Waiter*> waiting_;
};

}  // namespace terrain::server::http
