// Signatures and hashes (libsodium). Pure functions, no I/O.
//
// Every signature is domain-separated: what is signed is `context || bytes`, where
// context is one of the constants below, so a signature made for one purpose can
// never be replayed as another.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "terrain/protocol/errors.h"

namespace terrain {

inline constexpr std::string_view kChangeSetContext = "terrain/change-set/v1\n";
inline constexpr std::string_view kReceiptContext = "terrain/receipt/v1\n";
inline constexpr std::string_view kRetractionContext = "terrain/retraction/v1\n";
// HTTP request authentication: a device signs each sync request (docs/protocol-http.md).
inline constexpr std::string_view kRequestContext = "terrain/request/v1\n";

// Call once before anything else (idempotent, thread-safe); false if libsodium fails.
bool crypto_init() noexcept;

using PublicKey = std::array<unsigned char, 32>;
using SecretKey = std::array<unsigned char, 64>;  // libsodium's seed||public layout
using Signature = std::array<unsigned char, 64>;
using Hash32 = std::array<unsigned char, 32>;

struct KeyPair {
  PublicKey public_key{};
  SecretKey secret_key{};
};

KeyPair generate_keypair();
PublicKey public_key_of(const SecretKey& sk);
Signature sign(const SecretKey& sk, std::string_view context, std::string_view bytes);
bool verify(const PublicKey& pk, std::string_view context, std::string_view bytes,
            const Signature& sig) noexcept;

// BLAKE2b-256 of bytes.
Hash32 blake2b256(std::string_view bytes);
// BLAKE2b-256 of salt || bytes (the hash of a detached value).
Hash32 blake2b256_salted(std::string_view salt, std::string_view bytes);
std::string random_bytes(std::size_t n);
// Constant-time comparison of equal-length secrets.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;
// Wipes memory that held a secret.
void secure_wipe(void* p, std::size_t n) noexcept;

// Hex of a 32-byte value (PublicKey and Hash32 are the same type).
std::string hex_of(const Hash32& bytes);
Result<PublicKey> public_key_from_hex(std::string_view hex);
Result<Hash32> hash_from_hex(std::string_view hex);

// A device id: the first 8 bytes of BLAKE2b-256(public key), 16 lowercase hex digits.
std::string device_id_of(const PublicKey& pk);

}  // namespace terrain
