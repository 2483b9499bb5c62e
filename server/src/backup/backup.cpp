#include "backup/backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "identity/server_identity.h"
#include "store/store.h"
#include "terrain/protocol/change_set.h"
#include "terrain/sqlite/database.h"

namespace terrain::server {
namespace fs = std::filesystem;
namespace {

Status fsync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(Errc::io, "cannot open " + path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return make_error(Errc::io, "cannot fsync " + path);
  return {};
}

Status copy_private(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::remove(to, ec);
  int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, "cannot create " + to);
  std::ifstream in(from, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bool ok = in.good() || in.eof();
  ok = ok && ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()) &&
       ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return make_error(Errc::io, "cannot copy " + from + " to " + to);
  return {};
}

}  // namespace

Status backup_database(const std::string& data_dir, const std::string& out_file) {
  const std::string src_path = data_dir + "/terrain.db";
  if (!fs::exists(src_path)) return make_error(Errc::not_found, "no database at " + src_path);
  auto src = open_store_file(src_path, false);
  if (!src) return src.error();
  const std::string tmp = out_file + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  {
    sqlite::OpenOptions plain;  // the copy's journal mode comes with the pages copied
    plain.wal = false;
    auto dst = sqlite::Database::open(tmp, plain);
    if (!dst) return make_error(Errc::io, "cannot create " + tmp + ": " + dst.error().message);
    ::chmod(tmp.c_str(), 0600);
    sqlite3_backup* b = sqlite3_backup_init(dst->raw(), "main", src->raw(), "main");
    if (!b) return dst->error("backup");
    int rc;
    // -1: every page in one step, so the copy is one consistent snapshot.
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
      std::this_thread::yield();
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      auto failed = dst->error("backup");
      *dst = sqlite::Database();
      fs::remove(tmp, ec);
      return failed;
    }
  }
  {
    auto copy = open_store_file(tmp, false);
    if (!copy) return copy.error();
    sqlite::Transaction tx(*copy);
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    TERRAIN_RETURN_IF_ERROR(set_meta(*copy, kMetaNeedsNewEpoch, std::to_string(now_ms())));
    TERRAIN_RETURN_IF_ERROR(tx.commit());
    // Fold the WAL into the file: the backup is ONE self-contained file.
    TERRAIN_RETURN_IF_ERROR(copy->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    TERRAIN_RETURN_IF_ERROR(copy->exec("PRAGMA journal_mode=DELETE"));
  }
  TERRAIN_RETURN_IF_ERROR(fsync_file(tmp));
  fs::rename(tmp, out_file, ec);
  if (ec) return make_error(Errc::io, "cannot rename " + tmp + " to " + out_file);
  const std::string key = data_dir + "/server.key";
  if (fs::exists(key)) TERRAIN_RETURN_IF_ERROR(copy_private(key, out_file + ".key"));
  return {};
}

