#include "progress.h"

#include <algorithm>

namespace terrain::sync::detail {

void Progress::report(Phase phase, std::uint64_t done, std::uint64_t total) {
  const int p = static_cast<int>(phase);
  if (p < phase_) return;  // an earlier phase again: keep showing the later one
  if (p > phase_) {
    phase_ = p;
    done_ = 0;
    total_ = 0;
  }
  done_ = std::max(done_, done);
  total_ = std::max({total_, total, done_});
  if (callback_) callback_(phase, done_, total_);
}

}  // namespace terrain::sync::detail
