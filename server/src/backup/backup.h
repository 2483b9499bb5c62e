// Online backup and restore.
//
// backup: copies the live database with SQLite's backup API (a consistent snapshot
// taken inside one read transaction; the running server keeps writing), into a
// temporary file renamed over FILE once complete, and marks the copy so that a
// server started on it draws a NEW epoch. The server key is copied beside it
// (FILE.key, mode 0600): devices pinned it at enrolment.
//
// restore (server stopped): removes the old -wal/-shm files FIRST (stale WAL frames
// must never be replayed into another database), then puts the copy in place.
// On its first start the restored server announces the new epoch; devices that
// synced after the backup get epoch_mismatch and push again what it lacks.
#pragma once

#include <string>

#include "terrain/protocol/errors.h"

namespace terrain::server {

Status backup_database(const std::string& data_dir, const std::string& out_file);
Status restore_database(const std::string& data_dir, const std::string& from_file);

}  // namespace terrain::server
