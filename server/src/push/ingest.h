// Ingest: the one path by which a signed change set enters the server, whether a
// device pushed it or an administrator's central change was signed by the server.
//
// Design note. Steps, in order (numbers are the ones logged and documented):
//  1. signature: over the exact body bytes, with the signing device's registered
//     key (as the request's authentication read it, IngestOptions::public_key),
//     before the body is parsed -> bad_signature (any flipped byte); one
//     verification when it passes (inside verify_and_parse);
//  2. verify_and_parse (structure and limits) -> malformed, too_large...; the body
//     must name the signing device as its author -> bad_signature; a change set
//     over a configured count limit but within the protocol's (signed_limits) is
//     read with the protocol's limits and quarantined as too_large at step 7;
//  3. schema validation against the embedded bundle, outside the single writer (so
//     concurrent pushes validate in parallel); when it looked up the merged state
//     (a central questionnaire, the record a set of answers completes) it runs again
//     first thing inside the write transaction, so that validation and commit see
//     the same state;
//  -- one SQLite write transaction from here (store.h invariant 1; grouped with
//     concurrent pushes, one COMMIT for the group) --
//  4. epoch: a device that names another epoch was acknowledged by a server that
//     was since restored from a backup -> epoch_mismatch {epoch, last_seq};
//  5. chain: seq <= last_seq with the same hash -> replay: the SAME stored receipt,
//     nothing changes; seq <= last_seq with another hash, or prev != last hash ->
//     fork (the device is flagged); seq > last_seq + 1 -> sequence_gap {expected_seq};
//  6. clock: a change stamped more than clock_tolerance ahead -> clock_ahead
//     {server_time_ms, receipt}: the receipt (outcome rejected) is signed but not
//     stored; nothing is stored; the device re-stamps, re-signs and pushes again;
//  7. scope and step 3's result: failing either -> stored as QUARANTINED with the
//     reason; the chain still advances, so later change sets are accepted;
//     otherwise merged into the records and appended to the log;
//  8. the receipt (outcome, log position, epoch) is signed, then the exact body,
//     signature and values are stored with it and the device and server times, in
//     one row written once; an accepted set is merged and appended to the log at
//     the position its receipt names;
//  9. COMMIT (synchronous=FULL), and only then the answer.
//
//   pushed ──1,2──> refused (nothing stored)
//     └─4,5,6──> refused | replay (stored receipt)
//          └─7──> quarantined ──release──> accepted (merged, logged)
//               │             └─reject───> rejected
//               └──> accepted (merged, logged) ──revocation──> quarantined
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/receipt.h"

namespace terrain::server {

struct ServerContext;

struct IngestResult {
  bool refused = false;  // an error answer; nothing stored (a fork flags the device)
  Error error;           // when refused
  nlohmann::json extra = nlohmann::json::object();  // expected_seq, server_time_ms, epoch...
  bool replay = false;                              // the same change set again: the stored receipt
  Receipt receipt;
  SignedReceipt signed_receipt;
};

struct IngestOptions {
  std::string device_id;  // the authenticated author
  // Its public key, when the caller already read it (the request's authentication):
  // the device row is then not read again before the write transaction.
  std::optional<PublicKey> public_key;
  std::optional<std::string> client_epoch;  // X-Terrain-Epoch, when the device sent it
  // Central change sets are refused when invalid instead of quarantined.
  bool quarantine_invalid = true;
};

Result<IngestResult> ingest(ServerContext& ctx, const SignedChangeSet& scs,
                            const IngestOptions& options);

// The limits a tablet seals with: the protocol's (limits.h), except the body size
// and JSON depth, which the server enforces before it can check a signature. The
// configuration may only tighten the counts (changes per set, fields per change,
// value bytes); an authentic change set within these limits but over the
// configured ones is quarantined as too_large instead of refused, so a tightened
// limit never blocks a tablet's chain (step 2).
Limits signed_limits(const Limits& configured);

}  // namespace terrain::server
