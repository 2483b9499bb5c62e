// The replica's SQLite schema and its migrations.
#pragma once

#include "terrain/sqlite/database.h"

namespace terrain::replica_detail {

// The version the code expects (the number of migrations).
int current_store_version() noexcept;
// The version a file is at (0 for a new file).
Result<int> store_version_of(sqlite::Database& db);
// Applies, in order and each in its own transaction, every migration above the file's
// version up to `target` (default: current). A file newer than this code is refused
// with Errc::unsupported_version.
Status migrate(sqlite::Database& db, int target = 0);

}  // namespace terrain::replica_detail
