// Pulling: scope, pages and cursors, epochs, retractions and redactions.
#include <catch2/catch.hpp>

#include <set>

#include "fixture.h"

using namespace terrain;
using namespace terrain::test;

namespace {

// Verifies every change set of a page with the keys it came with; returns them.
std::vector<ChangeSet> verified_change_sets(const nlohmann::json& page) {
  std::vector<ChangeSet> out;
  for (const auto& e : page["entries"]) {
    if (e["kind"] != "change_set") continue;
    auto scs = envelope_from_json(e["change_set"], Limits{});
    REQUIRE(scs.ok());
    auto key = public_key_from_hex(page["keys"][e["device"].get<std::string>()].get<std::string>());
    REQUIRE(key.ok());
    auto cs = verify_and_parse(*scs, *key, Limits{});
    INFO(e.dump());
    REQUIRE(cs.ok());
    out.push_back(*cs);
  }
  return out;
}

std::vector<std::string> kinds(const nlohmann::json& page) {
  std::vector<std::string> out;
  for (const auto& e : page["entries"]) out.push_back(e["kind"]);
  return out;
}

}  // namespace

TEST_CASE("A device pulls the other devices' change sets of its scope, with their keys",
          "[server][pull]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string other = f.new_meeting();
  auto a = f.facilitator({meeting});
  auto b = f.facilitator({meeting});
  auto c = f.facilitator({other});
  REQUIRE(a->push(a->check_in(meeting, new_uuid_v7(), "Alix")).status == 200);
  REQUIRE(c->push(c->check_in(other, new_uuid_v7(), "Chris")).status == 200);
  REQUIRE(b->push(b->check_in(meeting, new_uuid_v7(), "Bea")).status == 200);

  auto page = b->pull();
  INFO(page.body);
  REQUIRE(page.status == 200);
  auto sets = verified_change_sets(page.json);
  REQUIRE(sets.size() == 2);  // the meeting (server) and A's check-in; not B's own, not C's
  std::set<std::string> authors;
  for (const auto& s : sets) authors.insert(s.device);
  CHECK(authors.count(a->id) == 1);
  CHECK(authors.count(b->id) == 0);
  CHECK(authors.count(c->id) == 0);
  CHECK(page.json["more"] == false);
  CHECK(page.json["epoch"] == b->epoch);
  CHECK(page.json["cursor"] == b->epoch + ":" + std::to_string(page.json["head"].get<int>()));

  SECTION("pulling again from the cursor gives nothing new") {
    auto again = b->pull(page.json["cursor"]);
    CHECK(again.json["entries"].empty());
    CHECK(again.json["cursor"] == page.json["cursor"]);
  }
  SECTION("the device's own status tells its last seq and the log head") {
    auto status = b->request("GET", "/v1/device", "");
    CHECK(status.json["last_seq"] == 1);
    CHECK(status.json["head"] == page.json["head"]);
  }
}

TEST_CASE("Pages resume from their cursor and never skip an entry", "[server][pull]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto a = f.facilitator({meeting});
  auto b = f.facilitator({meeting});
  for (int i = 0; i < 7; ++i)
    REQUIRE(a->push(a->check_in(meeting, new_uuid_v7(), "P" + std::to_string(i))).status == 200);

  std::string cursor;
  std::vector<std::uint64_t> positions;
  for (int pages = 0; pages < 20; ++pages) {
    auto page = b->pull(cursor, 3);
    REQUIRE(page.status == 200);
    for (const auto& e : page.json["entries"]) positions.push_back(e["position"]);
    CHECK(page.json["entries"].size() <= 3);
    cursor = page.json["cursor"];
    if (!page.json["more"].get<bool>()) break;
  }
  CHECK(positions == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("A cursor from another epoch is an epoch_mismatch naming what the server has",
          "[server][pull]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto a = f.facilitator({meeting});
  REQUIRE(a->push(a->check_in(meeting, new_uuid_v7(), "Alix")).status == 200);
  auto r = a->pull("0000-lost-future:42");
  CHECK(r.status == 409);
  CHECK(r.code() == "epoch_mismatch");
  CHECK(r.json["error"]["epoch"] == a->epoch);
  CHECK(r.json["error"]["last_seq"] == 1);
  auto beyond = a->pull(a->epoch + ":999");
  CHECK(beyond.code() == "epoch_mismatch");
  auto push = a->push(a->check_in(meeting, new_uuid_v7(), "Bo"), {{"X-Terrain-Epoch", "other"}});
  CHECK(push.code() == "epoch_mismatch");
  CHECK(push.json["error"]["last_seq"] == 1);
  CHECK(a->pull("not-a-cursor").code() == "invalid_argument");
}

TEST_CASE("Revoking a lost tablet withdraws its later changes everywhere", "[server][revocation]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto lost = f.facilitator({meeting});
  auto b = f.facilitator({meeting});
  std::vector<std::string> people;
  for (int i = 0; i < 3; ++i) {
    people.push_back(new_uuid_v7());
    REQUIRE(lost->push(lost->check_in(meeting, people.back(), "N" + std::to_string(i))).status ==
            200);
  }
  auto before = b->pull();
  REQUIRE(verified_change_sets(before.json).size() == 4);

  auto r = f.admin->post("/admin/devices/" + lost->id + "/revoke", {{"after_seq", 1}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["withdrawn_change_sets"] == 2);

  // The server's state keeps seq 1 only.
  CHECK(f.admin->get("/admin/records/attendance/" + people[0]).status == 200);
  CHECK(f.admin->get("/admin/records/attendance/" + people[1]).json["_deleted"] == true);
  CHECK(f.admin->get("/admin/quarantine").json["change_sets"].size() == 2);

  // B receives a retraction signed by the server.
  auto after = b->pull(before.json["cursor"]);
  REQUIRE(kinds(after.json) == std::vector<std::string>{"retraction"});
  const auto& e = after.json["entries"][0];
  auto sig = from_base64(e["sig"].get<std::string>());
  REQUIRE(sig);
  Signature s{};
  std::memcpy(s.data(), sig->data(), s.size());
  CHECK(verify(b->server_key, kRetractionContext, e["body"].get<std::string>(), s));
  auto notice = nlohmann::json::parse(e["body"].get<std::string>());
  CHECK(notice["device"] == lost->id);
  CHECK(notice["after_seq"] == 1);

  // A device pulling from scratch never sees the withdrawn change sets.
  auto fresh = f.facilitator({meeting});
  auto all = fresh->pull();
  CHECK(verified_change_sets(all.json).size() == 2);
  CHECK(kinds(all.json).back() == "retraction");

  // The lost tablet can do nothing more.
  CHECK(lost->push(lost->check_in(meeting, new_uuid_v7(), "X")).code() == "device_revoked");
  CHECK(lost->pull().code() == "device_revoked");
  CHECK(lost->enrol(f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}})).code() ==
        "device_revoked");
  CHECK(f.admin->post("/admin/devices/" + lost->id + "/revoke", nlohmann::json::object()).code() ==
        "conflict");
  auto released = f.admin->post(
      "/admin/quarantine/" +
          f.admin->get("/admin/quarantine").json["change_sets"][0]["hash"].get<std::string>() +
          "/release",
      nlohmann::json::object());
  CHECK(released.code() == "conflict");
}

