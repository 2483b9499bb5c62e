// The server store's group commit and statement cache (server/src/store), tested
// directly on a Store in a temporary directory.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

using namespace terrain;
using namespace terrain::server;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("terrain-store-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::unique_ptr<Store> open_store(const TempDir& dir) {
  auto s = Store::open((dir.path / "terrain.db").string());
  REQUIRE(s.ok());
  REQUIRE((*s)->write([](sqlite::Database& db) -> Status {
                return db.exec("CREATE TABLE t(k INTEGER PRIMARY KEY, device TEXT, seq INTEGER)");
              })
              .ok());
  return std::move(*s);
}

std::int64_t count(Store& store, const std::string& where = "1") {
  auto n = store.read([&](sqlite::Database& db) -> Result<std::int64_t> {
    auto q = db.prepare("SELECT COUNT(*) FROM t WHERE " + where);
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    return q->int64(0);
  });
  REQUIRE(n.ok());
  return *n;
}

// A per-device chain like a push's: the next seq must follow the stored last one.
Result<std::int64_t> append(sqlite::Database& db, const std::string& device) {
  auto q = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM t WHERE device = ?");
  if (!q) return q.error();
  q->bind(1, device);
  auto row = q->step();
  if (!row) return row.error();
  const std::int64_t next = q->int64(0) + 1;
  auto ins = db.prepare("INSERT INTO t(device, seq) VALUES (?, ?)");
  if (!ins) return ins.error();
  ins->bind(1, device).bind(2, next);
  TERRAIN_RETURN_IF_ERROR(ins->run());
  return next;
}

}  // namespace

TEST_CASE("store: concurrent writes are grouped into fewer commits, each one applied once") {
  TempDir dir;
  auto store = open_store(dir);
  const auto before = store->write_stats();
  constexpr int kThreads = 16, kPerThread = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      // Two threads per device: one device's writes in one batch must still chain.
      const std::string device = "d" + std::to_string(t / 2);
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store->write([&](sqlite::Database& db) { return append(db, device); });
        if (!r.ok()) ++failures;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(count(*store) == kThreads * kPerThread);
  // Every device's seqs are exactly 1..N: no write lost or applied twice.
  for (int d = 0; d < kThreads / 2; ++d) {
    const std::string device = "'d" + std::to_string(d) + "'";
    CHECK(count(*store, "device = " + device) == 2 * kPerThread);
    CHECK(count(*store, "device = " + device + " AND seq BETWEEN 1 AND " +
                            std::to_string(2 * kPerThread)) == 2 * kPerThread);
  }
  const auto after = store->write_stats();
  CHECK(after.writes - before.writes == kThreads * kPerThread);
  CHECK(after.transactions - before.transactions <= after.writes - before.writes);
}

TEST_CASE("store: a failing write in a batch is rolled back alone") {
  TempDir dir;
  auto store = open_store(dir);
  constexpr int kThreads = 8, kPerThread = 30;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, failed{0}, thrown{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int kind = (t + i) % 3;  // 0: ok, 1: fails after writing, 2: throws after writing
        try {
          Status s = store->write([&](sqlite::Database& db) -> Status {
            auto ins = db.prepare("INSERT INTO t(device, seq) VALUES (?, ?)");
            if (!ins) return ins.error();
            ins->bind(1, kind == 0 ? "kept" : "undone").bind(2, i);
            TERRAIN_RETURN_IF_ERROR(ins->run());
            if (kind == 1) return make_error(Errc::conflict, "refused after a write");
            if (kind == 2) throw std::runtime_error("thrown after a write");
            return {};
          });
          (s.ok() ? ok : failed)++;
        } catch (const std::runtime_error&) {
          ++thrown;
        }
      }
    });
  for (auto& th : threads) th.join();
  CHECK(ok + failed + thrown == kThreads * kPerThread);
  CHECK(count(*store, "device = 'kept'") == ok);
  CHECK(count(*store, "device = 'undone'") == 0);
  CHECK(failed > 0);
  CHECK(thrown > 0);
  // The store still works after all that.
  CHECK(store->write([](sqlite::Database& db) { return append(db, "after"); }).ok());
  CHECK(store->integrity_check().ok());
}

TEST_CASE("store: cached statements are reset between uses and may be nested") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(store
              ->write([](sqlite::Database& db) -> Status {
                for (int i = 0; i < 5; ++i) TERRAIN_RETURN_IF_ERROR(append(db, "x").status());
                return {};
              })
              .ok());
  auto r = store->read([](sqlite::Database& db) -> Result<std::int64_t> {
    // The same SQL twice at once: the second gets its own statement.
    const char* sql = "SELECT seq FROM t WHERE device = ? ORDER BY seq";
    auto outer = db.prepare(sql);
    if (!outer) return outer.error();
    outer->bind(1, "x");
    std::int64_t pairs = 0;
    for (;;) {
      auto row = outer->step();
      if (!row) return row.error();
      if (!*row) break;
      auto inner = db.prepare(sql);
      if (!inner) return inner.error();
      inner->bind(1, "x");
      for (;;) {
        auto r2 = inner->step();
        if (!r2) return r2.error();
        if (!*r2) break;
        ++pairs;
      }
    }
    // Used again after being released mid-way: starts from the first row, unbound.
    {
      auto q = db.prepare(sql);
      if (!q) return q.error();
      q->bind(1, "x");
      (void)q->step();
    }
    auto again = db.prepare(sql);
    if (!again) return again.error();
    auto row = again->step();  // device unbound (NULL): no row
    if (!row) return row.error();
    if (*row) return make_error(Errc::internal, "bindings were kept");
    return pairs;
  });
  REQUIRE(r.ok());
  CHECK(*r == 25);
}

TEST_CASE("store: the WAL is checkpointed by the checkpointer thread, not inside a commit") {
  TempDir dir;
  const std::string path = (dir.path / "terrain.db").string();
  {
    auto store = open_store(dir);
    // About 3,000 pages of 4 KiB in 30 commits: three times kCheckpointFrames.
    const std::string payload(4000, 'x');
    for (int commit = 0; commit < 30; ++commit) {
      REQUIRE(store
                  ->write([&](sqlite::Database& db) -> Status {
                    auto q = db.prepare("INSERT INTO t(device, seq) VALUES (?, ?)");
                    if (!q) return q.error();
                    for (int i = 0; i < 100; ++i) {
                      q->reset();
                      q->bind(1, payload).bind(2, commit * 100 + i);
                      TERRAIN_RETURN_IF_ERROR(q->run());
                    }
                    return {};
                  })
                  .ok());
    }
    // The checkpointer runs beside the writer: wait for it (bounded).
    for (int i = 0; i < 200 && store->checkpoint_stats().background == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    CHECK(store->checkpoint_stats().background >= 1);
    CHECK(store->checkpoint_stats().by_writer == 0);
    CHECK(count(*store) == 3000);
    CHECK(store->integrity_check().ok());
  }
  // Closed cleanly (thread joined, WAL folded back): everything is in the file.
  auto reopened = Store::open(path);
  REQUIRE(reopened.ok());
  CHECK(count(**reopened) == 3000);
  CHECK((*reopened)->integrity_check().ok());
}
