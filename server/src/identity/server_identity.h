// The server's own identity: its Ed25519 key (data dir, file server.key, 0600),
// its device id (the server signs central change sets like a device, with its own
// seq chain), and the epoch of its log.
//
// The epoch changes when the database is restored from a backup (the backup marks
// the copy; the first start on it draws a new epoch), so devices whose cursors or
// receipts come from the lost future learn it (epoch_mismatch) and re-push.
#pragma once

#include <mutex>
#include <string>

#include "config/config.h"
#include "store/store.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/hlc.h"

namespace terrain::server {

inline constexpr std::string_view kMetaEpoch = "epoch";
inline constexpr std::string_view kMetaServerDevice = "server_device";
inline constexpr std::string_view kMetaServerHlc = "server_hlc";
// Written into a backup copy; the next start on it draws a new epoch.
inline constexpr std::string_view kMetaNeedsNewEpoch = "needs_new_epoch";

struct ServerIdentity {
  KeyPair keys;
  std::string device_id;
  std::string epoch;
};

// Loads server.key (creating it at first start), checks it matches the database,
// registers the server as a device, and settles the epoch.
Result<ServerIdentity> open_identity(const ServerConfig& config, Store& store);

// Reads the secret key file; refuses files readable by group or others.
Result<SecretKey> read_key_file(const std::string& path);

// The server's hybrid logical clock for central change sets, persisted in meta.
class ServerClock {
 public:
  explicit ServerClock(std::string device_id);
  // Restores the last timestamp (call once at start).
  Status load(sqlite::Database& db);
  // A new timestamp, persisted in the caller's transaction.
  Result<Hlc> now(sqlite::Database& db);

 private:
  std::mutex mutex_;
  HlcClock clock_;
};

}  // namespace terrain::server
