// Writing, reading and querying a replica; validation errors write nothing.
#include <fstream>
#include <iterator>
#include <thread>

#include "replica_fixtures.h"
#include "sample_grid.h"
#include "terrain/protocol/ids.h"

using namespace terrain;
using namespace terrain::test;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("A new replica has an identity, an empty outbox and no conflicts") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  CHECK(r->device_id().size() == 16);
  CHECK(r->device_id() == device_id_of(r->public_key()));
  auto info = must(r->info());
  CHECK(info["device_id"] == r->device_id());
  CHECK(info["enrolled"] == false);
  CHECK(info["pending_change_sets"] == 0);
  CHECK(info["conflicts"] == 0);
  CHECK(must(r->outbox()).empty());
}

TEST_CASE("The identity survives a restart") {
  TempDir dir;
  std::string id;
  {
    auto r = open_replica(dir.file("tablet.db"));
    id = r->device_id();
  }
  auto again = open_replica(dir.file("tablet.db"));
  CHECK(again->device_id() == id);
}

TEST_CASE("A created record reads back with its fields, id and collection") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  CHECK(is_uuid(meeting));
  const std::string person = must(r->create("attendance", attendance_fields(meeting)));
  auto got = must(r->get("attendance", person));
  CHECK(got["_id"] == person);
  CHECK(got["_collection"] == "attendance");
  CHECK(got["_deleted"] == false);
  CHECK(got["display_name"] == "Hélène Dupré");
  CHECK(got["actor_type"] == "mdph");
  CHECK(got["meeting"] == meeting);
}

TEST_CASE("Updates change fields and keep the others") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string person = must(r->create("attendance", attendance_fields(meeting)));
  must(r->update("attendance", person, {{"role", "intervenant"}, {"display_name", "H. Dupré"}}));
  auto got = must(r->get("attendance", person));
  CHECK(got["role"] == "intervenant");
  CHECK(got["display_name"] == "H. Dupré");
  CHECK(got["organisation"] == "MDPH du Nord");
}

TEST_CASE("Setting an optional field to null removes it and a required one cannot be removed") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string person = must(r->create("attendance", attendance_fields(meeting)));
  REQUIRE(must(r->get("attendance", person)).contains("organisation"));
  must(r->update("attendance", person, {{"organisation", nullptr}}));
  auto got = must(r->get("attendance", person));
  CHECK_FALSE(got.contains("organisation"));
  CHECK(got["display_name"] == "Hélène Dupré");
  // A personal field travels detached: its removal too.
  must(r->update("attendance", person, {{"display_name", nullptr}}));
  CHECK_FALSE(must(r->get("attendance", person)).contains("display_name"));
  // Set again after removal: back.
  must(r->update("attendance", person, {{"organisation", "CCAS de Lille"}}));
  CHECK(must(r->get("attendance", person))["organisation"] == "CCAS de Lille");

  auto refused = r->update("attendance", person, {{"actor_type", nullptr}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::schema_violation);
  CHECK(refused.error().field == "actor_type");
  CHECK(must(r->get("attendance", person))["actor_type"] == "mdph");
}

TEST_CASE("A deleted record reads as deleted and leaves queries") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string person = must(r->create("attendance", attendance_fields(meeting)));
  must(r->remove("attendance", person));
  CHECK(must(r->get("attendance", person))["_deleted"] == true);
  CHECK(must(r->query("attendance")).empty());
  SECTION("and can be re-created with its id, without its former values") {
    auto fields = attendance_fields(meeting, "Jean Martin");
    fields.erase("organisation");
    CHECK(must(r->create("attendance", fields, person)) == person);
    auto got = must(r->get("attendance", person));
    CHECK(got["_deleted"] == false);
    CHECK(got["display_name"] == "Jean Martin");
    CHECK_FALSE(got.contains("organisation"));
  }
}

TEST_CASE("Counters start at zero and move by increments only") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string hc =
      must(r->create("headcount", {{"meeting", meeting}, {"label", "Plénière"}}));
  CHECK(must(r->get("headcount", hc))["count"] == 0);
  must(r->increment("headcount", hc, "count", 5));
  must(r->increment("headcount", hc, "count", -2));
  CHECK(must(r->get("headcount", hc))["count"] == 3);
  auto e = r->update("headcount", hc, {{"count", 10}});
  REQUIRE_FALSE(e.ok());
  CHECK(e.code() == Errc::schema_violation);
  CHECK(e.error().field == "count");
  CHECK(r->increment("headcount", hc, "label", 1).code() == Errc::schema_violation);
  CHECK(r->increment("headcount", hc, "count", 0).code() == Errc::invalid_argument);
  CHECK(r->increment("headcount", hc, "count", 1000000).code() == Errc::too_large);
}

