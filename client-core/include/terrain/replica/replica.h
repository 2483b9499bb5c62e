// The device's replica: its identity, its local store (SQLite), its outbox.
//
// A Replica is the one object the C API, the CLI, the field app and the sync layer
// talk to on a device. It owns:
//   - the device identity: an Ed25519 key pair generated on first open, kept in a
//     KeyStore; device id = device_id_of(public key);
//   - the hybrid logical clock (HLC), persisted: last timestamp and clock offset
//     survive restarts;
//   - the local store: one SQLite file (WAL, synchronous=FULL) holding records with
//     their merge history, conflicts, drafts, the outbox, received change sets, the
//     pull cursor and the server's identity. Personal values are encrypted at rest
//     with a data key from the KeyStore (see docs/client-core.md).
//
// Outbox lifecycle of one change set (function performing each transition):
//
//   write (create/update/remove/increment/resolve)
//        |
//        v
//     draft --seal()--> pending --mark_sent()--> sent --record_receipt(accepted)----> accepted
//                        ^  ^                     |   \-record_receipt(quarantined)-> quarantined
//                        |  |                     |
//                        |  +-record_receipt(rejected)   (refused, e.g. clock_ahead: may be
//                        |                                restamp()ed, it was never stored)
//                        +-- handle_epoch_change() (acknowledged but lost by a restored
//                            server: pushed again, same bytes, never re-signed)
//   "conflicted" is shown instead of "accepted" while a change of the set is part of an
//   unresolved conflict.
//
// Invariants:
//  1. State is a pure function of the change sets (own drafts, own sealed change sets,
//     received change sets, server retractions and redactions): rebuild_state()
//     re-materialises everything and gives the same result as incremental updates.
//  2. Each write, seal, page applied, receipt, restamp is ONE SQLite transaction: on any
//     error nothing is written, and a crash leaves the state before or after, never
//     between.
//  3. A change set holding a verified receipt (acknowledged) is never re-stamped or
//     re-signed; before that, restamp() may replace it (same seq, new bytes): the server
//     never stored it, so this is no fork.
//  4. Sequence numbers are 1, 2, 3... with no gaps; prev chains each body to the previous
//     body's hash (kGenesisPrev for seq 1).
//  5. A received change set has an effect exactly once (keyed by its hash), and the
//     pull cursor is saved in the same transaction as the page it follows.
//  6. The device secret key and the data key never leave the Replica and are never
//     logged; personal values (schema mark x-personal) never appear in clear in the
//     SQLite file.
//
// Thread safety: every public method may be called from any thread; calls are
// serialised by an internal mutex (the sync layer calls from a worker thread while the
// UI thread writes). No method does network I/O.
//
// Errors are values (Status / Result<T>); write errors name the record
// ("collection/id") and field at fault in Error::record / Error::field.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/errors.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/limits.h"
#include "terrain/protocol/merge.h"
#include "terrain/protocol/receipt.h"
#include "terrain/protocol/schema.h"
#include "terrain/replica/key_store.h"

