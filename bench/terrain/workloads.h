// The workloads shared by the simulator's parts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"

namespace terrain::bench {

struct Options {
  std::filesystem::path data, work, out, server;
  int runs = 3;
  std::vector<std::string> only;
  std::vector<int> levels{1, 16, 64, 256};
  std::vector<int> sizes{1, 50, 500};  // ingest change set sizes
};

struct Data {
  std::vector<Record> meetings;
  std::vector<Record> records;
};

// push, pull + incremental, load: tablets with a Replica (terrain_replica) syncing
// through the sync client (terrain_sync). Built only when both libraries exist.
void run_sync_workloads(const Options& opt, const Data& data, Emitter& out, bool push, bool pull,
                        bool load);

}  // namespace terrain::bench
