// Central changes and conflict review; server-side convergence.
#include <catch2/catch.hpp>

#include "fixture.h"

using namespace terrain;
using namespace terrain::test;

TEST_CASE("Central changes are change sets signed by the server and pulled by devices",
          "[server][central]") {
  ServerFixture f;
  std::string meeting = new_uuid_v7();
  f.admin->create_meeting(meeting);
  auto tablet = f.facilitator({meeting});
  auto r = f.admin->post("/admin/changes", {{"meeting", meeting},
                                            {"changes",
                                             {{{"op", "set"},
                                               {"collection", "meeting"},
                                               {"id", meeting},
                                               {"fields", {{"status", "en_cours"}}}}}}});
  INFO(r.body);
  REQUIRE(r.status == 201);
  CHECK(r.json["seq"] == 2);
  CHECK(f.admin->get("/admin/records/meeting/" + meeting).json["status"] == "en_cours");

  auto page = tablet->pull();
  REQUIRE(page.json["entries"].size() == 2);
  std::string server_id = page.json["entries"][0]["device"];
  auto key = public_key_from_hex(page.json["keys"][server_id].get<std::string>());
  REQUIRE(key.ok());
  CHECK(*key == tablet->server_key);

  SECTION("invalid central changes are refused, not quarantined") {
    auto bad = f.admin->post("/admin/changes", {{"meeting", meeting},
                                                {"changes",
                                                 {{{"op", "set"},
                                                   {"collection", "meeting"},
                                                   {"id", meeting},
                                                   {"fields", {{"status", "on_the_moon"}}}}}}});
    CHECK(bad.status == 422);
    CHECK(bad.code() == "schema_violation");
    CHECK(f.admin->get("/admin/quarantine").json["change_sets"].empty());
    auto unknown = f.admin->post(
        "/admin/changes",
        {{"meeting", meeting},
         {"changes",
          {{{"op", "set"}, {"collection", "nope"}, {"id", meeting}, {"fields", {{"a", 1}}}}}}});
    CHECK(unknown.code() == "unknown_collection");
    CHECK(f.admin->post("/admin/changes", {{"meeting", "x"}, {"changes", nlohmann::json::array()}})
              .code() == "invalid_argument");
  }
}

namespace {

// Device A creates a meeting and a participant (seq 1) then edits the participant's
// organisation (seq 2); device B, which saw seq 1, edits the same field (seq 1).
struct ConcurrentEdit {
  std::string meeting = new_uuid_v7();
  std::string person = new_uuid_v7();
  KeyPair a_keys = generate_keypair();
  KeyPair b_keys = generate_keypair();
  std::vector<SignedChangeSet> a_sets, b_sets;

  explicit ConcurrentEdit(const std::string& url) {
    RawDevice a(url, a_keys), b(url, b_keys);
    DetachedValues v1;
    auto m = a.write(Op::create, "meeting", meeting, meeting_fields(), v1);
    auto p = a.write(Op::create, "attendance", person, attendee_fields(meeting, "Camille"), v1);
    a_sets.push_back(a.next({m, p}, v1, meeting));
    DetachedValues v2;
    auto a_edit =
        a.write(Op::set, "attendance", person, {{"organisation", "ARS Bretagne"}}, v2, 1, p.t);
    a_sets.push_back(a.next({a_edit}, v2, meeting));
    b.clock().observe(p.t);
    DetachedValues v3;
    auto b_edit =
        b.write(Op::set, "attendance", person, {{"organisation", "CD du Finistère"}}, v3, 1, p.t);
    b_sets.push_back(b.next({b_edit}, v3, meeting));
  }
};

std::unique_ptr<RawDevice> enrol_with(ServerFixture& f, const KeyPair& keys) {
  auto d = std::make_unique<RawDevice>(f.server.url(), keys);
  auto r = d->enrol(
      f.admin->enrolment_code("facilitator", {{"cycle", "Rencontres territoriales 2024"}}));
  REQUIRE(r.status == 200);
  return d;
}

}  // namespace

