// Tunables of the reports, each with its reason.
#pragma once

#include <cstddef>
#include <cstdint>

namespace terrain::server::report {

struct ReportConfig {
  // A tablet that has not synced for a day after capturing is worth a phone call:
  // meetings last a day and facilitators sync in the evening or the next morning.
  static constexpr std::int64_t stale_after_ms = 24LL * 3600 * 1000;
  // Data that reached the server more than a day after it was captured was kept
  // offline overnight or longer: shown as a late sync.
  static constexpr std::int64_t late_sync_ms = 24LL * 3600 * 1000;
  // Snapshots kept for the reports (snapshot_cache.h): the national view, a region
  // and a department being compared, and the meeting open in the console. A
  // national snapshot of 2,000 meetings holds about 430 MB.
  static constexpr std::size_t snapshots_kept = 4;
  // Dropped after two minutes unused: the time to read a page of the console and
  // come back to it, not the whole evening.
  static constexpr std::int64_t snapshot_idle_ms = 2LL * 60 * 1000;
};

}  // namespace terrain::server::report
