// Progress reports that never go backwards: phases only move forward (seal, push,
// pull, done) and, within a phase, `done` never decreases and `total` is never
// below `done`. A sync that has to go back (an epoch change found while pulling
// sends it back to pushing) keeps reporting under the later phase.
#pragma once

#include <cstdint>
#include <functional>

#include "terrain/sync/sync_client.h"

namespace terrain::sync::detail {

class Progress {
 public:
  explicit Progress(std::function<void(Phase, std::uint64_t, std::uint64_t)> callback)
      : callback_(std::move(callback)) {}
  void report(Phase phase, std::uint64_t done, std::uint64_t total);

 private:
  std::function<void(Phase, std::uint64_t, std::uint64_t)> callback_;
  int phase_ = 0;
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace terrain::sync::detail
