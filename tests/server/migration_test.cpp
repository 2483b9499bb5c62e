// A database written by the release before the state store by field (schema version
// 4, tests/server/fixtures/schema4/, made by make-schema4.sh from commit b4acaca)
// opens with the current server, migrates, and answers every report exactly as that
// release did; the migrated state then goes on merging (a new push, a revocation).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "raw_client.h"
#include "server_process.h"
#include "sqlite_file.h"
#include "temp_dir.h"

using namespace terrain;
using namespace terrain::test;

namespace {

const std::filesystem::path kFixture = std::filesystem::path(TERRAIN_FIXTURES_DIR) / "schema4";

// What depends on when a report is read, not on the data: dropped before comparing.
// The freshness report's device states and their totals are relative to now.
void scrub(nlohmann::json& j, bool freshness) {
  if (j.is_object()) {
    for (const char* k : {"generated_at", "server_time_ms"}) j.erase(k);
    if (freshness)
      for (const char* k :
           {"state", "state_label", "possibly_unsynced_since_ms", "up_to_date", "stale"})
        j.erase(k);
    for (auto& [k, v] : j.items()) scrub(v, freshness);
  } else if (j.is_array()) {
    for (auto& v : j) scrub(v, freshness);
  }
}

nlohmann::json expected_reports() {
  std::ifstream in(kFixture / "reports.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("A schema 4 database migrates and gives identical reports", "[migration]") {
  TempDir dir;
  const std::string data = dir.file("data");
  std::filesystem::create_directories(data);
  for (const auto& f : std::filesystem::directory_iterator(kFixture))
    if (f.path().filename() != "reports.json")
      std::filesystem::copy_file(f.path(), std::filesystem::path(data) / f.path().filename());
  // A checkout does not keep file modes: the server refuses a key others can read.
  std::filesystem::permissions(
      std::filesystem::path(data) / "server.key",
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
  {
    SqliteFile before(data + "/terrain.db");
    CHECK(before.number("SELECT MAX(version) FROM schema_version") == 4);
    CHECK(before.number("SELECT COUNT(*) FROM records") > 100);
  }

  ServerProcess server(data);
  server.start();
  AdminClient admin(server.url(), "fixture", "fixture password 2024");
  const nlohmann::json expected = expected_reports();
  REQUIRE(expected.size() > 8);
  for (const auto& [path, body] : expected.items()) {
    INFO(path);
    auto r = admin.get(path);
    REQUIRE(r.status == 200);
    nlohmann::json got = r.json, want = body;
    const bool freshness = path.find("freshness") != std::string::npos;
    scrub(got, freshness);
    scrub(want, freshness);
    CHECK(got == want);
  }
  // The migrated rows go on merging: a central edit of a migrated meeting (its base
  // is the migrated winner) changes its title and nothing else.
  std::string meeting;
  {
    SqliteFile db(data + "/terrain.db");
    auto rows = db.query("SELECT id FROM records WHERE collection = 'meeting' ORDER BY id LIMIT 1");
    REQUIRE(rows.size() == 1);
    meeting = *rows[0][0];
  }
  const nlohmann::json before = admin.records(meeting);
  auto edit = admin.post("/admin/changes",
                         {{"meeting", meeting},
                          {"changes",
                           {{{"op", "set"},
                             {"collection", "meeting"},
                             {"id", meeting},
                             {"fields", {{"title", "Rencontre renommée après migration"}}}}}}});
  INFO(edit.body);
  REQUIRE(edit.status == 201);
  const nlohmann::json now = admin.records(meeting);
  REQUIRE(now.size() == before.size());
  for (std::size_t i = 0; i < now.size(); ++i) {
    nlohmann::json a = before[i], b = now[i];
    if (a.value("_collection", "") == "meeting") {
      CHECK(b["title"] == "Rencontre renommée après migration");
      a.erase("title");
      b.erase("title");
    }
    CHECK(a == b);
  }
  CHECK(server.stop() == 0);

  SqliteFile after(data + "/terrain.db");
  CHECK(after.number("SELECT MAX(version) FROM schema_version") == 6);
  CHECK(after.number("SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = 'history'") ==
        0);
  CHECK(after.number("SELECT COUNT(*) FROM record_fields") > 100);
  CHECK(after.number("SELECT COUNT(*) FROM record_versions") >=
        after.number("SELECT COUNT(*) FROM records"));
  CHECK(after.number("SELECT COUNT(*) FROM record_counters") > 0);
  CHECK(after.number("SELECT COUNT(*) FROM record_detached") > 0);
  CHECK(after.number("SELECT SUM(conflicts) FROM records") ==
        after.number("SELECT COUNT(*) FROM record_conflicts"));
}
