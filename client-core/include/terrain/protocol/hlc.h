// Hybrid logical clock.
//
// A timestamp is (physical milliseconds, counter, device id). Its text form is
// fixed-width so that text order equals timestamp order:
//     "0193a2b3c4d5.0001.3f2a9c0d11e2b4a7"
//      12 hex ms    4 hex  16 hex device id
// Invariants:
//  1. now() is strictly greater than every timestamp this clock returned or observed.
//  2. A physical clock that jumps backwards only makes the counter grow; it never
//     makes now() go backwards.
//  3. Two devices never produce equal timestamps (the device id breaks ties).
// A clock can be corrected by an offset learned from the server (see sync).
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace terrain {

struct Hlc {
  std::uint64_t ms = 0;       // physical milliseconds since the Unix epoch (48 bits used)
  std::uint32_t counter = 0;  // logical counter within one millisecond (16 bits used)
  std::string device;         // 16 lowercase hex digits

  std::string to_string() const;
  static std::optional<Hlc> parse(std::string_view text);
  bool is_null() const { return device.empty(); }

  friend auto operator<=>(const Hlc& a, const Hlc& b) = default;
  friend bool operator==(const Hlc& a, const Hlc& b) = default;
};

// Wall clock in milliseconds; replaceable so tests can make time jump.
using PhysicalClock = std::function<std::uint64_t()>;
PhysicalClock system_clock_ms();

class HlcClock {
 public:
  HlcClock(std::string device, PhysicalClock physical);

  // A new timestamp for a local event (invariant 1).
  Hlc now();
  // Takes in a timestamp from elsewhere so that later now() values exceed it.
  void observe(const Hlc& remote);
  // Corrects the physical clock: physical() + offset_ms is used from now on.
  void set_offset_ms(std::int64_t offset_ms) { offset_ms_ = offset_ms; }
  std::int64_t offset_ms() const { return offset_ms_; }
  // Physical time with the offset applied.
  std::uint64_t physical_now() const;
  // The last timestamp issued or observed, to persist and restore across restarts.
  const Hlc& last() const { return last_; }
  void restore(const Hlc& last) {
    last_ = last;
    last_.device = device_;
  }
  // Forgets the past (after the server told us our clock was wrong and the pending
  // change sets are re-stamped): the next now() starts from max(physical, floor).
  void reset_to(const Hlc& floor);
  const std::string& device() const { return device_; }

 private:
  std::string device_;
  PhysicalClock physical_;
  std::int64_t offset_ms_ = 0;
  Hlc last_;
};

}  // namespace terrain
