#include "terrain/protocol/ids.h"

#include <cstdio>

#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/hlc.h"

namespace terrain {

std::string uuid_v7(std::uint64_t unix_ms, std::string_view random10) {
  unsigned char b[16] = {};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(unix_ms >> (8 * (5 - i)));
  for (std::size_t i = 0; i < 10 && i < random10.size(); ++i)
    b[6 + i] = static_cast<unsigned char>(random10[i]);
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));  // version 7
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));  // variant 10
  const std::string hex = to_hex(std::string_view(reinterpret_cast<const char*>(b), 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string new_uuid_v7() {
  return uuid_v7(system_clock_ms()(), random_bytes(10));
}

bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace terrain
