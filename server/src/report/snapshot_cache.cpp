#include "report/snapshot_cache.h"

#include <algorithm>
#include <utility>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace terrain::server::report {
namespace {

std::string key_of(const ReportFilter& f, const LoadOptions& o) {
  return f.to_json().dump() + (o.records ? "|records" : "|-") +
         (o.headcount_history ? "|tallies" : "|-");
}

void give_back_free_memory() {
#if defined(__GLIBC__)
  // A national snapshot is hundreds of small allocations per record: glibc keeps
  // the freed pages unless asked.
  malloc_trim(0);
#endif
}

}  // namespace

SnapshotCache::SnapshotCache(Store& store, const Reference& ref, Limits limits)
    : store_(store), ref_(ref), limits_(limits) {
  sweeper_ = std::thread([this] { sweep_loop(); });
}

SnapshotCache::~SnapshotCache() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

Result<std::shared_ptr<const Snapshot>> SnapshotCache::get(const ReportFilter& filter,
                                                           const LoadOptions& options) {
  const std::string key = key_of(filter, options);
  std::unique_lock lock(mutex_);
  // Read before any read transaction this request may open (store.h).
  const std::uint64_t generation = store_.state_generation();
  {
    Entry& e = entries_[key];
    if (e.snapshot && e.generation >= generation) {
      e.used = std::chrono::steady_clock::now();
      ++stats_.hits;
      return e.snapshot;
    }
    if (e.flight && e.flight->generation >= generation) {
      std::shared_ptr<Flight> f = e.flight;
      ++stats_.shared;
      loaded_.wait(lock, [&] { return f->done; });
      return f->result;
    }
  }
  auto flight = std::make_shared<Flight>();
  flight->generation = generation;
  // A kept snapshot of an older state is refreshed: only the meetings changed since
  // are read again (report_data.h, refresh_snapshot).
  const std::shared_ptr<const Snapshot> older = entries_[key].snapshot;
  entries_[key].flight = flight;
  lock.unlock();

  Result<std::shared_ptr<const Snapshot>> result{Error{}};
  try {
    auto s = store_.read([&](sqlite::Database& db) -> Result<Snapshot> {
      if (older) return refresh_snapshot(db, *older, filter, ref_, options);
      return load_snapshot(db, filter, ref_, options);
    });
    if (s)
      result = std::shared_ptr<const Snapshot>(std::make_shared<Snapshot>(std::move(*s)));
    else
      result = s.error();
  } catch (...) {
    lock.lock();
    flight->result = make_error(Errc::internal, "the report's snapshot could not be loaded");
    flight->done = true;
    if (auto it = entries_.find(key); it != entries_.end() && it->second.flight == flight)
      it->second.flight.reset();
    loaded_.notify_all();
    throw;
  }

  lock.lock();
  flight->result = result;
  flight->done = true;
  ++stats_.loads;
  Entry& e = entries_[key];
  if (e.flight == flight) e.flight.reset();
  if (result && (!e.snapshot || e.generation < generation)) {
    e.snapshot = *result;
    e.generation = generation;
    e.used = std::chrono::steady_clock::now();
  }
  if (!e.snapshot && !e.flight) entries_.erase(key);
  auto dropped = keep_within_entries();
  loaded_.notify_all();
  lock.unlock();
  dropped.clear();
  return result;
}

std::vector<std::shared_ptr<const Snapshot>> SnapshotCache::keep_within_entries() {
  std::vector<std::shared_ptr<const Snapshot>> dropped;
  for (;;) {
    std::size_t kept = 0;
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (!it->second.snapshot) continue;
      ++kept;
      if (oldest == entries_.end() || it->second.used < oldest->second.used) oldest = it;
    }
    if (kept <= limits_.entries || oldest == entries_.end()) return dropped;
    dropped.push_back(std::move(oldest->second.snapshot));
    oldest->second.snapshot.reset();
    if (!oldest->second.flight) entries_.erase(oldest);
  }
}

SnapshotCache::Stats SnapshotCache::stats() {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.kept = 0;
  for (const auto& [k, e] : entries_)
    if (e.snapshot) ++s.kept;
  return s;
}

void SnapshotCache::sweep_loop() {
  const auto period = std::max(limits_.idle / 4, std::chrono::milliseconds(10));
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    stop_.wait_for(lock, period, [&] { return stopping_; });
    if (stopping_) break;
    const auto now = std::chrono::steady_clock::now();
    // Dropped outside the lock: freeing a national snapshot takes a while.
    std::vector<std::shared_ptr<const Snapshot>> dropped;
    for (auto it = entries_.begin(); it != entries_.end();) {
      Entry& e = it->second;
      if (e.snapshot && now - e.used >= limits_.idle) {
        dropped.push_back(std::move(e.snapshot));
        e.snapshot.reset();
      }
      if (!e.snapshot && !e.flight)
        it = entries_.erase(it);
      else
        ++it;
    }
    if (dropped.empty()) continue;
    lock.unlock();
    dropped.clear();
    give_back_free_memory();
    lock.lock();
  }
}

}  // namespace terrain::server::report
