// Online backup and restore.
//
// backup: copies the live database with SQLite's backup API (a consistent snapshot
// taken inside one read transaction; the running server keeps writing), into a
// temporary file renamed over FILE once complete, and marks the copy so that a
// server started on it draws a NEW epoch. The server key is copied beside it
// (FILE.key, mode 0600): devices pinned it at enrolment.
//
// restore (server stopped; refused while a server holds the data directory's lock):
// moves the database being replaced aside (terrain.db.replaced-<ms>, with its
// -wal/-shm, never deleted: nothing is lost by a restore), then puts the copy in
// place. From the replaced database, when it still opens, it carries over what the
// backup cannot know and can be carried safely (RestoreReport lists it):
//   - devices enrolled after the backup (their chain restarts at 0: at their next
//     sync they get epoch_mismatch and push everything again), and the role and
//     scope of devices enrolled again;
//   - enrolment codes created or used after the backup (a used code never becomes
//     usable again);
//   - revocations made after the backup, when the backup holds nothing of that
//     device after the cut-off; otherwise the administrator must revoke again.
// Not carried (listed for the administrator): change sets signed by the server
// (central changes) after the backup, and administrators added after it.
// On its first start the restored server announces the new epoch; devices that
// synced after the backup get epoch_mismatch and push again what it lacks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "terrain/protocol/errors.h"

namespace terrain::server {

// An exclusive advisory lock (flock) on DIR/terrain.lock, holding the owner's pid:
// taken by a serving terrain-server for its whole life, and by restore while it
// works, so a restore never runs beside a server and two servers never share a
// data directory. Released when the object is destroyed or the process dies.
class DataDirLock {
 public:
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;
  explicit DataDirLock(int fd) : fd_(fd) {}

 private:
  int fd_ = -1;
};
// Errc::conflict (naming the holder's pid) when another process holds it.
Result<std::unique_ptr<DataDirLock>> lock_data_dir(const std::string& data_dir);

struct RestoreReport {
  std::string replaced;              // where the replaced database now is, or empty
  std::vector<std::string> carried;  // what was carried over, one line each
  std::vector<std::string> to_do;    // what the administrator must do, one line each
};

Status backup_database(const std::string& data_dir, const std::string& out_file);
Result<RestoreReport> restore_database(const std::string& data_dir, const std::string& from_file);

}  // namespace terrain::server
