// The store's migrations and the default key store.
#include <sys/stat.h>

#include "replica/store_schema.h"
#include "replica/text_fold.h"
#include "replica_fixtures.h"
#include "terrain/sqlite/database.h"

using namespace terrain;
using namespace terrain::test;
using namespace terrain::replica_detail;
using terrain::sqlite::Database;

TEST_CASE("A store at version 1 is upgraded in place, keeping its data") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  std::string meeting;
  {
    auto r = open_replica(path);
    meeting = must(r->create("meeting", meeting_fields()));
    must(r->seal());
  }
  // Take the file back to version 1, as an older app version left it.
  {
    auto db = must(Database::open(path));
    must(
        db.exec("DROP INDEX received_by_device; DROP INDEX records_present; "
                "ALTER TABLE outbox DROP COLUMN decision; "
                "ALTER TABLE outbox DROP COLUMN decided_ms; "
                "ALTER TABLE outbox DROP COLUMN decision_reason; "
                "DELETE FROM store_version WHERE version > 1;"));
    CHECK(must(store_version_of(db)) == 1);
  }
  auto r = open_replica(path);
  CHECK(must(r->info())["store_version"] == current_store_version());
  CHECK(must(r->get("meeting", meeting))["title"] == "Rencontre territoriale Bretagne");
  CHECK(must(r->pending()).size() == 1);
  auto db = must(Database::open(path));
  CHECK(must(store_version_of(db)) == current_store_version());
  auto st = must(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name='received_by_device'"));
  REQUIRE(must(st.step()));
  CHECK(st.int64(0) == 1);
}

TEST_CASE("Migrations apply in order from an empty file") {
  TempDir dir;
  auto db = must(Database::open(dir.file("x.db")));
  must(migrate(db, 1));
  CHECK(must(store_version_of(db)) == 1);
  must(migrate(db));
  CHECK(must(store_version_of(db)) == current_store_version());
}

TEST_CASE("A store newer than the program is refused") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  { auto r = open_replica(path); }
  {
    auto db = must(Database::open(path));
    must(db.exec("INSERT INTO store_version(version, applied_ms) VALUES (99, 0)"));
  }
  auto r = Replica::open(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::unsupported_version);
}

TEST_CASE("The key file is created with mode 0600 and refused when others can read it") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  { auto r = open_replica(path); }
  struct stat st {};
  REQUIRE(::stat((path + ".key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  ::chmod((path + ".key").c_str(), 0644);
  auto r = Replica::open(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::io);
  CHECK(r.error().message.find("0644") != std::string::npos);
}

TEST_CASE("The file key store keeps named items across saves") {
  TempDir dir;
  FileKeyStore ks(dir.file("keys"));
  CHECK_FALSE(must(ks.load("a")).has_value());
  must(ks.save("a", std::string("\x00\x01binary", 8)));
  must(ks.save("b", "second"));
  must(ks.save("a", "replaced"));
  CHECK(must(ks.load("a")).value() == "replaced");
  CHECK(must(ks.load("b")).value() == "second");
  CHECK(ks.save("Bad Name", "x").code() == Errc::invalid_argument);
}

TEST_CASE("Search folds case and accents") {
  CHECK(fold_text("Hélène ŒUVRE Ça") == "helene oeuvre ca");
  CHECK(folded_contains("Zoé Lefèvre", "LEFEV"));
  CHECK_FALSE(folded_contains("Zoé Lefèvre", "martin"));
}

TEST_CASE("A record of typical size is stored in its b-tree page, without an overflow page") {
  // In a WITHOUT ROWID table SQLite keeps ~1 KB of a row in place (4 KiB pages) and
  // spills the rest to an overflow page of its own: records (view, sealed personal
  // fields, sealed history: ~1.6 KB) cost an extra 4 KiB page each (store version 3).
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  {
    auto r = open_replica(path);
    const std::string meeting = must(r->create("meeting", meeting_fields()));
    for (int i = 0; i < 40; ++i) {
      nlohmann::json f = attendance_fields(meeting, "Participante numéro " + std::to_string(i));
      f["organisation"] = "Maison départementale des personnes handicapées du Finistère";
      must(r->create("attendance", f));
    }
    must(r->seal());
  }
  auto db = must(Database::open(path));
  auto sizes = must(
      db.prepare("SELECT MAX(LENGTH(view) + LENGTH(personal) + LENGTH(history)) FROM records"));
  REQUIRE(must(sizes.step()));
  CHECK(sizes.int64(0) > 1100);  // larger than what a WITHOUT ROWID row keeps in place
  auto overflow =
      must(db.prepare("SELECT COUNT(*) FROM dbstat WHERE name = 'records' AND pagetype = "
                      "'overflow'"));
  REQUIRE(must(overflow.step()));
  CHECK(overflow.int64(0) == 0);
}
