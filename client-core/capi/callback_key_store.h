// A KeyStore over the C terrain_keystore callbacks (Android Keystore, iOS Keychain...).
#pragma once

#include "terrain/replica/key_store.h"
#include "terrain/terrain.h"

namespace terrain::capi {

class CallbackKeyStore final : public KeyStore {
 public:
  explicit CallbackKeyStore(const terrain_keystore& ks) : ks_(ks) {}
  Result<std::optional<std::string>> load(std::string_view item) override;
  Status save(std::string_view item, std::string_view data) override;

 private:
  terrain_keystore ks_;
};

}  // namespace terrain::capi
