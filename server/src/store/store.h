// The server's embedded store: one SQLite file in WAL mode.
//
// Invariants:
//  1. Every write runs in a transaction on the single writer connection
//     (BEGIN IMMEDIATE ... COMMIT): a push's sequence check, merge, log append and
//     receipt are all-or-nothing.
//  2. COMMIT returns only once the WAL is synced (synchronous=FULL): whatever a
//     response acknowledges survives a crash or power cut. write() returns only
//     after the COMMIT that holds its work.
//  3. Reads use separate connections from a small pool, each in its own read
//     transaction, so a pull sees a consistent snapshot and never blocks a push.
//
// Group commit. Concurrent write() calls are queued; one caller (the leader) takes
// the whole queue and runs every call's fn, one after the other in arrival order,
// inside ONE transaction, each in its own SAVEPOINT: a fn that fails is rolled back
// alone (nothing of it is applied), the others are kept. Then one COMMIT (one
// fsync) for the batch, and every caller returns with its own result. If the
// COMMIT fails, every kept fn's caller gets that error (nothing of the batch is
// stored). Each fn sees the writes of the fns before it in the batch (same
// connection, same transaction): e.g. two change sets of one device in one batch
// are checked against each other's chain exactly as if they were committed apart.
//
// Checkpoints. The writer never copies the WAL back into the database inside its
// COMMIT (SQLite's automatic checkpoint would, every 1,000 pages, while every queued
// push waits): a checkpointer thread, on its own connection, runs a PASSIVE
// checkpoint when the WAL has grown by kCheckpointFrames pages since the last one.
// A passive checkpoint never blocks the writer or readers. If the WAL still reaches
// kWriterCheckpointFrames (the checkpointer cannot keep up), the writer checkpoints
// itself, as SQLite would.
//
// State generation. A counter that moves after every COMMIT that changed the merged
// state (a row of `records`, which every merge, erasure and central change
// rewrites; SQLite's update hook on the writer sees it). What is read from the
// merged state in a read transaction opened after reading the counter stays
// current while the counter has not moved: the reports' snapshot cache
// (report/snapshot_cache.h) stands on this. The same hook collects the changed
// rows, and before the COMMIT the writer stamps their meetings in the database
// (store/meeting_stamps.h), so a reader knows which meetings moved since a stamp.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "terrain/sqlite/database.h"

namespace terrain::server {

// Opens one connection to the server's database file: WAL (readers never block the
// writer), synchronous=FULL (a commit is on disk before it returns, so an acknowledged
// change set survives a power cut: invariant 2), foreign keys on, one thread per
// connection, and a 10 s busy timeout.
Result<sqlite::Database> open_store_file(const std::string& path, bool create);

class Store {
 public:
  // Opens or creates the database and applies migrations.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static constexpr int kCheckpointFrames = 1000;
  static constexpr int kWriterCheckpointFrames = 50000;

  // Runs fn(db) in a write transaction (grouped with concurrent calls, see above);
  // its work is kept when it returns ok, rolled back otherwise. Returns once the
  // transaction holding it is durably committed. fn returns Status or Result<T>;
  // an exception thrown by fn rolls its work back and is rethrown here.
  template <class F>
  auto write(F&& fn) -> std::invoke_result_t<F, sqlite::Database&> {
    using R = std::invoke_result_t<F, sqlite::Database&>;
    std::optional<R> result;
    std::exception_ptr thrown;
    WriteTask task;
    task.run = [&](sqlite::Database& db) -> bool {
      try {
        result.emplace(fn(db));
        return result->ok();
      } catch (...) {
        thrown = std::current_exception();
        return false;
      }
    };
    task.fail = [&](const Error& e) { result.emplace(R(e)); };
    submit(task);
    if (thrown) std::rethrow_exception(thrown);
    return std::move(*result);
  }

  // Group-commit counters (for the benchmark and tests).
  struct WriteStats {
    std::uint64_t transactions = 0;
    std::uint64_t writes = 0;
  };
  WriteStats write_stats();
  // Checkpoints run so far, by the checkpointer thread and by the writer itself.
  struct CheckpointStats {
    std::uint64_t background = 0;
    std::uint64_t by_writer = 0;
  };
  CheckpointStats checkpoint_stats();

  // Runs fn(db) in a read transaction on a pooled connection.
  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F, sqlite::Database&> {
    auto conn = acquire_reader();
    if (!conn) return conn.error();
    sqlite::Database db = std::move(*conn);
    auto result = [&]() -> std::invoke_result_t<F, sqlite::Database&> {
      if (auto s = db.exec("BEGIN"); !s.ok()) return s.error();
      auto r = fn(db);
      (void)db.exec(r.ok() ? "COMMIT" : "ROLLBACK");
      return r;
    }();
    release_reader(std::move(db));
    return result;
  }

  // See "State generation" above. Read it BEFORE opening the read transaction
  // whose result it stamps: a commit in between then only makes the stamp older
  // than what was read (a needless reload later), never newer.
  std::uint64_t state_generation() const {
    return state_generation_.load(std::memory_order_acquire);
  }

  const std::string& path() const { return path_; }
  // PRAGMA integrity_check == "ok".
  Status integrity_check();

 private:
  Store(std::string path, sqlite::Database writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  // SQLite's WAL hook on the writer: after each COMMIT, with the WAL's size in pages.
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);
  // SQLite's update hook on the writer: marks the transaction as changing the state.
  static void on_row_change(void* self, int op, const char* db, const char* table,
                            sqlite3_int64 rowid);
  void checkpoint_loop();
  Result<sqlite::Database> acquire_reader();
  void release_reader(sqlite::Database db);

  struct WriteTask {
    std::function<bool(sqlite::Database&)> run;  // runs fn; true: keep its work
    std::function<void(const Error&)> fail;      // the commit failed: answer this error
    bool done = false;                           // guarded by queue_mutex_
  };
  // Queues the task and returns once it ran and its transaction ended.
  void submit(WriteTask& task);
  // Runs a batch in one transaction on the writer connection (leader only).
  void run_batch(const std::vector<WriteTask*>& batch);

  std::string path_;
  std::mutex write_mutex_;  // the writer connection
  sqlite::Database writer_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::vector<WriteTask*> queue_;  // guarded by queue_mutex_
  bool committing_ = false;        // a leader is running a batch; guarded by queue_mutex_
  WriteStats stats_;               // guarded by queue_mutex_
  bool state_touched_ = false;     // this transaction changed `records`; guarded by write_mutex_
  std::vector<std::int64_t> touched_rows_;  // their rowids; guarded by write_mutex_
  bool rows_untracked_ = false;  // a row deleted, or too many to track: every meeting moved
  std::atomic<std::uint64_t> state_generation_{0};
  std::mutex readers_mutex_;
  std::vector<sqlite::Database> readers_;

  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_cv_;
  int wal_frames_ = 0;           // after the last commit; guarded by checkpoint_mutex_
  int checkpointed_frames_ = 0;  // the WAL's size at the last checkpoint; guarded too
  bool stopping_ = false;        // guarded by checkpoint_mutex_
  CheckpointStats checkpoints_;  // guarded by checkpoint_mutex_
  std::thread checkpointer_;
};

// meta key/value helpers (inside a transaction).
Result<std::optional<std::string>> get_meta(sqlite::Database& db, std::string_view key);
Status set_meta(sqlite::Database& db, std::string_view key, std::string_view value);
Status delete_meta(sqlite::Database& db, std::string_view key);

// Milliseconds since the Unix epoch.
std::int64_t now_ms();

}  // namespace terrain::server
