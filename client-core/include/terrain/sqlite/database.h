// The one SQLite layer of Terrain: a thin RAII layer over the SQLite C API, used by
// the device's replica and by the server's store alike (a connection, its prepared
// statements kept for reuse, BEGIN IMMEDIATE transactions).
//
// Failures are values (Status / Result) with Errc::storage and SQLite's message, which
// never contains bound values, so never personal data.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "terrain/protocol/errors.h"

namespace terrain::sqlite {

class Statement;

// A prepared statement kept by its connection for reuse (see Database::prepare):
// preparing the same SQL for every record was a measurable share of a pull's and of an
// ingest's time.
struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;  // lent to a live Statement
  bool orphan = false;  // the connection closed while lent: the Statement finalizes it
};

struct OpenOptions {
  bool create = true;      // create the file if it does not exist
  bool read_only = false;  // SQLITE_OPEN_READONLY (then neither create nor WAL apply)
  // SQLITE_OPEN_FULLMUTEX: the connection may be used from several threads (one at a
  // time); otherwise SQLITE_OPEN_NOMUTEX, one thread per connection.
  bool serialized = false;
  int busy_timeout_ms = 5000;
  // PRAGMA journal_mode=WAL (readers never block the writer) and synchronous=FULL (a
  // commit is on disk before it returns: an acknowledged change survives a power cut).
  bool wal = true;
  bool durable = true;  // false: synchronous=OFF (benchmarks of the tablet's side only)
  bool foreign_keys = false;
};

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& o) noexcept;
  Database& operator=(Database&& o) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  static Result<Database> open(const std::string& path, const OpenOptions& options = {});

  // Runs one or more statements without results.
  Status exec(std::string_view sql);
  // Prepared statements are cached per connection, keyed by their SQL text: the
  // Statement returned borrows the cached one (reset and unbound when it goes out of
  // scope). A second live Statement of the same SQL gets one of its own. A Statement
  // may outlive its Database: the statement is then finalized with it.
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  sqlite3* raw() const { return db_; }
  // A storage error naming what failed, with SQLite's message.
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
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index, as SQLite does; chainable. Text and blobs are copied.
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

  // true: a row is available; false: done. Errors as Errc::storage.
  Result<bool> step();
  // Steps to completion (statements without rows), then resets, keeping the bindings.
  Status run();
  // Resets and clears the bindings, ready to bind and run again.
  void reset();

  int column_count() const;
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

// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status begin();
  Status commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace terrain::sqlite
