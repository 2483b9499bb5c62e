// Which meetings' merged state changed since a given point, read in the same
// transaction as the state itself.
//
// The single writer stamps, in each transaction that changed `records`, every
// meeting whose records it wrote with the transaction's stamp (one more than the
// greatest so far), in `meeting_stamps`, before its COMMIT. A reader's transaction
// therefore sees exactly the stamps of the state it reads: a report snapshot taken
// at stamp S and refreshed later reloads only the meetings stamped after S, and
// the refreshed snapshot is the state of one transaction, as a full load would be
// (report/report_data.h). A change the writer cannot attribute to a meeting (a
// deleted row of `records`) is stamped under kEveryMeeting: readers reload all.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "terrain/sqlite/database.h"

namespace terrain::server {

inline constexpr const char* kEveryMeeting = "*";

// Writer side, inside the transaction: stamps the meetings of these `records`
// rows (rowids seen by the update hook; rows gone since are skipped), and every
// meeting when `everything`.
Status stamp_meetings(sqlite::Database& db, const std::vector<std::int64_t>& rowids,
                      bool everything);

// Reader side, inside the read transaction: the greatest stamp (0 when none).
Result<std::int64_t> current_stamp(sqlite::Database& db);

// Meetings stamped after `stamp` (kEveryMeeting among them when all changed).
Result<std::set<std::string>> meetings_changed_since(sqlite::Database& db, std::int64_t stamp);

}  // namespace terrain::server
