#include <catch2/catch.hpp>

#include "terrain/protocol/hlc.h"

using terrain::Hlc;
using terrain::HlcClock;

namespace {
struct FakeClock {
  std::uint64_t ms = 1'700'000'000'000;
  terrain::PhysicalClock fn() {
    return [this] { return ms; };
  }
};
const std::string kDevA = "aaaaaaaaaaaaaaaa";
const std::string kDevB = "bbbbbbbbbbbbbbbb";
}  // namespace

TEST_CASE("HLC text form is fixed-width and sorts like the timestamps", "[hlc]") {
  Hlc a{0x0193a2b3c4d5, 1, kDevA};
  CHECK(a.to_string() == "0193a2b3c4d5.0001.aaaaaaaaaaaaaaaa");
  auto parsed = Hlc::parse(a.to_string());
  REQUIRE(parsed);
  CHECK(*parsed == a);
  Hlc b{0x0193a2b3c4d5, 2, kDevA};
  Hlc c{0x0193a2b3c4d6, 0, kDevA};
  CHECK(a < b);
  CHECK(b < c);
  CHECK(a.to_string() < b.to_string());
  CHECK(b.to_string() < c.to_string());
}

TEST_CASE("HLC parse refuses anything but the canonical form", "[hlc]") {
  CHECK_FALSE(Hlc::parse(""));
  CHECK_FALSE(Hlc::parse("0193A2B3C4D5.0001.aaaaaaaaaaaaaaaa"));  // uppercase
  CHECK_FALSE(Hlc::parse("0193a2b3c4d5-0001-aaaaaaaaaaaaaaaa"));
  CHECK_FALSE(Hlc::parse("0193a2b3c4d5.0001.aaaaaaaaaaaaaaa"));  // short device
  CHECK_FALSE(Hlc::parse("0193a2b3c4d5.00g1.aaaaaaaaaaaaaaaa"));
}

TEST_CASE("The device id breaks ties between equal times", "[hlc]") {
  Hlc a{100, 0, kDevA};
  Hlc b{100, 0, kDevB};
  CHECK(a < b);
  CHECK(a != b);
}

TEST_CASE("now() strictly increases, even when the wall clock stands still", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  Hlc prev = clock.now();
  for (int i = 0; i < 1000; ++i) {
    Hlc next = clock.now();
    REQUIRE(prev < next);
    prev = next;
  }
  CHECK(prev.ms == wall.ms);
  CHECK(prev.counter == 1000);
}

TEST_CASE("A wall clock that jumps backwards never makes the HLC go backwards", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  Hlc before = clock.now();
  wall.ms -= 3'600'000;  // one hour back (NTP correction, dead RTC battery...)
  Hlc after = clock.now();
  CHECK(before < after);
  CHECK(after.ms == before.ms);
  wall.ms += 7'200'000;  // and forward again
  Hlc later = clock.now();
  CHECK(later.ms == wall.ms);
  CHECK(later.counter == 0);
}

TEST_CASE("Counter exhaustion borrows the next millisecond", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  Hlc last;
  for (int i = 0; i < 70000; ++i) last = clock.now();
  CHECK(last.ms == wall.ms + 1);
  CHECK(last.counter < 0xffff);
}

TEST_CASE("observe() makes later local timestamps exceed what was received", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  Hlc remote{wall.ms + 60'000, 7, kDevB};  // a device one minute ahead
  clock.observe(remote);
  Hlc mine = clock.now();
  CHECK(remote < mine);
  CHECK(mine.device == kDevA);
  // Observing something older changes nothing.
  clock.observe(Hlc{1, 0, kDevB});
  CHECK(mine < clock.now());
}

TEST_CASE("A clock offset learned from the server corrects physical time", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  clock.set_offset_ms(-120'000);
  CHECK(clock.physical_now() == wall.ms - 120'000);
  CHECK(clock.now().ms == wall.ms - 120'000);
}

TEST_CASE("reset_to forgets a clock that ran far ahead", "[hlc]") {
  FakeClock wall;
  HlcClock clock(kDevA, wall.fn());
  wall.ms += 10ULL * 365 * 24 * 3600 * 1000;  // the tablet thinks it is ten years later
  Hlc future = clock.now();
  wall.ms -= 10ULL * 365 * 24 * 3600 * 1000;
  clock.reset_to(Hlc{wall.ms - 5, 0, kDevA});
  Hlc corrected = clock.now();
  CHECK(corrected < future);
  CHECK(corrected.ms == wall.ms);
}
