// Key store: where a replica keeps its secrets.
//
// Two items live in a key store, never in the SQLite file:
//   kDeviceSecretKeyItem  the device's Ed25519 secret key (64 bytes, libsodium layout).
//                         It never leaves the device and is never logged.
//   kDataKeyItem          32 random bytes that encrypt personal values at rest
//                         (XChaCha20-Poly1305) inside the replica's SQLite file, so a
//                         lost tablet's file alone shows no names.
// The sync layer may also keep kDeviceTokenItem (a bearer token from the server, if
// the server issues one).
//
// A platform key store (Android Keystore, iOS Keychain) implements KeyStore; the C API
// adapts terrain_keystore callbacks to it. FileKeyStore is the default.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "terrain/protocol/errors.h"

namespace terrain {

inline constexpr std::string_view kDeviceSecretKeyItem = "device_secret_key";
inline constexpr std::string_view kDataKeyItem = "data_key";
inline constexpr std::string_view kDeviceTokenItem = "device_token";

class KeyStore {
 public:
  virtual ~KeyStore() = default;
  // The item's bytes; std::nullopt when the item does not exist yet (not an error).
  // An error (Errc::io, Errc::storage) means the store could not be read.
  virtual Result<std::optional<std::string>> load(std::string_view item) = 0;
  // Creates or replaces an item durably. Items not named are kept.
  virtual Status save(std::string_view item, std::string_view data) = 0;
};

// The default key store: one file (by convention `<replica path>.key`) with mode 0600.
//  1. The file is only ever written whole: a new file is created next to it with
//     O_CREAT|O_EXCL and mode 0600, written, fsync'ed, then renamed over the old one
//     (and the directory fsync'ed), so a crash leaves the old or the new file, never
//     a torn one.
//  2. load() refuses (Errc::io) a file readable or writable by group or others, or not
//     owned by the current user: a key file copied around with loose permissions is a
//     leak, and we say so instead of using it.
//  3. Content: one line per item, "<item> <base64>\n". Item names are [a-z0-9_].
class FileKeyStore final : public KeyStore {
 public:
  explicit FileKeyStore(std::string path);
  ~FileKeyStore() override;
  Result<std::optional<std::string>> load(std::string_view item) override;
  Status save(std::string_view item, std::string_view data) override;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace terrain
