// A generated cycle on real volumes (issue 10): meetings defined centrally and, per
// meeting, the records its tablets capture (attendance, a head count, feedback,
// contributions; evaluations for some), deterministic for a seed. Fields follow
// schemas/collections/*.json; codes come from schemas/reference/*.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"

namespace terrain::bench {

struct CyclePlanOptions {
  std::string cycle = "Rencontres territoriales 2025";
  int meetings = 2000;
  int attendance = 100000;   // spread over the meetings, about attendance / meetings each
  int contributions = 5;     // per meeting, on average
  double feedback = 0.30;    // share of attendees answering the satisfaction questionnaire
  int evaluation_every = 10; // one evaluation grid every N meetings
  std::uint64_t seed = 20250113;
};

struct GeneratedCycle {
  std::vector<Record> meetings;
  // Per meeting (same order): the facilitator's records and the evaluator's.
  std::vector<std::vector<Record>> captured;
  std::vector<std::vector<Record>> evaluations;
  std::size_t count(const std::string& collection) const;
};

GeneratedCycle generate_cycle(const CyclePlanOptions& o, const std::filesystem::path& reference_dir);

}  // namespace terrain::bench
