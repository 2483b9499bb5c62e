#include "backup/backup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "identity/server_identity.h"
#include "store/database.h"
#include "store/store.h"

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
  auto src = Database::open(src_path, false);
  if (!src) return src.error();
  const std::string tmp = out_file + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  sqlite3* dst = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(dst);
    return make_error(Errc::io, "cannot create " + tmp);
  }
  ::chmod(tmp.c_str(), 0600);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src->raw(), "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(dst);
    sqlite3_close_v2(dst);
    return make_error(Errc::storage, "backup: " + msg);
  }
  int rc;
  // -1: every page in one step, so the copy is one consistent snapshot.
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
    std::this_thread::yield();
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    std::string msg = sqlite3_errmsg(dst);
    sqlite3_close_v2(dst);
    fs::remove(tmp, ec);
    return make_error(Errc::storage, "backup: " + msg);
  }
  sqlite3_close_v2(dst);
  {
    auto copy = Database::open(tmp, false);
    if (!copy) return copy.error();
    TERRAIN_RETURN_IF_ERROR(copy->exec("BEGIN IMMEDIATE"));
    TERRAIN_RETURN_IF_ERROR(set_meta(*copy, kMetaNeedsNewEpoch, std::to_string(now_ms())));
    TERRAIN_RETURN_IF_ERROR(copy->exec("COMMIT"));
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

Status restore_database(const std::string& data_dir, const std::string& from_file) {
  if (!fs::exists(from_file)) return make_error(Errc::not_found, "no backup at " + from_file);
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  const std::string db = data_dir + "/terrain.db";
  fs::remove(db + "-wal", ec);
  fs::remove(db + "-shm", ec);
  TERRAIN_RETURN_IF_ERROR(copy_private(from_file, db + ".restore"));
  {
    // A copy made by other means gets its marker here too.
    auto copy = Database::open(db + ".restore", false);
    if (!copy) return copy.error();
    TERRAIN_RETURN_IF_ERROR(copy->exec("BEGIN IMMEDIATE"));
    TERRAIN_RETURN_IF_ERROR(set_meta(*copy, kMetaNeedsNewEpoch, std::to_string(now_ms())));
    TERRAIN_RETURN_IF_ERROR(copy->exec("COMMIT"));
    TERRAIN_RETURN_IF_ERROR(copy->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  fs::remove(db + ".restore-wal", ec);
  fs::remove(db + ".restore-shm", ec);
  fs::rename(db + ".restore", db, ec);
  if (ec) return make_error(Errc::io, "cannot move the backup into " + db);
  if (fs::exists(from_file + ".key"))
    TERRAIN_RETURN_IF_ERROR(copy_private(from_file + ".key", data_dir + "/server.key"));
  return {};
}

}  // namespace terrain::server
