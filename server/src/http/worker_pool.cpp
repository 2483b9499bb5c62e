#include "http/worker_pool.h"

#include <algorithm>

namespace terrain::server::http {

WorkerPool::WorkerPool(std::size_t min, std::size_t max, std::chrono::milliseconds idle)
    : min_(std::max<std::size_t>(1, min)),
      max_(std::max(std::max<std::size_t>(1, min), max)),
      idle_timeout_(idle) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < min_; ++i) start_thread();
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::start_thread() {
  ++running_;
  ++idle_;  // available from now on, before it first waits: no second thread is
            // started for a job this one will take
  ++started_;
  peak_ = std::max(peak_, running_);
  threads_.emplace_front();
  auto self = threads_.begin();
  *self = std::thread([this, self] { work(self); });
}

void WorkerPool::reap() {
  // An ended thread has released the mutex for the last time, so join() returns
  // at once (it only waits for the thread's own exit path).
  for (auto it : ended_) {
    if (it->joinable()) it->join();
    threads_.erase(it);
  }
  ended_.clear();
}

void WorkerPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  reap();
  jobs_.push_back(std::move(fn));
  // Every queued job beyond the idle threads needs a thread of its own.
  if (jobs_.size() > idle_ && running_ < max_ && !shutdown_) start_thread();
  cv_.notify_one();
}

void WorkerPool::work(std::list<std::thread>::iterator self) {
  std::unique_lock lock(mutex_);
  for (;;) {  // counted in idle_ whenever it holds no job
    if (jobs_.empty()) {
      if (shutdown_) break;
      if (running_ > min_) {
        const bool woken =
            cv_.wait_for(lock, idle_timeout_, [&] { return !jobs_.empty() || shutdown_; });
        if (!woken && running_ > min_) break;  // idle too long: this thread ends
      } else {
        cv_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
      }
      continue;
    }
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    --idle_;
    lock.unlock();
    fn();
    fn = nullptr;  // the connection's state is released before the thread waits again
    lock.lock();
    ++idle_;
  }
  --idle_;
  --running_;
  if (!shutdown_) ended_.push_back(self);  // joined by shutdown() otherwise
}

void WorkerPool::shutdown() {
  std::list<std::thread> all;
  {
    std::lock_guard lock(mutex_);
    if (shutdown_ && threads_.empty()) return;
    shutdown_ = true;
    cv_.notify_all();
    ended_.clear();
    all.swap(threads_);
  }
  for (auto& t : all)
    if (t.joinable()) t.join();
}

WorkerPool::Stats WorkerPool::stats() {
  std::lock_guard lock(mutex_);
  return {running_, idle_, jobs_.size(), peak_, started_};
}

}  // namespace terrain::server::http
