// Tunables of the reports, each with its reason.
#pragma once

#include <cstdint>

namespace terrain::server::report {

struct ReportConfig {
  // A tablet that has not synced for a day after capturing is worth a phone call:
  // meetings last a day and facilitators sync in the evening or the next morning.
  static constexpr std::int64_t stale_after_ms = 24LL * 3600 * 1000;
  // Data that reached the server more than a day after it was captured was kept
  // offline overnight or longer: shown as a late sync.
  static constexpr std::int64_t late_sync_ms = 24LL * 3600 * 1000;
};

}  // namespace terrain::server::report
