// One sync run's shared state (private to the sync layer).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "progress.h"
#include "terrain/replica/replica.h"
#include "terrain/sync/sync_client.h"
#include "transport.h"

namespace terrain::sync::detail {

// How a phase ended.
enum class Step {
  done,       // finished
  restart,    // state changed under us (re-stamp, epoch change): push again, then pull
  cancelled,  // options.cancelled() said stop
};

struct Summary {
  std::uint64_t pushed = 0;
  std::uint64_t accepted = 0;
  std::uint64_t quarantined = 0;
  std::uint64_t pulled = 0;
  std::uint64_t restamped = 0;
  bool epoch_changed = false;
  bool cancelled = false;
};

struct Session {
  Replica& replica;
  const SyncOptions& options;
  Transport transport;
  Progress progress;
  ServerInfo server;  // as stored in the replica; epoch refreshed on changes
  Summary summary;
  std::uint64_t push_done = 0;  // progress counter of the push phase

  bool cancelled() const { return options.cancelled && options.cancelled(); }
  // After an epoch_mismatch: keep the data, store the new epoch, reset the cursor,
  // make acknowledged change sets the server lacks pending again.
  Status change_epoch(const nlohmann::json& details);
};

// Pushes every pending change set in seq order (see push.cpp).
Result<Step> push_outbox(Session& s);
// Pulls and applies pages from the stored cursor (see pull.cpp).
Result<Step> pull_pages(Session& s);

}  // namespace terrain::sync::detail
