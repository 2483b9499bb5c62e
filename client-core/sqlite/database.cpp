#include "terrain/sqlite/database.h"

#include <utility>

namespace terrain::sqlite {

namespace {
// Distinct SQL texts kept per connection. Terrain's statements are literals, so this is
// never reached in practice; beyond it statements are prepared for one use.
constexpr std::size_t kMaxCachedStatements = 512;
}  // namespace

void Database::close() {
  if (cache_) {
    for (auto& [sql, c] : cache_->statements) {
      if (c->in_use) {
        c->orphan = true;
      } else {
        sqlite3_finalize(c->stmt);
        c->stmt = nullptr;
      }
    }
    cache_.reset();
  }
  if (db_ != nullptr) sqlite3_close_v2(db_);  // a zombie until orphans are finalized
  db_ = nullptr;
}

Database::~Database() {
  close();
}

Database::Database(Database&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), cache_(std::move(o.cache_)) {}

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    close();
    db_ = std::exchange(o.db_, nullptr);
    cache_ = std::move(o.cache_);
  }
  return *this;
}

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
  sqlite3* raw = nullptr;
  const int access = options.read_only ? SQLITE_OPEN_READONLY
                     : options.create  ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                       : SQLITE_OPEN_READWRITE;
  const int flags = access | (options.serialized ? SQLITE_OPEN_FULLMUTEX : SQLITE_OPEN_NOMUTEX);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    if (raw != nullptr) sqlite3_close_v2(raw);
    return make_error(Errc::storage, "cannot open the database file '" + path + "': " + msg);
  }
  Database db(raw);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  if (options.wal && !options.read_only)
    TERRAIN_RETURN_IF_ERROR(db.exec("PRAGMA journal_mode=WAL"));
  TERRAIN_RETURN_IF_ERROR(
      db.exec(options.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF"));
  if (options.foreign_keys) TERRAIN_RETURN_IF_ERROR(db.exec("PRAGMA foreign_keys=ON"));
  return db;
}

Status Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return make_error(Errc::storage, "SQLite: " + msg);
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  if (!cache_) cache_ = std::make_unique<Cache>();
  std::string key(sql);
  auto it = cache_->statements.find(key);
  if (it != cache_->statements.end()) {
    if (!it->second->in_use) {
      it->second->in_use = true;
      return Statement(it->second, db_);
    }
  } else if (cache_->statements.size() < kMaxCachedStatements) {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return error("prepare");
    auto c = std::make_shared<CachedStatement>();
    c->stmt = s;
    c->in_use = true;
    cache_->statements.emplace(std::move(key), c);
    return Statement(std::move(c), db_);
  }
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return error("prepare");
  return Statement(s, db_);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_);
}

Error Database::error(std::string_view what) const {
  return make_error(Errc::storage, std::string("SQLite ") + std::string(what) + ": " +
                                       (db_ != nullptr ? sqlite3_errmsg(db_) : "no connection"));
}

Transaction::~Transaction() {
  if (open_) (void)db_.exec("ROLLBACK");
}

Status Transaction::begin() {
  TERRAIN_RETURN_IF_ERROR(db_.exec("BEGIN IMMEDIATE"));
  open_ = true;
  return {};
}

Status Transaction::commit() {
  TERRAIN_RETURN_IF_ERROR(db_.exec("COMMIT"));
  open_ = false;
  return {};
}

}  // namespace terrain::sqlite