TEST_CASE("Invalid writes name the record and the field and write nothing") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string person = must(r->create("attendance", attendance_fields(meeting)));
  const auto before = state_of(*r);
  const auto drafts_before = must(r->info())["drafts"];

  SECTION("a value of the wrong type") {
    auto s = r->update("attendance", person, {{"consent", "oui"}});
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == Errc::schema_violation);
    CHECK(s.error().record == "attendance/" + person);
    CHECK(s.error().field == "consent");
  }
  SECTION("an unknown field") {
    auto s = r->update("attendance", person, {{"shoe_size", 42}});
    CHECK(s.code() == Errc::unknown_field);
    CHECK(s.error().field == "shoe_size");
    CHECK(s.error().record == "attendance/" + person);
  }
  SECTION("an immutable field") {
    auto s = r->update("attendance", person, {{"meeting", new_uuid_v7()}});
    CHECK(s.code() == Errc::schema_violation);
    CHECK(s.error().field == "meeting");
  }
  SECTION("a required field removed") {
    auto s = r->update("attendance", person, {{"actor_type", nullptr}});
    CHECK(s.code() == Errc::schema_violation);
  }
  SECTION("a create missing a required field") {
    auto fields = attendance_fields(meeting);
    fields.erase("consent");
    auto s = r->create("attendance", fields);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == Errc::schema_violation);
    CHECK(s.error().record.rfind("attendance/", 0) == 0);
  }
  SECTION("an unknown collection") {
    CHECK(r->create("shoes", {{"size", 42}}).error().code == Errc::unknown_collection);
  }
  SECTION("a missing record") {
    auto id = new_uuid_v7();
    auto s = r->update("attendance", id, {{"role", "participant"}});
    CHECK(s.code() == Errc::not_found);
    CHECK(s.error().record == "attendance/" + id);
  }
  SECTION("a text over the size limit") {
    auto s = r->create("contribution", {{"meeting", meeting}, {"text", std::string(50000, 'a')}});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().field == "text");
  }
  CHECK(state_of(*r) == before);
  CHECK(must(r->info())["drafts"] == drafts_before);
}

TEST_CASE("Queries filter by field value and search without case or accents") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  must(r->create("attendance", attendance_fields(meeting, "Hélène Dupré")));
  must(r->create("attendance", attendance_fields(meeting, "Jean Martin")));
  auto third = attendance_fields(meeting, "Zoé Lefèvre");
  third["actor_type"] = "ars";
  must(r->create("attendance", third));

  Query by_actor;
  by_actor.where = {{"actor_type", "mdph"}};
  CHECK(must(r->query("attendance", by_actor)).size() == 2);

  Query by_name;
  by_name.search = {{"display_name", "HELENE"}};
  auto found = must(r->query("attendance", by_name));
  REQUIRE(found.size() == 1);
  CHECK(found[0]["display_name"] == "Hélène Dupré");

  Query by_personal_value;
  by_personal_value.where = {{"display_name", "Jean Martin"}};
  CHECK(must(r->query("attendance", by_personal_value)).size() == 1);

  Query ordered;
  ordered.order_by = "-display_name";
  ordered.limit = 2;
  auto rows = must(r->query("attendance", ordered));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["display_name"] == "Zoé Lefèvre");
  CHECK(rows[1]["display_name"] == "Jean Martin");

  Query bad;
  bad.where = {{"nope", 1}};
  CHECK(r->query("attendance", bad).error().code == Errc::unknown_field);

  auto parsed = Query::from_json(nlohmann::json::parse(
      R"({"where": {"actor_type": "ars"}, "search": {"display_name": "lefevre"}, "limit": 5})"));
  REQUIRE(parsed.ok());
  CHECK(must(r->query("attendance", *parsed)).size() == 1);
  CHECK(Query::from_json(nlohmann::json::parse(R"({"sort": 1})")).error().code == Errc::malformed);
}

