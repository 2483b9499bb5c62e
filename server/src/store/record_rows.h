// A record's merged state (protocol/record_state.h) kept as rows (schema version 5),
// so that merging a change costs in the fields it touches, never in the record's
// history:
//
//   records          collection, id, meeting, cl, max_version, view (a cache of
//                    view_of(state)), conflicts (how many live)
//   record_fields    one row per (incarnation cl, field): the winning write (M2)
//   record_counters  one row per (cl, field, device): the sum of its increments (M3)
//   record_deletes   one row per delete cl: the greatest delete, what deletes saw (M6)
//   record_conflicts one row per live conflict (M5, M6), keyed like the view's order
//   record_versions  every version applied, with its change set's seq (M8)
//   record_seen      every version some later change saw (S, M4)
//   record_detached  every detached value hash ever written to a field (erasure)
//
// Only the last three grow with the history. apply() consults them for the versions
// of the change being applied and for the current winners only (record_state.cpp:
// M8 looks up the change's own version; M5 and M6 ask whether a winner or the new
// write is in S; a live conflict's loser is never in S), so load_state() reads just
// those rows by key, and save_state() writes only the rows that differ.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "terrain/protocol/record_state.h"
#include "terrain/sqlite/database.h"

namespace terrain::server {

using RecordKey = std::pair<std::string, std::string>;  // collection, id

struct StoredState {
  RecordState state;
  std::string meeting;  // the meeting the record belongs to (itself for a meeting)
  bool stored = false;  // a records row exists
};

// Loads a record's rows. Of the versions applied and seen, only those in `versions`
// and the winners' are loaded (enough for apply() of changes with those versions).
Result<StoredState> load_state(sqlite::Database& db, const RecordKey& key,
                               const std::set<Hlc>& versions);
// Every row, all versions applied and seen included.
Result<StoredState> load_full_state(sqlite::Database& db, const RecordKey& key);
// Writes the rows of `after` that differ from `before` (as loaded) and the view
// cache; returns the view.
Result<RecordView> save_state(sqlite::Database& db, const StoredState& before,
                              const RecordState& after, const std::string& meeting);
// Removes every row of a record's state (before a rebuild).
Status delete_state(sqlite::Database& db, const RecordKey& key);

// The stored view JSON of a state: RecordView::to_json plus "_conflicts".
nlohmann::json view_json(const RecordState& state, const RecordView& view);

}  // namespace terrain::server
