// Figures shared by several reports: distinct participants of a meeting, head
// counts, the headline satisfaction tally, percentages. Pure functions over the
// views of a Snapshot (report_data.h).
//
//  F1 Participants of a meeting: its attendance records (not deleted, R1), where
//     records with the same normalised display name and organisation count once
//     (person_key.h). The first record by id (UUIDv7: the first check-in) stands
//     for the person. Every role counts (participants, speakers, facilitators...).
//  F2 Total participants of several meetings: the sum of their distinct
//     participants (a person at two meetings counts twice: participations, the
//     figure the CNSA publishes).
//  F3 People concerned: people_concerned is personne_concernee or proche_aidant,
//     or actor_type is personne. Representatives: people_concerned is
//     representant, or actor_type is representant.
//  F4 Head count of a session: the merged counter (every device's increments
//     added up, M3); of a meeting: its largest session (sessions overlap, so they
//     are not added).
//  F5 Satisfaction: the answer to the headline question of the questionnaire each
//     response names; "satisfaits ou très satisfaits" = options marked positive.
//     Response rate = responses / participants (F1).
//  F6 Percentages are rounded to one decimal, and are null when the base is 0.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report_data.h"

namespace terrain::server::report {

// F6: 100 * part / whole rounded to 0.1, nullopt when whole is 0.
std::optional<double> percent(std::int64_t part, std::int64_t whole);
std::optional<double> round_to(std::optional<double> v, int decimals);
// JSON null for nullopt.
nlohmann::json json_number(std::optional<double> v);
// "80,5 %" (French form), "—" when nullopt.
std::string french_percent(std::optional<double> p);

struct MeetingAttendance {
  std::size_t records = 0;                          // attendance records, not deleted
  std::size_t duplicates = 0;                       // records merged into an earlier one (F1)
  std::size_t anonymous = 0;                        // without a name: each counts as one
  std::size_t redacted_names = 0;                   // names erased (GDPR): each counts as one
  std::vector<const nlohmann::json*> people;        // one view per distinct participant
  std::map<std::string, std::string> duplicate_of;  // record id -> the record it repeats
  std::int64_t participants() const { return static_cast<std::int64_t>(people.size()); }
};
// Computed once per loaded MeetingRecords and kept with them.
const MeetingAttendance& distinct_participants(const MeetingRecords& records);

bool is_person_concerned(const nlohmann::json& attendance);  // F3
bool is_representative(const nlohmann::json& attendance);    // F3

struct Session {
  std::string id;
  std::string label;
  std::int64_t count = 0;
  std::int64_t people_concerned = 0;
  std::map<std::string, std::int64_t> count_by_device;  // device id -> its tally
};
struct MeetingHeadcount {
  std::vector<Session> sessions;
  std::optional<std::int64_t> largest;  // F4; nullopt without head count
};
MeetingHeadcount headcounts(const MeetingRecords& records);

// F5 over some feedback responses.
struct HeadlineTally {
  std::vector<CodeLabel> options;  // headline options in questionnaire order (union)
  std::map<std::string, std::int64_t> counts;
  std::int64_t responses = 0;
  std::int64_t answered = 0;  // responses with a valid headline answer
  std::int64_t positive = 0;
  std::int64_t unknown_questionnaire = 0;  // responses naming a questionnaire nobody knows
  void add(const nlohmann::json& response, const Snapshot& snapshot);
  // Adds another tally: the same as having added its responses here, in its order.
  void merge(const HeadlineTally& other);
  std::optional<double> positive_percent() const { return percent(positive, answered); }

 private:
  // The last questionnaire definition seen and its headline question: responses of
  // one tally nearly always share one.
  const nlohmann::json* last_def_ = nullptr;
  const nlohmann::json* last_question_ = nullptr;
  std::string last_headline_;
};

}  // namespace terrain::server::report
