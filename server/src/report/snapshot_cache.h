// Snapshots of the merged state shared by the reports: one load serves every
// report asked with the same filter while the state has not changed.
//
// Why: loading a national cycle (2,000 meetings, 142,199 records) parses every
// record's view: 1.0 to 1.7 s and about 430 MB for each request. The console's
// national view asks six reports at once and people come back to it; each report
// loading its own copy took 12 s and 2.6 GiB (docs/performance.md).
//
// Rules:
//  - A snapshot is kept by (filter, load options) with the store's state
//    generation read before its read transaction began (Store::state_generation):
//    it serves a request while the generation has not moved since, so a report
//    asked after a push's acknowledgement always shows that push.
//  - A kept snapshot whose generation moved is refreshed rather than read anew: the
//    records of meetings not stamped since it was read are shared with it
//    (store/meeting_stamps.h), so a commit to one meeting costs a reload of that
//    meeting, not of the cycle.
//  - A request that finds a load of its key under way, begun after the request's
//    own generation, waits for it instead of loading a copy (single flight);
//    otherwise it loads its own, as it would without the cache. A cache never
//    makes a request wait for an older state.
//  - At most `entries` snapshots are kept, the least recently used dropped first;
//    one unused for `idle` is dropped by the cache's sweeper thread, and the
//    process's free memory given back to the system.
//  - The attendance export (personal data of one meeting) is never cached.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "report/reference.h"
#include "report/report_config.h"
#include "report/report_data.h"
#include "report/report_filter.h"
#include "store/store.h"

namespace terrain::server::report {

class SnapshotCache {
 public:
  struct Limits {
    std::size_t entries = ReportConfig::snapshots_kept;
    std::chrono::milliseconds idle{ReportConfig::snapshot_idle_ms};
  };
  SnapshotCache(Store& store, const Reference& ref, Limits limits);
  ~SnapshotCache();
  SnapshotCache(const SnapshotCache&) = delete;
  SnapshotCache& operator=(const SnapshotCache&) = delete;

  // The snapshot for this filter at the current state (loaded, shared or kept).
  Result<std::shared_ptr<const Snapshot>> get(const ReportFilter& filter,
                                              const LoadOptions& options = {});

  struct Stats {
    std::uint64_t loads = 0;   // snapshots read from the store
    std::uint64_t hits = 0;    // requests served by a kept snapshot
    std::uint64_t shared = 0;  // requests that waited for another request's load
    std::size_t kept = 0;      // snapshots held now
  };
  Stats stats();

 private:
  struct Flight {
    std::uint64_t generation = 0;
    bool done = false;
    Result<std::shared_ptr<const Snapshot>> result{Error{}};
  };
  struct Entry {
    std::shared_ptr<const Snapshot> snapshot;
    std::uint64_t generation = 0;
    std::chrono::steady_clock::time_point used;
    std::shared_ptr<Flight> flight;  // the newest load under way
  };

  // Drops the least recently used beyond `entries`; mutex_ held. The caller frees
  // what it returns after unlocking.
  std::vector<std::shared_ptr<const Snapshot>> keep_within_entries();
  void sweep_loop();

  Store& store_;
  const Reference& ref_;
  const Limits limits_;
  std::mutex mutex_;
  std::condition_variable loaded_;
  std::map<std::string, Entry> entries_;
  Stats stats_;
  bool stopping_ = false;
  std::condition_variable stop_;
  std::thread sweeper_;
};

}  // namespace terrain::server::report