TEST_CASE("Concurrent edits merge to the same state in every push order, conflict kept",
          "[server][merge]") {
  ServerFixture first, second;
  ConcurrentEdit edit(first.server.url());
  auto a1 = enrol_with(first, edit.a_keys), b1 = enrol_with(first, edit.b_keys);
  auto a2 = enrol_with(second, edit.a_keys), b2 = enrol_with(second, edit.b_keys);

  // First server: A1 A2 B1. Second: A1 B1 A2.
  REQUIRE(a1->push(edit.a_sets[0]).status == 200);
  REQUIRE(a1->push(edit.a_sets[1]).status == 200);
  REQUIRE(b1->push(edit.b_sets[0]).status == 200);
  REQUIRE(a2->push(edit.a_sets[0]).status == 200);
  REQUIRE(b2->push(edit.b_sets[0]).status == 200);
  REQUIRE(a2->push(edit.a_sets[1]).status == 200);

  auto one = first.admin->records(edit.meeting);
  auto two = second.admin->records(edit.meeting);
  CHECK(one == two);
  auto person = first.admin->get("/admin/records/attendance/" + edit.person).json;
  REQUIRE(person["_conflicts"].size() == 1);
  CHECK(person["_conflicts"][0]["kind"] == "concurrent_edit");
  CHECK(first.admin->get("/admin/conflicts").json["conflicts"].size() == 1);
  CHECK(first.admin->device(a1->id)["pending_conflicts"] == 1);

  SECTION("an administrator resolves the conflict with a signed central change") {
    std::string loser = person["_conflicts"][0]["loser"]["version"];
    auto r = first.admin->post("/admin/changes", {{"meeting", edit.meeting},
                                                  {"changes",
                                                   {{{"op", "resolve"},
                                                     {"collection", "attendance"},
                                                     {"id", edit.person},
                                                     {"versions", {loser}}}}}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(first.admin->get("/admin/records/attendance/" + edit.person).json["_conflicts"].empty());
    CHECK(first.admin->get("/admin/conflicts").json["conflicts"].empty());
  }
}

TEST_CASE("Answers to a questionnaire published centrally are checked against it",
          "[server][central][questionnaire]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  // Version 2 of the satisfaction questionnaire is not in the embedded bundle: the
  // CNSA publishes it as a `questionnaire` record, with one extra yes/no question.
  nlohmann::json def = {
      {"format", 1},
      {"id", "satisfaction-rencontre-territoriale"},
      {"version", 2},
      {"title", {{"fr", "Questionnaire de satisfaction v2"}, {"en", "Satisfaction v2"}}},
      {"audience", "participants"},
      {"anonymous", true},
      {"questions",
       {{{"id", "satisfaction_globale"},
         {"type", "scale"},
         {"label", {{"fr", "Globalement, êtes-vous satisfait ?"}, {"en", "Overall?"}}},
         {"required", true},
         {"options",
          {{{"code", "satisfait"},
            {"score", 2},
            {"label", {{"fr", "Satisfait"}, {"en", "Satisfied"}}}},
           {{"code", "peu_satisfait"},
            {"score", 1},
            {"label", {{"fr", "Peu satisfait"}, {"en", "Not very satisfied"}}}}}}},
        {{"id", "transport"},
         {"type", "yes_no"},
         {"label", {{"fr", "Êtes-vous venu en transports ?"}, {"en", "Public transport?"}}}}}}};
  auto pub = f.admin->post("/admin/changes",
                           {{"meeting", "global"},
                            {"changes",
                             {{{"op", "create"},
                               {"collection", "questionnaire"},
                               {"fields",
                                {{"questionnaire_id", "satisfaction-rencontre-territoriale"},
                                 {"version", 2},
                                 {"definition", def}}}}}}});
  INFO(pub.body);
  REQUIRE(pub.status == 201);

  std::string last_id;
  auto answer = [&](nlohmann::json answers) {
    DetachedValues v;
    last_id = new_uuid_v7();
    nlohmann::json fields = {{"meeting", meeting},
                             {"questionnaire_id", "satisfaction-rencontre-territoriale"},
                             {"questionnaire_version", 2},
                             {"answers", std::move(answers)}};
    auto w = tablet->write(Op::create, "feedback_response", last_id, fields, v);
    return tablet->receipt(tablet->push(tablet->next({w}, v, meeting)));
  };
  // Valid for version 2 (its new question included): accepted.
  Receipt ok = answer({{"satisfaction_globale", "satisfait"}, {"transport", true}});
  CHECK(ok.outcome == Outcome::accepted);
  const std::string ok_id = last_id;
  // An option version 2 does not have: quarantined as a schema violation.
  Receipt bad = answer({{"satisfaction_globale", "tres_satisfait"}});
  CHECK(bad.outcome == Outcome::quarantined);
  CHECK(bad.reason == "schema_violation");
  // An edit of the accepted answers is checked against version 2 as well.
  {
    DetachedValues v;
    auto w = tablet->write(Op::set, "feedback_response", ok_id,
                           {{"answers", {{"satisfaction_globale", "tres_satisfait"}}}}, v, 1);
    Receipt edit = tablet->receipt(tablet->push(tablet->next({w}, v, meeting)));
    CHECK(edit.outcome == Outcome::quarantined);
    CHECK(edit.reason == "schema_violation");
    DetachedValues v2;
    auto fine = tablet->write(Op::set, "feedback_response", ok_id,
                              {{"answers", {{"satisfaction_globale", "peu_satisfait"}}}}, v2, 1);
    CHECK(tablet->receipt(tablet->push(tablet->next({fine}, v2, meeting))).outcome ==
          Outcome::accepted);
  }
  // An unpublished version stays unknown.
  DetachedValues v;
  auto w = tablet->write(Op::create, "feedback_response", new_uuid_v7(),
                         {{"meeting", meeting},
                          {"questionnaire_id", "satisfaction-rencontre-territoriale"},
                          {"questionnaire_version", 3},
                          {"answers", {{"satisfaction_globale", "satisfait"}}}},
                         v);
  CHECK(tablet->receipt(tablet->push(tablet->next({w}, v, meeting))).outcome ==
        Outcome::quarantined);
}
