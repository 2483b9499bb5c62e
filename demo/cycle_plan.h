// The demo cycle "Rencontres territoriales 2024", planned in memory before any
// tablet writes it: meetings across regions, who checks in at which door, head
// counts, satisfaction answers, contributions, evaluations and the few concurrent
// edits that become conflicts. Pure and deterministic: the same seed gives the
// same plan (record ids and timestamps are drawn at capture time, so they differ).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrain::demo {

inline constexpr const char* kDemoCycle = "Rencontres territoriales 2024";

struct PlannedPerson {
  nlohmann::json fields;       // attendance fields without `meeting`
  int door = 0;                // 0: first tablet, 1: second tablet
  bool checked_twice = false;  // also checked in at the other door, name typed differently
  std::string second_name;     // the name typed at the other door
  bool mistaken = false;       // a wrong check-in, deleted a minute later
  bool concerned = false;      // counted in "dont personnes concernées"
};

struct PlannedMeeting {
  nlohmann::json fields;  // the meeting record as the CNSA defines it (status planifiee)
  std::string title;
  bool held = true;  // the tablets capture it; otherwise it stays planned
  int team = 0;      // which pair of tablets runs it
  std::vector<PlannedPerson> people;
  int unregistered[2] = {0, 0};  // people counted at a door who never checked in
  std::vector<nlohmann::json> feedback_answers;
  std::vector<nlohmann::json> contributions;  // contribution fields without `meeting`
  nlohmann::json evaluation;                  // evaluation fields without `meeting`; null: none
  bool venue_conflict = false;  // both doors rename the room without seeing each other
  bool role_conflict = false;   // both doors change a speaker's role after a midday sync
};

struct CyclePlan {
  std::uint64_t seed = 0;
  std::vector<PlannedMeeting> meetings;
};

CyclePlan make_plan(std::uint64_t seed);

}  // namespace terrain::demo
