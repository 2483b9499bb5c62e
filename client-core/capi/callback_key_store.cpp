#include "callback_key_store.h"

#include <cstdlib>

#include "terrain/protocol/crypto.h"

namespace terrain::capi {

Result<std::optional<std::string>> CallbackKeyStore::load(std::string_view item) {
  const std::string name(item);
  unsigned char* out = nullptr;
  std::size_t len = 0;
  const int rc = ks_.load(ks_.ctx, name.c_str(), &out, &len);
  if (rc != 0) {
    if (out != nullptr) std::free(out);
    return make_error(Errc::io, "the platform key store could not load '" + name + "' (its code " +
                                    std::to_string(rc) + ")");
  }
  if (out == nullptr) return std::optional<std::string>();
  std::string data(reinterpret_cast<const char*>(out), len);
  secure_wipe(out, len);
  std::free(out);
  return std::optional<std::string>(std::move(data));
}

Status CallbackKeyStore::save(std::string_view item, std::string_view data) {
  const std::string name(item);
  const int rc = ks_.save(ks_.ctx, name.c_str(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size());
  if (rc != 0)
    return make_error(Errc::io, "the platform key store could not save '" + name + "' (its code " +
                                    std::to_string(rc) + ")");
  return {};
}

}  // namespace terrain::capi
