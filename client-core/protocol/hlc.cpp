#include "terrain/protocol/hlc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace terrain {
namespace {
constexpr std::uint32_t kMaxCounter = 0xffff;
constexpr std::uint64_t kMaxMs = 0xffffffffffffULL;

bool parse_hex(std::string_view s, std::uint64_t& out) {
  out = 0;
  if (s.empty()) return false;
  for (char c : s) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else
      return false;  // lowercase only: the text form is canonical
    out = (out << 4) | static_cast<std::uint64_t>(v);
  }
  return true;
}
}  // namespace

std::string Hlc::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%012llx.%04x.", static_cast<unsigned long long>(ms & kMaxMs),
                static_cast<unsigned>(counter & kMaxCounter));
  return std::string(buf) + device;
}

std::optional<Hlc> Hlc::parse(std::string_view text) {
  // 12 + 1 + 4 + 1 + 16
  if (text.size() != 34 || text[12] != '.' || text[17] != '.') return std::nullopt;
  Hlc h;
  std::uint64_t counter = 0, dummy = 0;
  if (!parse_hex(text.substr(0, 12), h.ms) || !parse_hex(text.substr(13, 4), counter) ||
      !parse_hex(text.substr(18, 16), dummy))
    return std::nullopt;
  h.counter = static_cast<std::uint32_t>(counter);
  h.device = std::string(text.substr(18));
  return h;
}

PhysicalClock system_clock_ms() {
  return [] {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  };
}

HlcClock::HlcClock(std::string device, PhysicalClock physical)
    : device_(std::move(device)), physical_(std::move(physical)) {
  last_.device = device_;
}

std::uint64_t HlcClock::physical_now() const {
  const auto p = static_cast<std::int64_t>(physical_());
  const std::int64_t corrected = p + offset_ms_;
  return corrected < 0 ? 0 : std::min<std::uint64_t>(static_cast<std::uint64_t>(corrected), kMaxMs);
}

Hlc HlcClock::now() {
  const std::uint64_t p = physical_now();
  if (p > last_.ms) {
    last_.ms = p;
    last_.counter = 0;
  } else if (last_.counter < kMaxCounter) {
    ++last_.counter;
  } else {
    // Counter exhausted within one millisecond: borrow the next millisecond.
    ++last_.ms;
    last_.counter = 0;
  }
  last_.device = device_;
  return last_;
}

void HlcClock::observe(const Hlc& remote) {
  if (remote.ms > last_.ms || (remote.ms == last_.ms && remote.counter > last_.counter)) {
    last_.ms = remote.ms;
    last_.counter = remote.counter;
  }
}

void HlcClock::reset_to(const Hlc& floor) {
  last_.ms = floor.ms;
  last_.counter = floor.counter;
  last_.device = device_;
}

}  // namespace terrain