namespace terrain {

struct ReplicaOptions {
  // Where the keys live; nullptr = FileKeyStore(path + ".key").
  std::shared_ptr<KeyStore> key_store;
  // Wall clock in ms; empty = system_clock_ms(). Tests make time jump with it.
  PhysicalClock physical_clock;
  // Schemas to validate writes with; nullptr = SchemaRegistry::embedded(). Must outlive
  // the Replica.
  const SchemaRegistry* schemas = nullptr;
  Limits limits;
  // synchronous=FULL: a commit survives a power cut (an acknowledged change is never
  // lost). Only tests that exercise merging, not the disk, turn it off (synchronous=OFF:
  // still safe if the process dies, not if the machine loses power).
  bool durable = true;
};

enum class OutboxState { draft, pending, sent, accepted, quarantined, conflicted };
std::string_view outbox_state_name(OutboxState s) noexcept;

// One line of the outbox, for display (no values, no bytes).
struct OutboxEntry {
  std::uint64_t seq = 0;  // 0 for drafts (not sealed yet)
  std::string hash;       // hex hash of the body; empty for drafts
  std::string meeting;
  std::size_t changes = 0;
  OutboxState state = OutboxState::draft;
  std::string reason;   // error code name of a refusal or quarantine, else empty
  std::string message;  // server's human-readable detail (no personal data)
  std::int64_t created_ms = 0;
  std::int64_t sent_ms = 0;   // 0 when never sent
  std::int64_t acked_ms = 0;  // 0 when not acknowledged
  // For a quarantined change set, the CNSA's decision once made (reported by the
  // server at a pull): "released" (merged after review) or "rejected" (never
  // merged); empty while undecided. decision_reason is the administrator's text.
  std::string decision;
  std::int64_t decided_ms = 0;
  std::string decision_reason;
};

// A sealed change set waiting for the server's outcome, as the sync layer pushes it.
struct PendingChangeSet {
  std::uint64_t seq = 0;
  std::string hash;
  OutboxState state = OutboxState::pending;  // pending or sent
  SignedChangeSet signed_change_set;         // exact bytes + signature + detached values
};

// One change set of a pulled page, with its author's public key as the server knows it.
struct RemoteChangeSet {
  SignedChangeSet signed_change_set;
  PublicKey author{};
};

struct ApplyReport {
  std::size_t applied = 0;     // change sets newly applied
  std::size_t duplicates = 0;  // already held (exactly once): skipped
  std::size_t conflicts = 0;   // conflicts awaiting review after the page
};

// The server this replica is enrolled with. Set by the sync layer at enrolment and
// updated at each sync.
struct ServerInfo {
  std::string url;
  std::optional<PublicKey> public_key;  // pinned at enrolment; receipts verify with it
  std::string epoch;                    // the server log's epoch (backup restores change it)
  std::string role;
  nlohmann::json scope = nullptr;  // as the server sent it
  std::string device_token;        // kept in the KeyStore, not in SQLite; may be empty
  std::int64_t last_sync_ms = 0;
  bool enrolled() const { return public_key.has_value() && !url.empty(); }
};

// A server-signed retraction (a lost tablet's changes after `after_seq` are dropped).
// body is the exact signed bytes, a JSON object with at least
//   {"device": "<16 hex>", "after_seq": N}
// and sig signs kRetractionContext || body with the server's key.
struct SignedRetraction {
  std::string body;
  Signature sig{};
};

// The answer to a conflict (see terrain.h, terrain_replica_resolve).
struct Resolution {
  enum class Keep { winner, loser, value };
  std::string collection;
  std::string id;
  std::string field;
  Hlc loser_version;
  Keep keep = Keep::winner;
  nlohmann::json value;  // Keep::value only
};

// Reads of a collection (see terrain.h, terrain_replica_query).
struct Query {
  nlohmann::json where = nlohmann::json::object();  // field -> exact value
  std::map<std::string, std::string> search;  // field -> text, case/accent-insensitive substring
  std::size_t limit = 0;                      // 0 = no limit
  std::string order_by;                       // a field, "_id" (default) or "-field" descending
  // Parses {"where": {...}, "search": {...}, "limit": N, "order_by": "field"}.
  static Result<Query> from_json(const nlohmann::json& j);
};

class Replica {
 public:
  // Opens (creating if needed) the replica stored at `path` (a SQLite file), migrating
  // its schema to the current version. Generates the device key pair and the data key
  // on first open. Refuses (Errc::io) a replica file whose keys are missing from the
  // key store or do not match it.
  static Result<std::unique_ptr<Replica>> open(const std::string& path,
                                               ReplicaOptions options = {});
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // ---- Identity --------------------------------------------------------------
  const std::string& device_id() const;
  const PublicKey& public_key() const;
  const std::string& path() const;
  // {"device_id", "public_key", "enrolled", "server_url", "role", "scope",
  //  "pending_change_sets", "conflicts", "last_sync_ms", "schema_version",
  //  "drafts", "clock_offset_ms", "store_version"}
  Result<nlohmann::json> info();

  // ---- Writes: validated, then one transaction (draft + local merge) ------------
  // Creates a record with a new UUIDv7 id and returns it. With `id` given, re-creates
  // that record after it was deleted (cl + 1); Errc::conflict if it exists.
  // Counter fields are not allowed here (they start at 0; use increment()).
  Result<std::string> create(std::string_view collection, const nlohmann::json& fields,
                             std::string_view id = {});
  // Sets some fields. A null value removes an optional field: it is written as an inline
  // null (never detached, it carries no personal data) and reads as null. Required
  // fields cannot be removed, immutable fields cannot change, counters only move by
  // increment(). Errc::not_found for a missing or deleted record.
  Status update(std::string_view collection, std::string_view id, const nlohmann::json& fields);
  // Deletes the record (tombstone; `seen` = the versions the deleter saw).
  Status remove(std::string_view collection, std::string_view id);
  // Adds `by` (non-zero, |by| <= Limits::max_counter_step) to a counter field.
  Status increment(std::string_view collection, std::string_view id, std::string_view field,
                   std::int64_t by);
  // Resolves a conflict with a signed change (a resolve ack, or a set of the kept value).
  Status resolve(const Resolution& resolution);

