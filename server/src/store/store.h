// The server's embedded store: one SQLite file in WAL mode.
//
// Invariants:
//  1. Every write runs in ONE transaction on the single writer connection
//     (BEGIN IMMEDIATE ... COMMIT), serialised by a mutex: a push's sequence check,
//     merge, log append and receipt are all-or-nothing.
//  2. COMMIT returns only once the WAL is synced (synchronous=FULL): whatever a
//     response acknowledges survives a crash or power cut.
//  3. Reads use separate connections from a small pool, each in its own read
//     transaction, so a pull sees a consistent snapshot and never blocks a push.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "store/database.h"

namespace terrain::server {

class Store {
 public:
  // Opens or creates the database and applies migrations.
  static Result<std::unique_ptr<Store>> open(const std::string& path);

  // Runs fn(db) in a write transaction; commits when it returns ok, rolls back
  // otherwise. fn returns Status or Result<T>.
  template <class F>
  auto write(F&& fn) -> std::invoke_result_t<F, Database&> {
    std::lock_guard lock(write_mutex_);
    if (auto s = writer_.exec("BEGIN IMMEDIATE"); !s.ok()) return s.error();
    auto r = fn(writer_);
    if (r.ok()) {
      if (auto c = writer_.exec("COMMIT"); !c.ok()) {
        (void)writer_.exec("ROLLBACK");
        return c.error();
      }
    } else {
      (void)writer_.exec("ROLLBACK");
    }
    return r;
  }

  // Runs fn(db) in a read transaction on a pooled connection.
  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F, Database&> {
    auto conn = acquire_reader();
    if (!conn) return conn.error();
    Database db = std::move(*conn);
    auto result = [&]() -> std::invoke_result_t<F, Database&> {
      if (auto s = db.exec("BEGIN"); !s.ok()) return s.error();
      auto r = fn(db);
      (void)db.exec(r.ok() ? "COMMIT" : "ROLLBACK");
      return r;
    }();
    release_reader(std::move(db));
    return result;
  }

  const std::string& path() const { return path_; }
  // PRAGMA integrity_check == "ok".
  Status integrity_check();

 private:
  Store(std::string path, Database writer) : path_(std::move(path)), writer_(std::move(writer)) {}
  Result<Database> acquire_reader();
  void release_reader(Database db);

  std::string path_;
  std::mutex write_mutex_;
  Database writer_;
  std::mutex readers_mutex_;
  std::vector<Database> readers_;
};

// meta key/value helpers (inside a transaction).
Result<std::optional<std::string>> get_meta(Database& db, std::string_view key);
Status set_meta(Database& db, std::string_view key, std::string_view value);
Status delete_meta(Database& db, std::string_view key);

// Milliseconds since the Unix epoch.
std::int64_t now_ms();

}  // namespace terrain::server
