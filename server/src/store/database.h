// A thin RAII layer over one SQLite connection: open, prepared statements,
// errors as terrain::Status (code storage, with SQLite's message).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "terrain/protocol/errors.h"

namespace terrain::server {

class Statement;

// A prepared statement kept by its connection for reuse (see Database::prepare).
struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;  // lent to a live Statement
  bool orphan = false;  // the connection closed while lent: the Statement finalizes it
};

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& o) noexcept : db_(o.db_), cache_(std::move(o.cache_)) { o.db_ = nullptr; }
  Database& operator=(Database&& o) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens (creating if asked) a database file in WAL mode, synchronous=FULL, with
  // foreign keys on and a busy timeout.
  static Result<Database> open(const std::string& path, bool create);

  Status exec(std::string_view sql);
  // Prepared statements are cached per connection, keyed by their SQL text: the
  // Statement returned borrows the cached one (reset and unbound when it goes out
  // of scope). A second live Statement of the same SQL gets its own.
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* raw() const { return db_; }
  // A storage error naming what failed and SQLite's message.
  Error error(std::string_view what) const;

 private:
  struct Cache {
    std::unordered_map<std::string, std::shared_ptr<CachedStatement>> statements;
  };
  explicit Database(sqlite3* db) : db_(db) {}
  void close();
  sqlite3* db_ = nullptr;
  std::unique_ptr<Cache> cache_;
};

class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& o) noexcept : stmt_(o.stmt_), db_(o.db_), cached_(std::move(o.cached_)) {
    o.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index; chainable.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::uint64_t v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  Statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind_null(int i);
  template <class T>
  Statement& bind(int i, const std::optional<T>& v) {
    if (v) return bind(i, *v);
    return bind_null(i);
  }

  // true: a row is available; false: done. Errors as storage.
  Result<bool> step();
  // Runs to completion (for statements without rows).
  Status run();
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* s, sqlite3* db) : stmt_(s), db_(db) {}
  Statement(std::shared_ptr<CachedStatement> c, sqlite3* db)
      : stmt_(c->stmt), db_(db), cached_(std::move(c)) {}
  void release();
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  std::shared_ptr<CachedStatement> cached_;  // set when borrowed from the cache
};

}  // namespace terrain::server
