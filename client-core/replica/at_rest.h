// Encryption at rest of personal values inside the replica's SQLite file.
//
// XChaCha20-Poly1305 (libsodium's crypto_aead_xchacha20poly1305_ietf) with the
// device's 32-byte data key. A sealed blob is nonce (24 random bytes) || ciphertext.
// The associated data names what the blob is and where it belongs (e.g.
// "history|attendance/<id>"), so a blob copied into another row does not open.
#pragma once

#include <string>
#include <string_view>

#include "terrain/protocol/errors.h"

namespace terrain::replica_detail {

inline constexpr std::size_t kDataKeyBytes = 32;

class AtRest {
 public:
  AtRest() = default;
  explicit AtRest(std::string key) : key_(std::move(key)) {}
  ~AtRest();
  AtRest(const AtRest&) = delete;
  AtRest& operator=(const AtRest&) = delete;
  AtRest& operator=(AtRest&& o) noexcept;

  std::string seal(std::string_view plaintext, std::string_view where) const;
  // Errc::storage when the blob does not open (wrong key, damaged, moved).
  Result<std::string> open(std::string_view blob, std::string_view where) const;

 private:
  std::string key_;
};

}  // namespace terrain::replica_detail
