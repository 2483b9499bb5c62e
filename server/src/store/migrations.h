// The server database's schema: numbered migrations run by the shared runner
// (terrain/sqlite/migrations.h: in order, each in its own transaction together with its
// number in schema_version; a database newer than this binary is refused).
#pragma once

#include "terrain/sqlite/database.h"

namespace terrain::server {

// Highest migration this binary knows.
int latest_schema_version();
// Brings the database up to latest_schema_version().
Status migrate(sqlite::Database& db);

}  // namespace terrain::server