TEST_CASE("Erasing a name drops it from stored change sets, which still verify",
          "[server][erasure]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto a = f.facilitator({meeting});
  auto b = f.facilitator({meeting});
  std::string person = new_uuid_v7();
  REQUIRE(a->push(a->check_in(meeting, person, "Dominique Lefèvre")).status == 200);
  auto first = b->pull();

  auto r = f.admin->post("/admin/redactions",
                         {{"collection", "attendance"}, {"id", person}, {"field", "display_name"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  REQUIRE(r.json["value_hashes"].size() == 1);
  std::string hash = r.json["value_hashes"][0];

  auto record = f.admin->get("/admin/records/attendance/" + person).json;
  CHECK(record["display_name"].is_null());
  CHECK(record["_redacted"] == nlohmann::json::array({"display_name"}));

  // A new device gets the change set without the value; it still verifies.
  auto fresh = f.facilitator({meeting});
  auto page = fresh->pull();
  CHECK(page.body.find("Dominique") == std::string::npos);
  auto sets = verified_change_sets(page.json);
  CHECK(sets.size() == 2);
  // Every device gets the redaction notice.
  auto notice_page = b->pull(first.json["cursor"]);
  REQUIRE(kinds(notice_page.json) == std::vector<std::string>{"redaction"});
  auto notice = nlohmann::json::parse(notice_page.json["entries"][0]["body"].get<std::string>());
  CHECK(notice["value_hashes"][0] == hash);
  CHECK(notice_page.body.find("Dominique") == std::string::npos);

  CHECK(f.admin
            ->post("/admin/redactions",
                   {{"collection", "attendance"}, {"id", person}, {"field", "organisation"}})
            .code() == "not_found");
  CHECK(f.server.log().find("Dominique") == std::string::npos);
}

TEST_CASE("A cycle-scoped device pulls the meetings of its cycle only, and global data",
          "[server][pull][scope]") {
  ServerFixture f;
  std::string in_cycle = f.new_meeting("Rencontres territoriales 2024");
  std::string other_cycle = f.new_meeting("Webinaires 2024");
  // A questionnaire: global reference data, for every device.
  const nlohmann::json* definition = SchemaRegistry::embedded().document(
      "questionnaires/satisfaction-rencontre-territoriale-v1.json");
  REQUIRE(definition != nullptr);
  auto questionnaire =
      f.admin->post("/admin/changes", {{"meeting", "global"},
                                       {"changes",
                                        {{{"op", "create"},
                                          {"collection", "questionnaire"},
                                          {"fields",
                                           {{"questionnaire_id", (*definition)["id"]},
                                            {"version", (*definition)["version"]},
                                            {"definition", *definition}}}}}}});
  INFO(questionnaire.body);
  REQUIRE(questionnaire.status == 201);
  auto tablet = f.enrolled({{"cycle", "Rencontres territoriales 2024"}});
  auto page = tablet->pull();
  REQUIRE(page.status == 200);
  std::set<std::string> meetings;
  for (const auto& cs : verified_change_sets(page.json)) meetings.insert(cs.meeting);
  CHECK(meetings.count(in_cycle) == 1);
  CHECK(meetings.count(other_cycle) == 0);
  CHECK(meetings.count("global") == 1);
}
