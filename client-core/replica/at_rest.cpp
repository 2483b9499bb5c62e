#include "at_rest.h"

#include <sodium.h>

#include "terrain/protocol/crypto.h"

namespace terrain::replica_detail {

AtRest::~AtRest() {
  secure_wipe(key_.data(), key_.size());
}

AtRest& AtRest::operator=(AtRest&& o) noexcept {
  secure_wipe(key_.data(), key_.size());
  key_ = std::move(o.key_);
  return *this;
}

std::string AtRest::seal(std::string_view plaintext, std::string_view where) const {
  constexpr std::size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(nb + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(p, nb);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      p + nb, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(where.data()), where.size(), nullptr, p,
      reinterpret_cast<const unsigned char*>(key_.data()));
  out.resize(nb + clen);
  return out;
}

Result<std::string> AtRest::open(std::string_view blob, std::string_view where) const {
  constexpr std::size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t ab = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (blob.size() < nb + ab)
    return make_error(Errc::storage,
                      "an encrypted value is truncated (" + std::string(where) + ")");
  std::string out(blob.size() - nb - ab, '\0');
  unsigned long long mlen = 0;
  const auto* b = reinterpret_cast<const unsigned char*>(blob.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr, b + nb, blob.size() - nb,
          reinterpret_cast<const unsigned char*>(where.data()), where.size(), b,
          reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return make_error(Errc::storage,
                      "an encrypted value does not open with this replica's data "
                      "key (" +
                          std::string(where) + ")");
  out.resize(mlen);
  return out;
}

}  // namespace terrain::replica_detail
