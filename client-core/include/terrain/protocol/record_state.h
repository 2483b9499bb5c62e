// The incremental merged state of one record: the same function of the set of
// changes as materialise(history) (rules M1-M8, merge.h and docs/protocol.md §5),
// kept field by field so that applying one change costs in the size of the change
// and the live conflicts of the fields it touches, never in the record's history.
//
// What is kept, and why it suffices:
//  - per (incarnation cl, field) only the winning write (M2): a write that loses
//    either is in S (then it can never matter again: S only grows and a loser never
//    wins later) or is a concurrent_edit conflict (M5), kept as an explicit item;
//  - the conflict set (M5, M6) as explicit items keyed like the view's order
//    (field, loser version, kind); a conflict's winner is not copied but read from
//    the group's winner (M5) or the incarnation's last delete (M6), so a new winner
//    updates nothing else;
//  - per delete cl: the greatest delete and, per field, the versions some delete saw
//    (M6 needs only "some delete saw exactly this version");
//  - per (incarnation, field, device) the sum of increments (M3);
//  - S (M4) and the versions already applied with their change set's seq (M8): two
//    ordered sets, one lookup each per change.
//
// Exact on the state: apply (any order, duplicates) and redact (values are kept with
// their detached hash). Not exact on the state: retract, which removes bases and
// acknowledgements from S and can bring back writes dropped as seen losers; its
// fallback is to rebuild from the remaining change sets (or state_of(history)).
// retract_touches() tells whether a record needs that rebuild at all.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/merge.h"

namespace terrain {

// One write as the state keeps it (a group's winner or a conflict's loser).
struct WriteVersion {
  Hlc t;
  std::uint64_t seq = 0;
  nlohmann::json value;    // null when redacted
  bool redacted = false;   // M7
  std::string value_hash;  // hex hash when the value was detached
  friend bool operator==(const WriteVersion&, const WriteVersion&) = default;
};

// The deletes that share one (even) causal length.
struct DeleteGroup {
  Hlc last;                                   // the greatest: M6's conflict winner
  std::map<std::string, std::set<Hlc>> seen;  // field -> versions some delete saw
  friend bool operator==(const DeleteGroup&, const DeleteGroup&) = default;
};

// A live conflict: its loser and the incarnation it belongs to; the winner is the
// group's winner (concurrent_edit) or the last delete of cl + 1 (edit_vs_delete).
struct ConflictItem {
  std::uint32_t cl = 1;
  WriteVersion loser;
  friend bool operator==(const ConflictItem&, const ConflictItem&) = default;
};

struct RecordState {
  using GroupKey = std::pair<std::uint32_t, std::string>;            // cl, field
  using ConflictKey = std::tuple<std::string, Hlc, Conflict::Kind>;  // view order
  std::string collection;
  std::string id;
  std::uint32_t cl = 0;                      // M1: cl_max over creates, writes, deletes, increments
  Hlc max_version;                           // greatest version of any entry
  std::map<Hlc, std::uint64_t> applied;      // M8: version -> change set seq
  std::set<Hlc> seen;                        // M4: S
  std::map<GroupKey, WriteVersion> winners;  // M2, every incarnation
  std::map<std::uint32_t, DeleteGroup> deletes;                        // by the deletes' cl
  std::map<GroupKey, std::map<std::string, std::int64_t>> increments;  // -> device -> sum
  std::map<ConflictKey, ConflictItem> conflicts;                       // M5, M6
  std::map<Hlc, std::set<std::string>> conflict_index;                 // loser version -> fields

  friend bool operator==(const RecordState&, const RecordState&) = default;
};

// Applies one change (M8: returns false, changing nothing, when its version is
// already there). Detached values are taken from `values` as apply_change does.
bool apply(RecordState& state, const Change& change, std::uint64_t seq,
           const DetachedValues& values);
// Applies one history entry (the entries of one change share its version).
void apply_entry(RecordState& state, const HistoryEntry& entry);
// The state of a stored history: the rebuild path (after a retraction, a migration).
RecordState state_of(const RecordHistory& history);
// The record's view, equal to materialise() of the same changes. Costs in the
// current incarnation's fields and the live conflicts, not in the history.
RecordView view_of(const RecordState& state);
// Erases the value whose detached hash is `value_hash` wherever the state keeps it
// (exact: equal to redact() on the history). Returns true if found.
bool redact(RecordState& state, const std::string& value_hash);
// Whether retract(history, device, after_seq) would remove anything from this record,
// i.e. whether its state must be rebuilt.
bool retract_touches(const RecordState& state, const std::string& device, std::uint64_t after_seq);

}  // namespace terrain
