#include "store/database.h"

#include <unordered_map>
#include <utility>

namespace terrain::server {

namespace {
// Distinct SQL texts kept per connection; the server's statements are literals,
// so this is never reached in practice; beyond it statements are not cached.
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
  if (db_) sqlite3_close_v2(db_);  // a zombie until orphaned statements are finalized
  db_ = nullptr;
}

Database::~Database() {
  close();
}

Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    close();
    db_ = std::exchange(o.db_, nullptr);
    cache_ = std::move(o.cache_);
  }
  return *this;
}

Result<Database> Database::open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) sqlite3_close_v2(db);
    return make_error(Errc::storage, "cannot open database " + path + ": " + msg);
  }
  Database d(db);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  // WAL: readers never block the writer; FULL: a commit is on disk before it
  // returns, so an acknowledged change set survives a power cut (invariant 2).
  TERRAIN_RETURN_IF_ERROR(d.exec("PRAGMA journal_mode=WAL"));
  TERRAIN_RETURN_IF_ERROR(d.exec("PRAGMA synchronous=FULL"));
  TERRAIN_RETURN_IF_ERROR(d.exec("PRAGMA foreign_keys=ON"));
  return d;
}

Status Database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
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
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return error("prepare");
    auto c = std::make_shared<CachedStatement>();
    c->stmt = s;
    c->in_use = true;
    cache_->statements.emplace(std::move(key), c);
    return Statement(std::move(c), db_);
  }
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &s, nullptr);
  if (rc != SQLITE_OK) return error("prepare");
  return Statement(s, db_);
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}
int Database::changes() const {
  return sqlite3_changes(db_);
}

Error Database::error(std::string_view what) const {
  return make_error(Errc::storage, std::string("SQLite ") + std::string(what) + ": " +
                                       (db_ ? sqlite3_errmsg(db_) : "no connection"));
}

void Statement::release() {
  if (!stmt_) return;
  if (cached_) {
    if (cached_->orphan) {
      sqlite3_finalize(stmt_);
      cached_->stmt = nullptr;
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      cached_->in_use = false;
    }
    cached_.reset();
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

Statement::~Statement() {
  release();
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    release();
    stmt_ = std::exchange(o.stmt_, nullptr);
    db_ = o.db_;
    cached_ = std::move(o.cached_);
  }
  return *this;
}

Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view text) {
  sqlite3_bind_text64(stmt_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Statement& Statement::bind_blob(int i, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return make_error(Errc::storage, std::string("SQLite step: ") + sqlite3_errmsg(db_));
}

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
std::string Statement::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string();
}
std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}
std::optional<std::int64_t> Statement::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}
std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

}  // namespace terrain::server