namespace {

// One value of a query with one row and one integer column (0 when NULL).
Result<std::int64_t> scalar(sqlite::Database& db, const std::string& sql) {
  auto q = db.prepare(sql);
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  return *row && !q->is_null(0) ? q->int64(0) : 0;
}

// Carries over, from the replaced database (attached as `old`) into the restored
// copy, what the backup cannot know and can be carried safely (see backup.h).
Status carry_over(sqlite::Database& db, const std::string& replaced, RestoreReport& report) {
  {
    auto a = db.prepare("ATTACH DATABASE ? AS old");
    if (!a) return a.error();
    a->bind(1, replaced);
    TERRAIN_RETURN_IF_ERROR(a->run());
  }
  auto done = [&]() -> Status {
    sqlite::Transaction tx(db);  // rolled back if work() fails
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    auto work = [&]() -> Status {
      std::int64_t added = 0;
      {
        // Enrolled after the backup: registered again with an empty chain; at
        // their next sync they get epoch_mismatch with last_seq 0 and push again.
        auto q = db.prepare(
            "INSERT INTO main.devices(device_id, public_key, role, scope, label, enrolled_ms, "
            "last_seen_ms, last_seq, last_hash, flagged, flag_reason, revoked_ms, "
            "revoked_after_seq, is_server) SELECT device_id, public_key, role, scope, label, "
            "enrolled_ms, NULL, 0, ?, 0, NULL, revoked_ms, revoked_after_seq, 0 FROM "
            "old.devices WHERE is_server = 0 AND device_id NOT IN (SELECT device_id FROM "
            "main.devices)");
        if (!q) return q.error();
        q->bind(1, kGenesisPrev);
        TERRAIN_RETURN_IF_ERROR(q->run());
        added = db.changes();
      }
      if (added > 0)
        report.carried.push_back(std::to_string(added) +
                                 " device(s) enrolled after the backup: still registered; they "
                                 "push their change sets again at their next sync");
      // Enrolled again after the backup with another code: its role and scope.
      TERRAIN_RETURN_IF_ERROR(
          db.exec("UPDATE main.devices SET role = o.role, scope = o.scope FROM old.devices o WHERE "
                  "o.device_id = main.devices.device_id AND main.devices.is_server = 0 AND "
                  "(o.role != main.devices.role OR o.scope != main.devices.scope)"));
      // Revocations after the backup, when the backup holds nothing of the device
      // after the cut-off (nothing to withdraw).
      TERRAIN_RETURN_IF_ERROR(db.exec(
          "UPDATE main.devices SET revoked_ms = o.revoked_ms, revoked_after_seq = "
          "o.revoked_after_seq FROM old.devices o WHERE o.device_id = main.devices.device_id AND "
          "main.devices.revoked_ms IS NULL AND o.revoked_ms IS NOT NULL AND o.revoked_after_seq "
          ">= main.devices.last_seq"));
      const std::int64_t revoked = db.changes();
      if (revoked > 0)
        report.carried.push_back(std::to_string(revoked) +
                                 " revocation(s) made after the backup: still revoked");
      {
        auto q = db.prepare(
            "SELECT m.device_id, o.revoked_after_seq FROM main.devices m JOIN old.devices o ON "
            "o.device_id = m.device_id WHERE m.revoked_ms IS NULL AND o.revoked_ms IS NOT NULL "
            "ORDER BY m.device_id");
        if (!q) return q.error();
        for (;;) {
          auto row = q->step();
          if (!row) return row.error();
          if (!*row) break;
          report.to_do.push_back("device " + q->text(0) +
                                 " was revoked after the backup, but the backup holds its change "
                                 "sets after the cut-off: revoke it again (POST /admin/devices/" +
                                 q->text(0) +
                                 "/revoke {\"after_seq\": " + std::to_string(q->int64(1)) + "})");
        }
      }
      // Enrolment codes: a code used after the backup stays used; codes created
      // after it still work.
      TERRAIN_RETURN_IF_ERROR(db.exec(
          "INSERT OR IGNORE INTO main.enrolment_codes(code_hash, role, scope, created_ms, "
          "expires_ms, created_by, used_ms, device_id) SELECT code_hash, role, scope, created_ms, "
          "expires_ms, NULL, used_ms, device_id FROM old.enrolment_codes"));
      std::int64_t codes = db.changes();  // created after the backup
      TERRAIN_RETURN_IF_ERROR(db.exec(
          "UPDATE main.enrolment_codes SET used_ms = o.used_ms, device_id = o.device_id FROM "
          "old.enrolment_codes o WHERE o.code_hash = main.enrolment_codes.code_hash AND "
          "main.enrolment_codes.used_ms IS NULL AND o.used_ms IS NOT NULL"));
      codes += db.changes();  // used after the backup
      if (codes > 0)
        report.carried.push_back(std::to_string(codes) +
                                 " enrolment code(s) created or used after the backup");
      // Not carried: central change sets signed after the backup, administrators.
      auto central = scalar(db,
                            "SELECT COUNT(*) FROM old.change_sets c JOIN old.devices d ON "
                            "d.device_id = c.device_id WHERE d.is_server = 1 AND c.seq > "
                            "(SELECT COALESCE(MAX(last_seq), 0) FROM main.devices WHERE "
                            "is_server = 1)");
      if (!central) return central.error();
      if (*central > 0)
        report.to_do.push_back(
            std::to_string(*central) +
            " central change set(s) (meetings, questionnaires, resolutions made through "
            "POST /admin/changes) were signed after the backup and are not in it: make them "
            "again; they are still readable in the replaced database");
      auto admins = scalar(db,
                           "SELECT COUNT(*) FROM old.admins WHERE name NOT IN (SELECT name FROM "
                           "main.admins)");
      if (!admins) return admins.error();
      if (*admins > 0)
        report.to_do.push_back(std::to_string(*admins) +
                               " administrator(s) added after the backup: add them again "
                               "(terrain-server admin add)");
      return {};
    };
    TERRAIN_RETURN_IF_ERROR(work());
    return tx.commit();
  }();
  Status detached = db.exec("DETACH DATABASE old");
  if (!done.ok()) return done;
  return detached;
}

}  // namespace

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

