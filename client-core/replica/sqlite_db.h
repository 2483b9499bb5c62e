// A thin RAII layer over the SQLite C API for the replica's store.
//
// Failures are values (Status / Result), with Errc::storage and SQLite's message
// (which never contains bound values, so never personal data).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "terrain/protocol/errors.h"

namespace terrain::replica_detail {

class Statement;

// A prepared statement kept by its connection for reuse: preparing the same SQL for
// every record was a measurable share of a pull's time.
struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
};

class Database {
 public:
  Database() = default;
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status open(const std::string& path);
  // Runs one or more statements without results.
  Status exec(std::string_view sql);
  // Statements are cached per connection, keyed by their SQL text: the Statement
  // returned borrows the cached one and resets and unbinds it when it goes out of
  // scope. A second live use of the same SQL gets a statement of its own. Every
  // Statement must be gone before its Database is destroyed.
  Result<Statement> prepare(std::string_view sql);
  sqlite3* handle() const { return db_; }
  std::int64_t changes() const;
  Error error(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> cache_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, CachedStatement* cached = nullptr)
      : db_(db), stmt_(stmt), cached_(cached) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), cached_(o.cached_) {
    o.stmt_ = nullptr;
    o.cached_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT).
  Statement& bind(int i, std::string_view text);
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind(int i, std::int64_t v);
  Statement& bind_null(int i);
  // true: a row is available; false: done. Errors as Errc::storage.
  Result<bool> step();
  // Steps to completion (statements without results).
  Status run();
  void reset();

  bool is_null(int col) const;
  std::string text(int col) const;
  std::string blob(int col) const;
  std::int64_t integer(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  CachedStatement* cached_;  // set when borrowed from the connection's cache
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

}  // namespace terrain::replica_detail
