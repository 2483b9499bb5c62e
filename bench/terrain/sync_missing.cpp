// Built when terrain_replica or terrain_sync is not available yet: the sync
// workloads are reported as missing instead of failing the whole suite.
#include <iostream>

#include "workloads.h"

namespace terrain::bench {

void run_sync_workloads(const Options&, const Data&, Emitter&, bool push, bool pull, bool load) {
  if (push || pull || load)
    std::cerr << "terrain: push, pull, incremental and load need terrain_replica and "
                 "terrain_sync, which this build does not have: skipped"
              << std::endl;
}

}  // namespace terrain::bench
