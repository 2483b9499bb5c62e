// The one SQLite layer shared by the replica and the server (terrain/sqlite/).
#include <catch2/catch.hpp>

#include "temp_dir.h"
#include "terrain/sqlite/database.h"
#include "terrain/sqlite/migrations.h"

using namespace terrain;
using terrain::test::TempDir;

namespace {

template <class T>
T must(Result<T> r) {
  if (!r) FAIL(r.error().message);
  return std::move(*r);
}

void must(const Status& s) {
  if (!s.ok()) FAIL(s.error().message);
}

std::int64_t scalar(sqlite::Database& db, const char* sql) {
  auto q = must(db.prepare(sql));
  REQUIRE(must(q.step()));
  return q.int64(0);
}

Status fill_from_code(sqlite::Database& db) {
  return db.exec("INSERT INTO items(name) VALUES ('made by code')");
}

const std::vector<sqlite::Migration> kSteps = {
    "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    {"ALTER TABLE items ADD COLUMN size INTEGER NOT NULL DEFAULT 0", &fill_from_code},
    "CREATE TABLE broken(",  // a syntax error: the third migration always fails
};

sqlite::MigrationPlan plan(std::size_t steps, bool record_time) {
  return {std::span<const sqlite::Migration>(kSteps.data(), steps),
          "version",
          record_time,
          "test schema",
          "this test",
          "upgrade the test"};
}

}  // namespace

TEST_CASE("sqlite: migrations run in order, each with its version row, code steps included") {
  TempDir dir;
  for (bool record_time : {false, true}) {
    auto db = must(sqlite::Database::open(dir.file(record_time ? "t.db" : "f.db")));
    CHECK(must(sqlite::version_of(db, plan(2, record_time))) == 0);
    must(sqlite::migrate(db, plan(2, record_time), 1));
    CHECK(must(sqlite::version_of(db, plan(2, record_time))) == 1);
    must(sqlite::migrate(db, plan(2, record_time)));
    CHECK(must(sqlite::version_of(db, plan(2, record_time))) == 2);
    CHECK(scalar(db, "SELECT COUNT(*) FROM version") == 2);
    CHECK(scalar(db, "SELECT COUNT(*) FROM items WHERE name = 'made by code'") == 1);
    if (record_time) CHECK(scalar(db, "SELECT MIN(applied_ms) FROM version") > 0);
    must(sqlite::migrate(db, plan(2, record_time)));  // nothing left to do
    CHECK(scalar(db, "SELECT COUNT(*) FROM version") == 2);
  }
}

TEST_CASE("sqlite: a failing migration leaves the file at the version before it") {
  TempDir dir;
  auto db = must(sqlite::Database::open(dir.file("x.db")));
  must(sqlite::migrate(db, plan(2, true)));
  auto failed = sqlite::migrate(db, plan(3, true));
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().code == Errc::storage);
  CHECK_THAT(failed.error().message, Catch::Contains("migration 3 failed"));
  CHECK(must(sqlite::version_of(db, plan(3, true))) == 2);
  CHECK(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'broken'") == 0);
}

TEST_CASE("sqlite: a file newer than the program is refused, untouched") {
  TempDir dir;
  auto db = must(sqlite::Database::open(dir.file("x.db")));
  must(sqlite::migrate(db, plan(2, false)));
  auto refused = sqlite::migrate(db, plan(1, false));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unsupported_version);
  CHECK(refused.error().message ==
        "test schema version 2 is newer than this test (1): upgrade the test");
  CHECK(must(sqlite::version_of(db, plan(2, false))) == 2);
}

TEST_CASE("sqlite: a statement may outlive its connection, and a read-only file refuses writes") {
  TempDir dir;
  const std::string path = dir.file("x.db");
  {
    auto db = must(sqlite::Database::open(path));
    must(db.exec("CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1), (2)"));
    auto kept = must(db.prepare("SELECT v FROM t ORDER BY v"));
    REQUIRE(must(kept.step()));
    db = sqlite::Database();  // closed while the cached statement is lent
    CHECK(kept.int64(0) == 1);
    REQUIRE(must(kept.step()));
    CHECK(kept.int64(0) == 2);
  }  // the statement is finalized here, then the connection goes (ASan checks)
  sqlite::OpenOptions ro;
  ro.read_only = true;
  auto db = must(sqlite::Database::open(path, ro));
  CHECK(scalar(db, "SELECT COUNT(*) FROM t") == 2);
  auto write = db.exec("INSERT INTO t VALUES (3)");
  REQUIRE_FALSE(write.ok());
  CHECK(write.error().code == Errc::storage);
  CHECK_THAT(write.error().message, Catch::Contains("readonly"));
  sqlite::OpenOptions missing;
  missing.create = false;
  CHECK_FALSE(sqlite::Database::open(dir.file("absent.db"), missing).ok());
}

TEST_CASE("sqlite: a transaction rolls back unless committed") {
  TempDir dir;
  auto db = must(sqlite::Database::open(dir.file("x.db")));
  must(db.exec("CREATE TABLE t(v INTEGER)"));
  {
    sqlite::Transaction tx(db);
    must(tx.begin());
    auto ins = must(db.prepare("INSERT INTO t VALUES (?)"));
    must(ins.bind(1, 7).run());
    CHECK(db.changes() == 1);
  }
  CHECK(scalar(db, "SELECT COUNT(*) FROM t") == 0);
  sqlite::Transaction tx(db);
  must(tx.begin());
  must(db.exec("INSERT INTO t VALUES (8)"));
  must(tx.commit());
  CHECK(scalar(db, "SELECT COUNT(*) FROM t") == 1);
}
