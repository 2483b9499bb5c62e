#include "terrain/protocol/crypto.h"

#include <sodium.h>

#include <string>

#include "terrain/protocol/encoding.h"

namespace terrain {

bool crypto_init() noexcept {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

namespace {
// Every entry point calls this so that forgetting crypto_init() cannot break anything.
void ensure_init() {
  (void)crypto_init();
}

std::string contextualised(std::string_view context, std::string_view bytes) {
  std::string m;
  m.reserve(context.size() + bytes.size());
  m.append(context);
  m.append(bytes);
  return m;
}
}  // namespace

KeyPair generate_keypair() {
  ensure_init();
  KeyPair kp;
  crypto_sign_keypair(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

PublicKey public_key_of(const SecretKey& sk) {
  PublicKey pk{};
  crypto_sign_ed25519_sk_to_pk(pk.data(), sk.data());
  return pk;
}

Signature sign(const SecretKey& sk, std::string_view context, std::string_view bytes) {
  ensure_init();
  const std::string m = contextualised(context, bytes);
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(m.data()),
                       m.size(), sk.data());
  return sig;
}

bool verify(const PublicKey& pk, std::string_view context, std::string_view bytes,
            const Signature& sig) noexcept {
  ensure_init();
  try {
    const std::string m = contextualised(context, bytes);
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(m.data()),
                                       m.size(), pk.data()) == 0;
  } catch (...) {
    return false;
  }
}

Hash32 blake2b256(std::string_view bytes) {
  ensure_init();
  Hash32 h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return h;
}

Hash32 blake2b256_salted(std::string_view salt, std::string_view bytes) {
  ensure_init();
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
  Hash32 h{};
  crypto_generichash_final(&st, h.data(), h.size());
  return h;
}

std::string random_bytes(std::size_t n) {
  ensure_init();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(void* p, std::size_t n) noexcept {
  sodium_memzero(p, n);
}

std::string hex_of(const Hash32& h) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

namespace {
template <class Array>
Result<Array> array_from_hex(std::string_view hex, const char* what) {
  auto raw = from_hex(hex);
  Array a{};
  if (!raw || raw->size() != a.size())
    return make_error(Errc::malformed, std::string(what) + " must be " +
                                           std::to_string(a.size() * 2) + " hex digits");
  std::copy(raw->begin(), raw->end(), a.begin());
  return a;
}
}  // namespace

Result<PublicKey> public_key_from_hex(std::string_view hex) {
  return array_from_hex<PublicKey>(hex, "public key");
}

Result<Hash32> hash_from_hex(std::string_view hex) {
  return array_from_hex<Hash32>(hex, "hash");
}

std::string device_id_of(const PublicKey& pk) {
  const Hash32 h =
      blake2b256(std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  return to_hex(std::string_view(reinterpret_cast<const char*>(h.data()), 8));
}

}  // namespace terrain
