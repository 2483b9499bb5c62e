// Private state of a Replica, shared by the files that implement it:
//   replica.cpp       opening, identity, keys, server info, clock, signing
//   record_store.cpp  records, conflicts and detached values in SQLite (at rest)
//   writes.cpp        create / update / remove / increment / resolve
//   reads.cpp         get / query / conflicts / outbox
//   outbox.cpp        seal, pending, receipts, restamp, epoch changes
//   receiving.cpp     apply_remote, retractions, redactions, rebuild_state
//
// Locking: every public method takes `mu` once and then calls *_locked helpers;
// helpers never lock.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "at_rest.h"
#include "terrain/replica/replica.h"
#include "terrain/sqlite/database.h"

namespace terrain {

namespace replica_detail {

// A record loaded for a change: its history and where it belongs.
struct RecordState {
  std::string collection;
  std::string id;
  std::string meeting;
  RecordHistory history;
  bool stored = false;  // a row exists in records
};

inline std::string record_label(std::string_view collection, std::string_view id) {
  return std::string(collection) + "/" + std::string(id);
}

std::string sig_to_bytes(const Signature& s);
Result<Signature> sig_from_bytes(const std::string& b);
std::string hashes_json(const DetachedValues& values);
Result<std::vector<std::string>> hashes_from_json(const std::string& text);

}  // namespace replica_detail

struct Replica::Impl {
  std::mutex mu;
  std::string path;
  std::shared_ptr<KeyStore> key_store;
  const SchemaRegistry* schemas = nullptr;
  Limits limits;
  PhysicalClock physical;
  sqlite::Database db;
  replica_detail::AtRest at_rest;
  SecretKey secret_key{};
  PublicKey public_key{};
  std::string device_id;
  std::unique_ptr<HlcClock> clock;

  ~Impl();

  std::int64_t now_ms() const;

  // ---- record_store.cpp ----
  // The record's stored state, or a fresh one (stored=false) when unknown.
  Result<replica_detail::RecordState> load_record(std::string_view collection, std::string_view id);
  // Materialises and writes the record's row and its conflicts.
  Status save_record(const replica_detail::RecordState& st);
  // Stores detached values (first writer wins; a redacted hash stays redacted).
  Status save_values(const DetachedValues& values, std::string_view collection,
                     std::string_view id);
  // Values for these hashes (missing ones are left out; redacted ones marked).
  Result<DetachedValues> load_values(const std::vector<std::string>& hashes);
  // The record's view (decrypted), or nullopt when unknown.
  Result<std::optional<nlohmann::json>> load_view(std::string_view collection, std::string_view id);
  Status save_clock();
  Result<std::int64_t> count(std::string_view sql);

  // ---- writes.cpp ----
  // Validates the change like the server will, then stores draft + local merge in one
  // transaction.
  Status write_locked(const std::vector<Change>& changes, const DetachedValues& values,
                      replica_detail::RecordState& st);
  std::string meeting_of(const CollectionInfo& info, std::string_view id,
                         const nlohmann::json& fields) const;

  // ---- receiving.cpp ----
  Status rebuild_state_locked();

  // ---- outbox.cpp ----
  Result<ChangeSet> parse_own(const SignedChangeSet& scs);
};

}  // namespace terrain
