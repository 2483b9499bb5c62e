// The server's merged state: one RecordState per record (protocol/record_state.h),
// kept as rows (store/record_rows.h) with its view as a cache, updated in the
// caller's transaction.
//
// Invariants:
//  1. A record's stored view is view_of(stored state), which equals materialise() of
//     the changes of the accepted change sets that touched it: every function here
//     that changes a state rewrites the view in the same transaction.
//  2. Only accepted change sets are merged; quarantined ones wait outside.
//  3. The meetings table mirrors each meeting record's `cycle` (for cycle scopes), and
//     keeps it while the meeting is deleted.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/record_rows.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/merge.h"
#include "terrain/sqlite/database.h"

namespace terrain::server {

// Merges every change of an accepted change set and records which records it touched.
Status merge_change_set(sqlite::Database& db, std::int64_t change_set_id, const ChangeSet& cs,
                        const DetachedValues& values);
// Records touched by the given change sets.
Result<std::set<RecordKey>> touched_records(sqlite::Database& db,
                                            const std::vector<std::int64_t>& change_set_ids);
// Drops the device's changes after after_seq from these records (revocation): each
// state is rebuilt from the accepted change sets that touched it, but those, read
// back and verified again under `limits`.
Status retract_records(sqlite::Database& db, const std::set<RecordKey>& records,
                       const std::string& device, std::uint64_t after_seq, const Limits& limits);
// Erases a detached value from a record's state (GDPR erasure).
Status redact_in_record(sqlite::Database& db, const RecordKey& record,
                        const std::string& value_hash);
// The hashes of every detached value ever written to a record's field (winning or
// not), in order.
Result<std::vector<std::string>> detached_hashes(sqlite::Database& db, const RecordKey& record,
                                                 const std::string& field);

// The record's view computed from its rows, or nullopt when it was never written.
Result<std::optional<RecordView>> load_record_view(sqlite::Database& db, const RecordKey& key);
// The stored view as JSON (RecordView::to_json plus "_conflicts"), or nullopt.
Result<std::optional<nlohmann::json>> load_view(sqlite::Database& db, const RecordKey& key);
// Views of every record of a meeting (the meeting itself included), ordered.
Result<nlohmann::json> meeting_views(sqlite::Database& db, const std::string& meeting);

// The change set's own meeting record as it would be once the change set is merged
// (its other records are not looked at): whether it exists, and its cycle.
struct MeetingAfter {
  bool exists = false;
  std::optional<std::string> cycle;
};
Result<MeetingAfter> meeting_after(sqlite::Database& db, const ChangeSet& cs);

}  // namespace terrain::server