Result<std::unique_ptr<DataDirLock>> lock_data_dir(const std::string& data_dir) {
  const std::string path = data_dir + "/terrain.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, "cannot open " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return make_error(Errc::conflict,
                      "the data directory " + data_dir + " is in use by a running terrain-server" +
                          (pid.empty() ? std::string() : " (pid " + pid + ")") + ": stop it first");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    ::close(fd);
    return make_error(Errc::io, "cannot write " + path);
  }
  return std::make_unique<DataDirLock>(fd);
}

Result<RestoreReport> restore_database(const std::string& data_dir, const std::string& from_file) {
  if (!fs::exists(from_file)) return make_error(Errc::not_found, "no backup at " + from_file);
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  // Never beside a running server: it would keep writing to the file moved aside.
  auto lock = lock_data_dir(data_dir);
  if (!lock) return lock.error();
  RestoreReport report;
  const std::string db = data_dir + "/terrain.db";
  // The database being replaced is moved aside with its WAL (which belongs to it
  // and must never be replayed into another file), never deleted.
  if (fs::exists(db)) {
    report.replaced = db + ".replaced-" + std::to_string(now_ms());
    fs::rename(db, report.replaced, ec);
    if (ec) return make_error(Errc::io, "cannot move " + db + " aside");
    for (const char* suffix : {"-wal", "-shm"})
      if (fs::exists(db + suffix)) {
        fs::rename(db + suffix, report.replaced + suffix, ec);
        if (ec) return make_error(Errc::io, "cannot move " + db + suffix + " aside");
      }
    const std::string key = data_dir + "/server.key";
    if (fs::exists(key) && fs::exists(from_file + ".key"))
      TERRAIN_RETURN_IF_ERROR(copy_private(key, report.replaced + ".key"));
  }
  fs::remove(db + "-wal", ec);
  fs::remove(db + "-shm", ec);
  TERRAIN_RETURN_IF_ERROR(copy_private(from_file, db + ".restore"));
  {
    // A copy made by other means gets its marker here too.
    auto copy = open_store_file(db + ".restore", false);
    if (!copy) return copy.error();
    sqlite::Transaction tx(*copy);
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    TERRAIN_RETURN_IF_ERROR(set_meta(*copy, kMetaNeedsNewEpoch, std::to_string(now_ms())));
    TERRAIN_RETURN_IF_ERROR(tx.commit());
    if (!report.replaced.empty()) {
      Status carried = carry_over(*copy, report.replaced, report);
      if (!carried.ok())
        report.to_do.push_back(
            "nothing could be carried over from the replaced database (" + carried.error().message +
            "): re-enrol the tablets enrolled after the backup and revoke again the devices "
            "revoked after it");
    }
    TERRAIN_RETURN_IF_ERROR(copy->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  fs::remove(db + ".restore-wal", ec);
  fs::remove(db + ".restore-shm", ec);
  fs::rename(db + ".restore", db, ec);
  if (ec) return make_error(Errc::io, "cannot move the backup into " + db);
  if (fs::exists(from_file + ".key"))
    TERRAIN_RETURN_IF_ERROR(copy_private(from_file + ".key", data_dir + "/server.key"));
  return report;
}

}  // namespace terrain::server
