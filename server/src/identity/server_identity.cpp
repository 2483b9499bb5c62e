#include "identity/server_identity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "logging/log.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/ids.h"

namespace terrain::server {
namespace {

Status write_new_key_file(const std::string& path, const KeyPair& kp) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, "cannot create " + path + ": " + std::strerror(errno));
  std::string hex = to_hex(std::string_view(reinterpret_cast<const char*>(kp.secret_key.data()),
                                            kp.secret_key.size())) +
                    "\n";
  bool ok =
      ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  secure_wipe(hex.data(), hex.size());
  if (!ok) return make_error(Errc::io, "cannot write " + path);
  return {};
}

}  // namespace

Result<SecretKey> read_key_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return make_error(Errc::not_found, "no server key at " + path);
  if ((st.st_mode & 077) != 0)
    return make_error(Errc::forbidden,
                      "server key " + path + " is readable by group or others: chmod 600 it");
  std::ifstream in(path);
  std::string hex;
  std::getline(in, hex);
  auto raw = from_hex(hex);
  secure_wipe(hex.data(), hex.size());
  if (!raw || raw->size() != SecretKey{}.size())
    return make_error(Errc::malformed, "server key " + path + " is not 128 hex digits");
  SecretKey sk{};
  std::memcpy(sk.data(), raw->data(), sk.size());
  secure_wipe(raw->data(), raw->size());
  return sk;
}

Result<ServerIdentity> open_identity(const ServerConfig& config, Store& store) {
  ServerIdentity id;
  const std::string key_path = config.key_path();
  struct stat st {};
  if (::stat(key_path.c_str(), &st) != 0) {
    // A key without a database is fine (first start); a database without a key is not.
    auto existing =
        store.read([](sqlite::Database& db) { return get_meta(db, kMetaServerDevice); });
    if (!existing) return existing.error();
    if (existing->has_value())
      return make_error(Errc::not_found, "the database belongs to server " + **existing +
                                             " but its key " + key_path +
                                             " is missing: restore it from the backup");
    id.keys = generate_keypair();
    TERRAIN_RETURN_IF_ERROR(write_new_key_file(key_path, id.keys));
    log::info("server_key_created", {{"path", key_path}});
  } else {
    auto sk = read_key_file(key_path);
    if (!sk) return sk.error();
    id.keys.secret_key = *sk;
    id.keys.public_key = public_key_of(*sk);
  }
  id.device_id = device_id_of(id.keys.public_key);

  auto settled = store.write([&](sqlite::Database& db) -> Result<std::string> {
    auto dev = get_meta(db, kMetaServerDevice);
    if (!dev) return dev.error();
    if (dev->has_value() && **dev != id.device_id)
      return make_error(Errc::forbidden, "server key " + key_path + " (device " + id.device_id +
                                             ") does not match the database (device " + **dev +
                                             ")");
    if (!dev->has_value()) {
      TERRAIN_RETURN_IF_ERROR(set_meta(db, kMetaServerDevice, id.device_id));
      auto ins = db.prepare(
          "INSERT INTO devices(device_id, public_key, role, scope, label, enrolled_ms, "
          "last_hash, is_server) VALUES (?, ?, 'server', '{}', 'terrain-server', ?, ?, 1)");
      if (!ins) return ins.error();
      ins->bind(1, id.device_id)
          .bind_blob(2, std::string_view(reinterpret_cast<const char*>(id.keys.public_key.data()),
                                         id.keys.public_key.size()))
          .bind(3, now_ms())
          .bind(4, kGenesisPrev);
      TERRAIN_RETURN_IF_ERROR(ins->run());
    }
    auto epoch = get_meta(db, kMetaEpoch);
    if (!epoch) return epoch.error();
    auto marker = get_meta(db, kMetaNeedsNewEpoch);
    if (!marker) return marker.error();
    std::string e;
    if (!epoch->has_value() || marker->has_value()) {
      e = new_uuid_v7();
      TERRAIN_RETURN_IF_ERROR(set_meta(db, kMetaEpoch, e));
      TERRAIN_RETURN_IF_ERROR(delete_meta(db, kMetaNeedsNewEpoch));
      if (marker->has_value())
        log::warn("restored_from_backup", {{"previous_epoch", epoch->value_or("")}, {"epoch", e}});
      else
        log::info("epoch_created", {{"epoch", e}});
    } else {
      e = **epoch;
    }
    return e;
  });
  if (!settled) return settled.error();
  id.epoch = *settled;
  return id;
}

ServerClock::ServerClock(std::string device_id) : clock_(std::move(device_id), system_clock_ms()) {}

Status ServerClock::load(sqlite::Database& db) {
  std::lock_guard lock(mutex_);
  auto last = get_meta(db, kMetaServerHlc);
  if (!last) return last.error();
  if (last->has_value()) {
    if (auto h = Hlc::parse(**last)) clock_.restore(*h);
  }
  return {};
}

Result<Hlc> ServerClock::now(sqlite::Database& db) {
  std::lock_guard lock(mutex_);
  Hlc t = clock_.now();
  TERRAIN_RETURN_IF_ERROR(set_meta(db, kMetaServerHlc, t.to_string()));
  return t;
}

}  // namespace terrain::server
