#include "http/request_gate.h"

namespace terrain::server::http {

void RequestGate::enter() {
  std::unique_lock lock(mutex_);
  if (active_ < slots_ && waiting_.empty()) {
    ++active_;
    return;
  }
  Waiter me;
  waiting_.push_back(&me);
  me.cv.wait(lock, [&] { return me.admitted; });  // leave() handed its place over
}

void RequestGate::leave() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) {
    --active_;
    return;
  }
  Waiter* next = waiting_.front();  // the place passes to the longest waiter
  waiting_.pop_front();
  next->admitted = true;
  next->cv.notify_one();  // under the lock: `next` lives on its thread's stack
}

RequestGate::Stats RequestGate::stats() {
  std::lock_guard lock(mutex_);
  return {active_, waiting_.size()};
}

}  // namespace terrain::server::http