TEST_CASE("Personal values never appear in clear in the replica's files") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  {
    auto r = open_replica(path);
    const std::string meeting = must(r->create("meeting", meeting_fields()));
    must(r->create("attendance", attendance_fields(meeting, "Bérénice Quintaverde")));
    auto person = must(r->create("attendance", attendance_fields(meeting, "Octave Zanzibarre")));
    must(r->update("attendance", person, {{"display_name", "Octave Zanzibarre-Lemoine"}}));
    must(r->seal());
    CHECK(must(r->get("attendance", person))["display_name"] == "Octave Zanzibarre-Lemoine");
  }
  const std::string bytes = file_bytes(path) + file_bytes(path + "-wal");
  CHECK(bytes.find("Quintaverde") == std::string::npos);
  CHECK(bytes.find("Zanzibarre") == std::string::npos);
  // Non-personal fields are in clear (queries use them).
  CHECK(bytes.find("MDPH du Nord") != std::string::npos);
}

TEST_CASE("A replica file does not open with another replica's keys") {
  TempDir dir;
  { auto a = open_replica(dir.file("a.db")); }
  { auto b = open_replica(dir.file("b.db")); }
  std::filesystem::copy_file(dir.file("b.db.key"), dir.file("a.db.key"),
                             std::filesystem::copy_options::overwrite_existing);
  auto r = Replica::open(dir.file("a.db"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::io);
}

TEST_CASE("A replica file without its key file is refused with a clear error") {
  TempDir dir;
  { auto a = open_replica(dir.file("a.db")); }
  std::filesystem::remove(dir.file("a.db.key"));
  auto r = Replica::open(dir.file("a.db"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::io);
  CHECK(r.error().message.find("key") != std::string::npos);
}

TEST_CASE("Concurrent writers on one replica are serialised") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const std::string hc =
      must(r->create("headcount", {{"meeting", meeting}, {"label", "Plénière"}}));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) must(r->increment("headcount", hc, "count", 1));
    });
  std::thread sealer([&] {
    for (int i = 0; i < 10; ++i) must(r->seal());
  });
  for (auto& t : threads) t.join();
  sealer.join();
  CHECK(must(r->get("headcount", hc))["count"] == 100);
}

TEST_CASE("Once enrolled, a replica writes only what its role may write") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  ServerInfo info;
  info.url = "https://terrain.example.org";
  info.public_key = generate_keypair().public_key;
  info.epoch = "e1";
  info.role = "evaluator";
  info.scope = {{"meetings", {meeting}}};
  REQUIRE(r->set_server_info(info).ok());
  const auto before = state_of(*r);
  auto refused = r->create("attendance", attendance_fields(meeting));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::out_of_scope);
  CHECK(refused.error().message.find("evaluator") != std::string::npos);
  CHECK(state_of(*r) == before);
  const std::string grid =
      must(r->create("evaluation", terrain::test::evaluation_grid_fields(meeting)));
  CHECK(must(r->get("evaluation", grid))["evaluator_name"] == "Sophie Bernard");
}

TEST_CASE("Answers are checked against their questionnaire on create and on every edit") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string meeting = must(r->create("meeting", meeting_fields()));
  const nlohmann::json grid = terrain::test::evaluation_grid_fields(meeting);
  const std::string id = must(r->create("evaluation", grid));
  const auto before = state_of(*r);
  auto answers = grid["answers"];
  answers["objectifs_atteints"] = "a_moitie";  // not an option of the grid
  auto bad = r->update("evaluation", id, {{"answers", answers}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::schema_violation);
  CHECK(bad.error().field == "answers");
  CHECK(state_of(*r) == before);
  answers["objectifs_atteints"] = "totalement";
  must(r->update("evaluation", id, {{"answers", answers}}));
  CHECK(must(r->get("evaluation", id))["answers"]["objectifs_atteints"] == "totalement");

  SECTION("a questionnaire version published centrally is known once received") {
    nlohmann::json def = *SchemaRegistry::embedded().document(
        "questionnaires/satisfaction-rencontre-territoriale-v1.json");
    def["version"] = 2;
    nlohmann::json feedback = {
        {"meeting", meeting},
        {"questionnaire_id", "satisfaction-rencontre-territoriale"},
        {"questionnaire_version", 2},
        {"answers", {{"satisfaction_globale", "satisfait"}, {"participer_a_nouveau", true}}}};
    auto unknown = r->create("feedback_response", feedback);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().field == "questionnaire_id");
    must(r->create("questionnaire", {{"questionnaire_id", "satisfaction-rencontre-territoriale"},
                                     {"version", 2},
                                     {"definition", def}}));
    must(r->create("feedback_response", feedback));
  }
}
