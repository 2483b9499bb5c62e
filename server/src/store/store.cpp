#include "store/store.h"

#include <chrono>
#include <cstring>

#include "store/meeting_stamps.h"
#include "store/migrations.h"

namespace terrain::server {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<sqlite::Database> open_store_file(const std::string& path, bool create) {
  sqlite::OpenOptions options;
  options.create = create;
  options.busy_timeout_ms = 10000;
  options.foreign_keys = true;
  return sqlite::Database::open(path, options);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  auto db = open_store_file(path, true);
  if (!db) return db.error();
  TERRAIN_RETURN_IF_ERROR(migrate(*db));
  // The single writer's page cache holds a whole group of pushes (hundreds of
  // records and their fields): SQLite's default 2 MiB spills dirty pages to the WAL
  // in the middle of a transaction. Pages are allocated only as used.
  TERRAIN_RETURN_IF_ERROR(db->exec("PRAGMA cache_size=-32768"));
  std::unique_ptr<Store> store(new Store(path, std::move(*db)));
  // Replaces SQLite's automatic checkpoint on this connection (see store.h).
  sqlite3_wal_hook(store->writer_.raw(), &Store::on_wal_commit, store.get());
  sqlite3_update_hook(store->writer_.raw(), &Store::on_row_change, store.get());
  store->checkpointer_ = std::thread([s = store.get()] { s->checkpoint_loop(); });
  return store;
}

Store::~Store() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  if (writer_.raw()) {
    sqlite3_wal_hook(writer_.raw(), nullptr, nullptr);
    sqlite3_update_hook(writer_.raw(), nullptr, nullptr);
  }
  // The writer closes last: SQLite then checkpoints what is left and removes the WAL.
}

int Store::on_wal_commit(void* self, sqlite3* db, const char* name, int frames) {
  auto* store = static_cast<Store*>(self);
  bool wake = false;
  {
    std::lock_guard lock(store->checkpoint_mutex_);
    // The WAL restarts from its beginning after a complete checkpoint.
    if (frames < store->checkpointed_frames_) store->checkpointed_frames_ = 0;
    store->wal_frames_ = frames;
    wake = frames - store->checkpointed_frames_ >= kCheckpointFrames;
  }
  if (wake) store->checkpoint_cv_.notify_one();
  if (frames >= kWriterCheckpointFrames) {
    (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    std::lock_guard lock(store->checkpoint_mutex_);
    store->checkpoints_.by_writer += 1;
  }
  return SQLITE_OK;
}

void Store::on_row_change(void* self, int op, const char*, const char* table, sqlite3_int64 rowid) {
  // Called on the writer's thread with write_mutex_ held (inside run_batch).
  if (std::strcmp(table, "records") != 0) return;
  auto* store = static_cast<Store*>(self);
  store->state_touched_ = true;
  if (store->rows_untracked_) return;
  // One transaction writes at most a batch of pushes; beyond this many rows (a
  // migration-sized rewrite) every meeting is stamped instead.
  constexpr std::size_t kMaxTrackedRows = 200'000;
  if (op == SQLITE_DELETE || store->touched_rows_.size() >= kMaxTrackedRows) {
    store->rows_untracked_ = true;
    store->touched_rows_.clear();
    return;
  }
  store->touched_rows_.push_back(rowid);
}

void Store::checkpoint_loop() {
  sqlite::Database db;
  std::unique_lock lock(checkpoint_mutex_);
  for (;;) {
    checkpoint_cv_.wait(
        lock, [&] { return stopping_ || wal_frames_ - checkpointed_frames_ >= kCheckpointFrames; });
    if (stopping_) return;
    const int frames = wal_frames_;
    lock.unlock();
    if (!db.raw()) {
      auto opened = open_store_file(path_, false);
      if (opened) db = std::move(*opened);
    }
    // A failed checkpoint is retried after the next commits; the writer's own
    // checkpoint at kWriterCheckpointFrames bounds the WAL meanwhile.
    if (db.raw())
      (void)sqlite3_wal_checkpoint_v2(db.raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                      nullptr);
    lock.lock();
    checkpointed_frames_ = frames;
    checkpoints_.background += 1;
  }
}

Result<sqlite::Database> Store::acquire_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      sqlite::Database db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  return open_store_file(path_, false);
}

void Store::release_reader(sqlite::Database db) {
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 16) readers_.push_back(std::move(db));
}

namespace {
// At most this many writes in one transaction: bounds how long the first caller of
// a batch waits for the others' work.
constexpr std::size_t kMaxBatch = 256;
}  // namespace

