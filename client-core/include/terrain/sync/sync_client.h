// The sync client: enrolment and sync of one replica with a terrain-server.
// (Contract between the C API, the CLI, the field app and the sync layer; the
// sync layer's owner may extend it, not break it.)
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"
#include "terrain/protocol/hlc.h"

namespace terrain {
class Replica;
}

namespace terrain::sync {

enum class Phase { seal = 1, push = 2, pull = 3, done = 4 };

struct SyncOptions {
  std::string ca_file;  // extra CA certificates (PEM) for private deployments; empty = system
  // Progress: done never decreases within a phase; total may be 0 when unknown.
  std::function<void(Phase phase, std::uint64_t done, std::uint64_t total)> progress;
  // Polled between requests; true stops the sync cleanly (resumable later).
  std::function<bool()> cancelled;
  int connect_timeout_ms = 5000;
  int read_timeout_ms = 30000;
  // Wall clock for request timestamps and clock corrections; empty = the system
  // clock. Give the replica's own clock when it has one (ReplicaOptions::physical_clock).
  PhysicalClock clock;
  // Entries per pull page; 0 = the server's default.
  std::size_t pull_page_entries = 0;
  // The app and its version ("terrain-field/0.1.0"), told to the server with the
  // outbox's pending count on the first pull page, for the console's fleet page
  // (1 to 64 letters, digits, spaces or . _ / + ( ) -; empty: not told).
  std::string app;
};

// Enrols the replica with a single-use code. On success the replica knows the server
// URL, the server's public key (pinned), its role and scope, and its clock offset
// from the server's time. Returns
// {"device_id","role","scope","server_url","server_public_key","clock_offset_ms",
//  "clock_corrected_ms"} (clock_corrected_ms: how much enrolment moved the offset;
// 0 when the clock was right).
Result<nlohmann::json> enrol(Replica& replica, const std::string& server_url,
                             const std::string& code, const SyncOptions& options = {});

// Seals drafts, pushes the outbox, pulls and applies. Returns
// {"pushed","accepted","quarantined","pulled","conflicts","clock_offset_ms"} and also
// {"clock_corrected_ms","restamped","epoch_changed","cancelled"}: clock_corrected_ms
// is how much this sync moved the clock offset (negative: the device's clock was
// ahead; 0: it was right), restamped how many change sets were re-stamped, and
// "decisions": how many CNSA decisions on quarantined change sets (released or
// rejected, OutboxEntry::decision) this sync recorded. A clock
// refused by the server (clock_skew) is corrected and the request retried within the
// sync (docs/protocol.md §2). Interrupted (error, cancel, crash), it loses nothing:
// the next sync continues where this one stopped.
Result<nlohmann::json> sync(Replica& replica, const SyncOptions& options = {});

}  // namespace terrain::sync