  // ---- Reads ---------------------------------------------------------------------
  // {"_id", "_collection", "_deleted", "_redacted", fields...}; Errc::not_found if unknown.
  Result<nlohmann::json> get(std::string_view collection, std::string_view id);
  // Existing (not deleted) records of a collection, as a JSON array of get() objects.
  Result<nlohmann::json> query(std::string_view collection, const Query& q = {});
  // Conflicts awaiting review, sorted by collection, id, field, loser version.
  Result<std::vector<Conflict>> conflicts();
  // Drafts (one line per meeting) then sealed change sets in seq order.
  Result<std::vector<OutboxEntry>> outbox();

  // ---- Outbox, for the sync layer --------------------------------------------------
  // Turns drafts into signed change sets (one meeting each, at most seal_batch changes,
  // seq = last + 1, prev = previous body's hash). Returns how many were sealed.
  Result<std::size_t> seal();
  // Sealed change sets without an outcome (state pending or sent), in seq order.
  // max = 0: all of them.
  Result<std::vector<PendingChangeSet>> pending(std::size_t max = 0);
  // Notes that the change set was sent (state pending -> sent).
  Status mark_sent(std::uint64_t seq);
  // Records the server's decision ("released" / "rejected") on one of this device's
  // quarantined change sets; true when it changed something (false: unknown hash, not
  // quarantined here, or the same decision already recorded).
  Result<bool> record_decision(const std::string& hash, const std::string& decision,
                               std::int64_t decided_ms, const std::string& reason);
  // The time of the latest decision recorded (0: none), to ask only for newer ones.
  Result<std::int64_t> last_decision_ms();
  // Stores a receipt the sync layer has verified with the server's key. Checks that it
  // names this device, this seq and this change set's hash. accepted / quarantined:
  // the change set is acknowledged (never re-signed again). rejected: back to pending
  // with the reason kept (e.g. clock_ahead, then restamp()).
  Status record_receipt(std::uint64_t seq, const SignedReceipt& signed_receipt,
                        const Receipt& verified);
  // Re-stamps every unacknowledged change set with seq >= from_seq and every draft:
  // sets the clock offset (persisted), resets the HLC to the floor (the greatest
  // version among received change sets and acknowledged own ones), gives fresh HLCs in
  // order, remaps bases / seen / resolves that referred to the old HLCs, re-encodes,
  // re-chains prev, re-signs, and rebuilds local state. Errc::conflict if one of them
  // was sent and has no outcome yet, or was acknowledged before. Returns how many
  // change sets were re-signed.
  Result<std::size_t> restamp(std::int64_t offset_ms, std::uint64_t from_seq = 1);
  // The server was restored from a backup (its epoch changed): keeps all data, stores
  // the new epoch, resets the pull cursor, and makes acknowledged change sets with
  // seq > server_last_seq pending again (same bytes, same signature). Returns how many.
  Result<std::size_t> handle_epoch_change(const std::string& new_epoch,
                                          std::uint64_t server_last_seq);
  // The highest seq the server acknowledged (0 if none).
  Result<std::uint64_t> last_acknowledged_seq();

  // ---- Receiving -------------------------------------------------------------------
  // Applies a pulled page in ONE transaction: each change set is skipped if its hash is
  // already held, else verified (a single failure refuses the whole page: nothing
  // applied, cursor unchanged), merged, its HLCs observed, and stored with its bytes;
  // then the cursor is stored.
  Result<ApplyReport> apply_remote(const std::vector<RemoteChangeSet>& page,
                                   const std::string& cursor);
  // Verifies a retraction with the pinned server key and drops the device's changes
  // after after_seq from every record (kept for rebuilds). Returns affected records.
  Result<std::size_t> apply_retraction(const SignedRetraction& retraction);
  // Erases the detached value with this hash everywhere (records, stored change sets,
  // drafts); it merges as redacted from now on. Returns affected records.
  Result<std::size_t> apply_redaction(const std::string& value_hash);
  // The pull cursor ("" before the first page).
  Result<std::string> cursor();

  // ---- Server, clock, signing --------------------------------------------------------
  Result<ServerInfo> server_info();
  Status set_server_info(const ServerInfo& info);
  // Persists a clock correction learned from the server (physical() + offset).
  Status set_clock_offset_ms(std::int64_t offset_ms);
  std::int64_t clock_offset_ms();
  // Signs context || bytes with the device key. Refuses the change-set, receipt and
  // retraction contexts (Errc::invalid_argument): those are never signed on request.
  Result<Signature> sign_request(std::string_view bytes,
                                 std::string_view context = kRequestContext);

  // ---- Maintenance --------------------------------------------------------------------
  // Re-materialises every record from the change sets (invariant 1).
  Status rebuild_state();
  // Current store schema version (see the migrations in replica/store_schema.cpp).
  static int store_version() noexcept;

 private:
  struct Impl;
  explicit Replica(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace terrain
