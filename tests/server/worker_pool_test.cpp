// The HTTP worker pool (a thread per open connection, grown on demand, bounded,
// shrinking when idle), the gate on requests handled at once and the request-body
// memory budget (server/src/http), tested
// directly. Waits poll a condition with a generous deadline: nothing here measures
// speed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "http/body_budget.h"
#include "http/request_gate.h"
#include "http/worker_pool.h"

using namespace terrain::server::http;
using namespace std::chrono_literals;

namespace {

// Polls `done` until it holds or 10 s pass.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return done();
}

// Jobs that block until released, like connections kept alive by quiet clients.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> entered{0}, finished{0};
  std::function<void()> job() {
    return [this] {
      ++entered;
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return open; });
      ++finished;
    };
  }
  void release() {
    {
      std::lock_guard lock(m);
      open = true;
    }
    cv.notify_all();
  }
};

}  // namespace

TEST_CASE("The worker pool gives every connection a thread, beyond its minimum",
          "[server][http][workers]") {
  WorkerPool pool(2, 64, 30s);
  CHECK(pool.stats().threads == 2);
  Gate gate;
  // 10 connections held open: with a fixed pool of 2, eight would wait for the
  // first two to close.
  for (int i = 0; i < 10; ++i) pool.enqueue(gate.job());
  CHECK(eventually([&] { return gate.entered == 10; }));
  auto s = pool.stats();
  CHECK(s.threads == 10);
  CHECK(s.queued == 0);
  CHECK(s.peak == 10);
  gate.release();
  CHECK(eventually([&] { return gate.finished == 10; }));
  pool.shutdown();
  CHECK(pool.stats().threads == 0);
}

TEST_CASE("Beyond max_threads connections wait in arrival order, none is lost",
          "[server][http][workers]") {
  WorkerPool pool(1, 3, 30s);
  Gate gate;
  for (int i = 0; i < 3; ++i) pool.enqueue(gate.job());
  CHECK(eventually([&] { return gate.entered == 3; }));
  std::mutex m;
  std::vector<int> order;
  for (int i = 0; i < 5; ++i)
    pool.enqueue([&, i] {
      std::lock_guard lock(m);
      order.push_back(i);
    });
  auto s = pool.stats();
  CHECK(s.threads == 3);  // never more than max
  CHECK(s.queued == 5);
  gate.release();
  CHECK(eventually([&] {
    std::lock_guard lock(m);
    return order.size() == 5;
  }));
  CHECK(pool.stats().peak == 3);
  pool.shutdown();
  // Every queued connection was served, once.
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("Threads above the minimum end when idle, and start again when needed",
          "[server][http][workers]") {
  WorkerPool pool(2, 16, 50ms);
  Gate gate;
  for (int i = 0; i < 8; ++i) pool.enqueue(gate.job());
  CHECK(eventually([&] { return gate.entered == 8; }));
  CHECK(pool.stats().threads == 8);
  gate.release();
  CHECK(eventually([&] { return pool.stats().threads == 2; }));
  CHECK(pool.stats().idle == 2);
  Gate again;
  for (int i = 0; i < 4; ++i) pool.enqueue(again.job());
  CHECK(eventually([&] { return again.entered == 4; }));
  CHECK(pool.stats().threads == 4);
  CHECK(pool.stats().started == 8 + 2);  // 2 at the start, 6 for the first peak, 2 now
  again.release();
  pool.shutdown();
}

TEST_CASE("Shutdown lets running and queued connections finish", "[server][http][workers]") {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 2, 30s);
    for (int i = 0; i < 20; ++i)
      pool.enqueue([&] {
        std::this_thread::sleep_for(1ms);
        ++ran;
      });
    pool.shutdown();
    CHECK(ran == 20);
    pool.shutdown();  // twice is harmless; so is the destructor after it
  }
  CHECK(ran == 20);
}

TEST_CASE("Request bodies wait for memory when the budget is spent", "[server][http][bodies]") {
  BodyBudget budget(1000);
  auto a = budget.reserve(600);
  CHECK(a.bytes() == 600);
  CHECK(budget.in_use() == 600);
  std::atomic<bool> got{false};
  std::thread t([&] {
    auto b = budget.reserve(500);  // 600 + 500 > 1000: waits for a
    got = true;
    CHECK(budget.in_use() == 500);
  });
  CHECK(eventually([&] { return budget.waits() == 1; }));
  CHECK_FALSE(got);
  { auto gone = std::move(a); }  // a's memory released
  t.join();
  CHECK(got);
  CHECK(budget.in_use() == 0);

  // A reservation larger than the whole budget is cut to it, so it can still run.
  auto big = budget.reserve(5000);
  CHECK(big.bytes() == 1000);
  auto none = budget.reserve(0);  // no body: nothing held, never waits
  CHECK(none.bytes() == 0);
}

TEST_CASE("The request gate admits `slots` requests at once, the others in arrival order",
          "[server][http][gate]") {
  RequestGate gate(2);
  std::mutex m;
  std::vector<int> order;
  auto first = std::make_unique<RequestGate::Place>(gate);
  auto second = std::make_unique<RequestGate::Place>(gate);
  CHECK(gate.stats().active == 2);
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      RequestGate::Place place(gate);
      std::lock_guard lock(m);
      order.push_back(i);
    });
    // Each waiter queued before the next one starts: arrival order is known.
    CHECK(eventually([&] { return gate.stats().waiting == static_cast<std::size_t>(i) + 1; }));
  }
  CHECK(gate.stats().active == 2);  // none of the four was let in
  // One place comes free: the four pass through it one after the other, in the
  // order they arrived, while the second place stays held.
  first.reset();
  for (auto& t : waiters) t.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3});
  CHECK(gate.stats().active == 1);
  second.reset();
  CHECK(gate.stats().active == 0);
  CHECK(gate.stats().waiting == 0);
}