void Store::submit(WriteTask& task) {
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&task);
  while (!task.done) {
    if (committing_) {
      queue_cv_.wait(lock);
      continue;
    }
    // Become the leader: take what is queued (this task included, or a batch of
    // earlier ones that this thread runs first), run it, wake everyone.
    committing_ = true;
    std::vector<WriteTask*> batch;
    if (queue_.size() <= kMaxBatch) {
      batch.swap(queue_);
    } else {
      batch.assign(queue_.begin(), queue_.begin() + kMaxBatch);
      queue_.erase(queue_.begin(), queue_.begin() + kMaxBatch);
    }
    lock.unlock();
    run_batch(batch);
    lock.lock();
    stats_.transactions += 1;
    stats_.writes += batch.size();
    for (auto* t : batch) t->done = true;
    committing_ = false;
    queue_cv_.notify_all();
  }
}

void Store::run_batch(const std::vector<WriteTask*>& batch) {
  std::lock_guard lock(write_mutex_);
  std::vector<WriteTask*> kept;
  kept.reserve(batch.size());
  auto fail_all = [](const std::vector<WriteTask*>& tasks, const Error& e) {
    for (auto* t : tasks) t->fail(e);
  };
  state_touched_ = false;
  touched_rows_.clear();
  rows_untracked_ = false;
  if (auto s = writer_.exec("BEGIN IMMEDIATE"); !s.ok()) {
    fail_all(batch, s.error());
    return;
  }
  const bool single = batch.size() == 1;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    WriteTask* t = batch[i];
    if (!single) {
      if (auto s = writer_.exec("SAVEPOINT w"); !s.ok()) {
        (void)writer_.exec("ROLLBACK");
        fail_all(kept, s.error());
        fail_all(
            std::vector<WriteTask*>(batch.begin() + static_cast<std::ptrdiff_t>(i), batch.end()),
            s.error());
        return;
      }
    }
    const bool ok = t->run(writer_);
    // A failed statement may have made SQLite end the transaction itself (e.g. a
    // full disk): then nothing of the batch can be committed.
    if (sqlite3_get_autocommit(writer_.raw()) != 0) {
      Error e = make_error(Errc::storage, "SQLite ended the write transaction (" +
                                              std::string(sqlite3_errmsg(writer_.raw())) + ")");
      if (ok) t->fail(e);
      fail_all(kept, e);
      fail_all(
          std::vector<WriteTask*>(batch.begin() + static_cast<std::ptrdiff_t>(i) + 1, batch.end()),
          e);
      return;
    }
    if (single) {
      if (ok) kept.push_back(t);
      break;
    }
    Status undo;
    if (!ok) undo = writer_.exec("ROLLBACK TO w");
    Status release = undo.ok() ? writer_.exec("RELEASE w") : undo;
    if (!release.ok()) {
      (void)writer_.exec("ROLLBACK");
      if (ok) t->fail(release.error());
      fail_all(kept, release.error());
      fail_all(
          std::vector<WriteTask*>(batch.begin() + static_cast<std::ptrdiff_t>(i) + 1, batch.end()),
          release.error());
      return;
    }
    if (ok) kept.push_back(t);
  }
  if (kept.empty()) {
    (void)writer_.exec("ROLLBACK");
    return;
  }
  // Rows of failed tasks rolled back to their savepoint may be among them: their
  // meetings are stamped needlessly, which only costs a reader a reload.
  if (state_touched_) {
    if (auto st = stamp_meetings(writer_, touched_rows_, rows_untracked_); !st.ok()) {
      (void)writer_.exec("ROLLBACK");
      fail_all(kept, st.error());
      return;
    }
  }
  if (auto c = writer_.exec("COMMIT"); !c.ok()) {
    (void)writer_.exec("ROLLBACK");
    fail_all(kept, c.error());
    return;
  }
  // Before any caller of the batch returns: a report asked after a push's
  // acknowledgement sees the new generation.
  if (state_touched_) state_generation_.fetch_add(1, std::memory_order_release);
}

Store::WriteStats Store::write_stats() {
  std::lock_guard lock(queue_mutex_);
  return stats_;
}

Store::CheckpointStats Store::checkpoint_stats() {
  std::lock_guard lock(checkpoint_mutex_);
  return checkpoints_;
}

Status Store::integrity_check() {
  std::lock_guard lock(write_mutex_);
  auto q = writer_.prepare("PRAGMA integrity_check");
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  std::string r = *row ? q->text(0) : "no answer";
  if (r != "ok") return make_error(Errc::storage, "integrity_check: " + r);
  return {};
}

Result<std::optional<std::string>> get_meta(sqlite::Database& db, std::string_view key) {
  auto q = db.prepare("SELECT value FROM meta WHERE key = ?");
  if (!q) return q.error();
  q->bind(1, key);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(q->text(0));
}

Status set_meta(sqlite::Database& db, std::string_view key, std::string_view value) {
  auto q = db.prepare(
      "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
      "excluded.value");
  if (!q) return q.error();
  q->bind(1, key).bind(2, value);
  return q->run();
}

Status delete_meta(sqlite::Database& db, std::string_view key) {
  auto q = db.prepare("DELETE FROM meta WHERE key = ?");
  if (!q) return q.error();
  q->bind(1, key);
  return q->run();
}

}  // namespace terrain::server
