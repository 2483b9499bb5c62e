// Deterministic merge: the pure function shared by every replica and the server.
//
// A record's state is a pure function of the SET of changes received for it, so
// replicas that received the same change sets show the same state, whatever the
// order or duplication (invariant 1). A record keeps its history (one entry per
// field write, delete, increment and acknowledgement); its view is materialised
// from the history.
//
// Rules (numbered as in docs/protocol.md, "Merge"):
//  M1 Causal length: cl_max = max cl over the history; the record exists iff cl_max
//     is odd. A delete makes cl even, a re-create odd again; only writes made in
//     the current incarnation (cl == cl_max) are visible, so a deleted then
//     re-created record never shows values of its former life.
//  M2 Fields: in each incarnation the write with the greatest version (HLC) wins.
//  M3 Counters: increments are kept per device and summed (current incarnation).
//  M4 Seen versions: S = every write's base, every resolves[] version.
//  M5 Concurrent edit: a write that is not the winner of its field and incarnation
//     and is not in S was overwritten by someone who had not seen it: it is kept
//     as a conflict {loser, winner}.
//  M6 Edit against delete: for an incarnation c < cl_max ended by delete(s) with
//     cl == c+1, a field's winner in c that is neither in S nor in those deletes'
//     seen map was lost to a delete made without seeing it: a conflict.
//  M7 Redacted values keep their versions; they merge and win as any other value
//     and show as null with the field listed in `redacted`.
//  M8 A change applied twice has no second effect (entries are keyed by version).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/hlc.h"

namespace terrain {

struct HistoryEntry {
  enum class Kind { create, write, del, inc, ack };
  Kind kind = Kind::write;
  Hlc t;
  std::uint32_t cl = 1;
  std::uint64_t seq = 0;            // the author's change set sequence (for retraction)
  std::string field;                // write, inc
  std::optional<Hlc> base;          // write
  nlohmann::json value;             // write: the value (null when redacted)
  bool redacted = false;            // write
  std::string value_hash;           // write: hex hash when the value was detached
  std::int64_t by = 0;              // inc
  std::map<std::string, Hlc> seen;  // del
  std::vector<Hlc> versions;        // ack (and a write's resolves)
};

struct RecordHistory {
  std::string collection;
  std::string id;
  std::vector<HistoryEntry> entries;

  nlohmann::json to_json() const;
  static Result<RecordHistory> from_json(const nlohmann::json& j);
};

struct Conflict {
  enum class Kind { concurrent_edit, edit_vs_delete };
  Kind kind = Kind::concurrent_edit;
  std::string collection;
  std::string id;
  std::string field;
  Hlc loser_version;
  nlohmann::json loser_value;
  bool loser_redacted = false;
  Hlc winner_version;           // the winning write, or the delete
  nlohmann::json winner_value;  // null for a delete
  bool winner_redacted = false;

  nlohmann::json to_json() const;
  friend bool operator==(const Conflict&, const Conflict&) = default;
};
std::string_view conflict_kind_name(Conflict::Kind k) noexcept;

struct RecordView {
  bool exists = false;
  std::uint32_t cl = 0;
  nlohmann::json fields = nlohmann::json::object();  // visible values
  std::map<std::string, Hlc> versions;               // winning version per field
  std::vector<std::string> redacted;                 // fields whose value was erased
  std::map<std::string, std::map<std::string, std::int64_t>> counters;  // field -> device -> sum
  std::vector<Conflict> conflicts;                                      // sorted, deterministic
  Hlc max_version;  // greatest version in the history

  // {"_id":..., "_collection":..., "_deleted":bool, "_redacted":[...], fields...}
  nlohmann::json to_json(const std::string& collection, const std::string& id) const;
};

// The history entries one change makes (the table in docs/protocol.md §5): a create
// entry, one write per field, a delete, an increment, an acknowledgement. Detached
// values are taken from `values`; a missing or redacted one is recorded as redacted.
// Shared by apply_change and the incremental RecordState (record_state.h).
std::vector<HistoryEntry> entries_of(const Change& change, std::uint64_t seq,
                                     const DetachedValues& values);
// Adds one change's effects to the history. Detached values are taken from `values`;
// a missing or redacted one is recorded as redacted. Returns false when the change
// was already there (M8), true otherwise.
bool apply_change(RecordHistory& history, const Change& change, std::uint64_t seq,
                  const DetachedValues& values);
// The view of a record (M1-M7).
RecordView materialise(const RecordHistory& history);
// Drops every entry authored by `device` in change sets with seq > after_seq
// (a lost tablet's retraction). Returns the number of entries removed.
std::size_t retract(RecordHistory& history, const std::string& device, std::uint64_t after_seq);
// Erases the value whose detached hash is `value_hash`. Returns true if found.
bool redact(RecordHistory& history, const std::string& value_hash);

}  // namespace terrain
