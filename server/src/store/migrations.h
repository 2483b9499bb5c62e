// The server database's schema: numbered migrations, applied in order, each in its
// own transaction together with the new version number in schema_version. A
// database newer than this binary is refused (unsupported_version), never "fixed".
#pragma once

#include "store/database.h"

namespace terrain::server {

// Highest migration this binary knows.
int latest_schema_version();
// Brings the database up to latest_schema_version().
Status migrate(Database& db);

}  // namespace terrain::server
