// The HTTP server's worker threads: one per open connection, grown on demand.
//
// cpp-httplib serves a connection on one thread from its first request to its
// close, and a kept-alive connection holds its thread while the client is quiet
// (between pull pages, while a tablet applies one, on a slow link's round trips)
// for up to the keep-alive timeout. With a fixed pool of 8, the ninth tablet's
// connection waited in the queue behind eight idle ones, up to 5 s per request
// (bench/console measured 103 records/s, the server's CPU idle: 8 senders cycling
// over 50 devices' connections). So:
//  - `min` threads are always there; when a connection arrives and no thread is
//    idle, a new one starts, up to `max`; beyond `max` connections wait in the
//    queue, served in arrival order as threads free up (a flood of connections
//    cannot make the server start unbounded threads);
//  - a thread above `min` that stays idle for `idle` ends, so a busy evening's peak
//    does not stay resident;
//  - shutdown() lets queued and running connections finish, then joins every thread.
// The memory a request body may take is bounded separately (http/body_budget.h),
// not by the number of threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace terrain::server::http {

class WorkerPool final : public httplib::TaskQueue {
 public:
  WorkerPool(std::size_t min, std::size_t max, std::chrono::milliseconds idle);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  struct Stats {
    std::size_t threads = 0;  // running now
    std::size_t idle = 0;     // of which waiting for work
    std::size_t queued = 0;   // connections waiting for a thread
    std::size_t peak = 0;     // most threads at once so far
    std::size_t started = 0;  // threads started so far, the first `min` included
  };
  Stats stats();

 private:
  void start_thread();  // with mutex_ held
  void work(std::list<std::thread>::iterator self);
  void reap();  // joins threads that ended; with mutex_ held

  const std::size_t min_, max_;
  const std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::list<std::thread> threads_;
  std::vector<std::list<std::thread>::iterator> ended_;  // to join
  std::size_t running_ = 0, idle_ = 0, peak_ = 0, started_ = 0;
  bool shutdown_ = false;
};

}  // namespace terrain::server::http
