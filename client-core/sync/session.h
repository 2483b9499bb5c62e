// One sync run's shared state (private to the sync layer).
#pragma once

#include <cstdint>
#include <optional>
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
  std::uint64_t decisions = 0;  // CNSA decisions on quarantined change sets, newly recorded
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
  bool clock_retried = false;   // the one clock_skew retry of this sync is spent

  bool cancelled() const { return options.cancelled && options.cancelled(); }
  // After an epoch_mismatch: keep the data, store the new epoch, reset the cursor,
  // make acknowledged change sets the server lacks pending again.
  Status change_epoch(const nlohmann::json& details);
  // Every signed request of a sync (push and pull) goes through here. A clock_skew
  // answer (the request's timestamp refused, protocol.md §2) teaches the offset from
  // its server_time_ms, stores it and sends the same request again with a corrected
  // timestamp, once per sync; any other answer is returned as it is.
  Result<nlohmann::json> signed_request(const std::string& method, const std::string& target,
                                        const std::string& body, const HeaderList& headers,
                                        Details& details);
};

// A learned offset that moved less than this is network jitter, not a clock to correct.
inline constexpr std::int64_t kDriftMs = 10'000;

// The offset that makes the local clock read the server's time, from the
// server_time_ms of an answer or an error object; nullopt when there is none.
std::optional<std::int64_t> server_offset(const Transport& transport, const nlohmann::json& j);
// Stores `offset` as the replica's clock offset when it differs from the current one
// by more than min_change_ms (so that network jitter does not rewrite it each sync).
Status adopt_offset(Replica& replica, std::int64_t offset, std::int64_t min_change_ms);

// Pushes every pending change set in seq order (see push.cpp).
Result<Step> push_outbox(Session& s);
// Pulls and applies pages from the stored cursor (see pull.cpp).
Result<Step> pull_pages(Session& s);

}  // namespace terrain::sync::detail
