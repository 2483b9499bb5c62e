// Simulated field work: tablets (real terrain::Replica files under
// <data>/demo-tablets/) are enrolled with codes, pull the meetings the CNSA
// defined, capture each meeting of the plan offline (two tablets at two doors,
// head counts, feedback passed around, contributions, an evaluator's grid, a few
// concurrent edits) and sync through the real server with terrain::sync.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "admin_session.h"
#include "cycle_plan.h"
#include "terrain/replica/replica.h"

namespace terrain::demo {

struct CaptureStats {
  int meetings_defined = 0;
  int meetings_captured = 0;
  int check_ins = 0;
  int duplicate_check_ins = 0;
  int deleted_check_ins = 0;
  int head_count_clicks = 0;
  int feedback_responses = 0;
  int contributions = 0;
  int evaluations = 0;
  int concurrent_edits = 0;
  int syncs = 0;
  std::vector<std::string> tablets;  // labels
  std::vector<std::string> meeting_ids;
};

Result<CaptureStats> capture_cycle(CyclePlan& plan, AdminSession& admin, const std::string& url,
                                   const std::string& tablets_dir, std::ostream& progress);

}  // namespace terrain::demo
