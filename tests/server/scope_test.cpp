// Scope decided on stored state, never on what the writer claims (issue 19, part 1):
// the breach seen from outside, and each rule of devices/scope.h over the real server.
#include <catch2/catch.hpp>

#include "fixture.h"
#include "sample_grid.h"

using namespace terrain;
using namespace terrain::test;

namespace {

const std::string kCycle1 = "Rencontres territoriales 2024";
const std::string kCycle2 = "Journées nationales 2024";

nlohmann::json meeting_without_cycle() {
  nlohmann::json f = meeting_fields();
  f.erase("cycle");
  return f;
}

// Every page the device can pull from the start.
std::vector<Response> pull_all(RawDevice& d) {
  std::vector<Response> pages;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    auto r = d.pull(cursor);
    INFO(r.body);
    REQUIRE(r.status == 200);
    cursor = r.json["cursor"].get<std::string>();
    const bool more = r.json["more"].get<bool>();
    pages.push_back(std::move(r));
    if (!more) break;
  }
  return pages;
}

// Everything the device can pull, as one text (entries and keys).
std::string pulled_text(RawDevice& d) {
  std::string all;
  for (const auto& r : pull_all(d)) all += r.body;
  return all;
}

// The meetings of the change sets the device pulls.
std::set<std::string> pulled_meetings(RawDevice& d) {
  std::set<std::string> out;
  for (const auto& r : pull_all(d))
    for (const auto& e : r.json["entries"])
      if (e["kind"] == "change_set")
        out.insert(nlohmann::json::parse(e["change_set"]["body"].get<std::string>())["meeting"]
                       .get<std::string>());
  return out;
}

Receipt push_one(RawDevice& d, Op op, const std::string& collection, const std::string& id,
                 const nlohmann::json& fields, const std::string& meeting, std::uint32_t cl = 1) {
  DetachedValues v;
  auto c = d.write(op, collection, id, fields, v, cl);
  auto r = d.push(d.next({c}, v, meeting));
  INFO(r.body);
  REQUIRE(r.status == 200);
  return d.receipt(r);
}

nlohmann::json meeting_record(ServerFixture& f, const std::string& meeting) {
  for (const auto& rec : f.admin->records(meeting))
    if (rec["_collection"] == "meeting") return rec;
  return nullptr;
}

}  // namespace

TEST_CASE("A device cannot move a meeting into its cycle to read its participants' names",
          "[server][scope][regression]") {
  ServerFixture f;
  const std::string meeting = new_uuid_v7();
  // A tablet scoped to that one meeting creates it without a cycle and checks in a
  // participant.
  auto owner = f.facilitator({meeting});
  CHECK(
      push_one(*owner, Op::create, "meeting", meeting, meeting_without_cycle(), meeting).outcome ==
      Outcome::accepted);
  CHECK(owner->receipt(owner->push(owner->check_in(meeting, new_uuid_v7(), "Camille Fournier")))
            .outcome == Outcome::accepted);

  // A tablet of cycle 2 sets the meeting's cycle (and its title): held back, out of scope.
  auto intruder = f.enrolled({{"cycle", kCycle2}});
  Receipt moved = push_one(*intruder, Op::set, "meeting", meeting,
                           {{"cycle", kCycle2}, {"title", "Rencontre reprise"}}, meeting);
  CHECK(moved.outcome == Outcome::quarantined);
  CHECK(moved.reason == "out_of_scope");
  CHECK(moved.position == 0);
  // Nor can it claim the meeting by creating it again in its cycle.
  Receipt claimed =
      push_one(*intruder, Op::create, "meeting", meeting, meeting_fields(kCycle2), meeting);
  CHECK(claimed.outcome == Outcome::quarantined);
  CHECK(claimed.reason == "out_of_scope");

  // The meeting keeps no cycle; the intruder pulls nothing of it, no name.
  CHECK_FALSE(meeting_record(f, meeting).contains("cycle"));
  CHECK(meeting_record(f, meeting)["title"] == "Rencontre territoriale");
  std::string seen = pulled_text(*intruder);
  CHECK(seen.find("Camille") == std::string::npos);
  CHECK(pulled_meetings(*intruder).count(meeting) == 0);

  // The owner, which lists the meeting, may not give it a cycle either: the fields
  // that decide who may read change centrally only.
  Receipt own = push_one(*owner, Op::set, "meeting", meeting, {{"cycle", kCycle2}}, meeting);
  CHECK(own.outcome == Outcome::quarantined);
  CHECK(own.reason == "out_of_scope");
  CHECK(pulled_text(*intruder).find("Camille") == std::string::npos);

  SECTION("a central change of the cycle is taken, logged, and decides who reads") {
    auto r = f.admin->post("/admin/changes", {{"meeting", meeting},
                                              {"changes",
                                               {{{"op", "set"},
                                                 {"collection", "meeting"},
                                                 {"id", meeting},
                                                 {"fields", {{"cycle", kCycle2}}}}}}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(meeting_record(f, meeting)["cycle"] == kCycle2);
    CHECK(pulled_text(*intruder).find("Camille") != std::string::npos);
    CHECK(f.server.log().find("central_change_set") != std::string::npos);
  }
}

TEST_CASE("A write that would leave a stored meeting's cycle changed is out of scope",
          "[server][scope]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting(kCycle1);
  auto tablet = f.enrolled({{"cycle", kCycle1}});
  auto other_cycle = f.enrolled({{"cycle", kCycle2}});

  // A no-op write of the cycle and a change of title are fine.
  CHECK(push_one(*tablet, Op::set, "meeting", meeting, {{"cycle", kCycle1}, {"title", "Lyon"}},
                 meeting)
            .outcome == Outcome::accepted);
  // A change of cycle is not, even towards a cycle of no device.
  Receipt moved = push_one(*tablet, Op::set, "meeting", meeting, {{"cycle", "Ailleurs"}}, meeting);
  CHECK(moved.outcome == Outcome::quarantined);
  CHECK(moved.reason == "out_of_scope");
  CHECK(moved.message.find("centrally") != std::string::npos);
  // Nor its removal (a set to null).
  Receipt removed =
      push_one(*tablet, Op::set, "meeting", meeting, nlohmann::json{{"cycle", nullptr}}, meeting);
  CHECK(removed.outcome == Outcome::quarantined);

  // A delete keeps the cycle: a re-creation in another cycle is refused, in the same
  // cycle it is taken.
  CHECK(push_one(*tablet, Op::del, "meeting", meeting, nlohmann::json::object(), meeting, 2)
            .outcome == Outcome::accepted);
  Receipt elsewhere =
      push_one(*tablet, Op::create, "meeting", meeting, meeting_fields(kCycle2), meeting, 3);
  CHECK(elsewhere.outcome == Outcome::quarantined);
  CHECK(elsewhere.reason == "out_of_scope");
  Receipt without =
      push_one(*tablet, Op::create, "meeting", meeting, meeting_without_cycle(), meeting, 3);
  CHECK(without.outcome == Outcome::quarantined);
  CHECK(push_one(*tablet, Op::create, "meeting", meeting, meeting_fields(kCycle1), meeting, 3)
            .outcome == Outcome::accepted);
  CHECK(meeting_record(f, meeting)["cycle"] == kCycle1);
  // A title written after a delete without re-creating would leave the meeting
  // without its cycle (only the newest life's fields are shown): out of scope.
  CHECK(push_one(*tablet, Op::del, "meeting", meeting, nlohmann::json::object(), meeting, 4)
            .outcome == Outcome::accepted);
  CHECK(push_one(*tablet, Op::set, "meeting", meeting, {{"title", "Sans cycle"}}, meeting, 5)
            .reason == "out_of_scope");
  CHECK(pulled_meetings(*other_cycle).count(meeting) == 0);
}

TEST_CASE("A record stays in the meeting it was created in", "[server][scope]") {
  ServerFixture f;
  const std::string first = f.new_meeting(kCycle1);
  const std::string second = f.new_meeting(kCycle1);
  auto a = f.facilitator({first});
  auto b = f.facilitator({second});
  const std::string person = new_uuid_v7();
  CHECK(a->receipt(a->push(a->check_in(first, person, "Alix Moreau"))).outcome ==
        Outcome::accepted);

  // Re-created under the same id in the other meeting: held back, naming the record.
  Receipt recreated = b->receipt(b->push(b->check_in(second, person, "Bastien Roux")));
  CHECK(recreated.outcome == Outcome::quarantined);
  CHECK(recreated.reason == "out_of_scope");
  CHECK(recreated.message.find("another meeting") != std::string::npos);
  // A set of its name from the other meeting: the same.
  Receipt renamed =
      push_one(*b, Op::set, "attendance", person, {{"display_name", "Bastien Roux"}}, second);
  CHECK(renamed.outcome == Outcome::quarantined);
  CHECK(renamed.reason == "out_of_scope");

  auto stored = f.admin->get("/admin/records/attendance/" + person);
  REQUIRE(stored.status == 200);
  CHECK(stored.body.find("Bastien") == std::string::npos);
  CHECK(pulled_text(*b).find("Alix") == std::string::npos);
  CHECK(pulled_text(*a).find("Bastien") == std::string::npos);
}

TEST_CASE("A cycle-scoped device claims only a meeting no other device wrote to",
          "[server][scope]") {
  ServerFixture f;
  const std::string meeting = new_uuid_v7();
  auto owner = f.facilitator({meeting});
  auto cycle = f.enrolled({{"cycle", kCycle1}});
  // The listing device writes to the meeting before anyone created it.
  CHECK(owner->receipt(owner->push(owner->check_in(meeting, new_uuid_v7(), "Dominique Petit")))
            .outcome == Outcome::accepted);
  // A cycle device cannot write to a meeting the server does not know...
  CHECK(cycle->receipt(cycle->push(cycle->check_in(meeting, new_uuid_v7(), "X"))).reason ==
        "out_of_scope");
  // ...nor create it in its cycle, since it already holds another device's data.
  Receipt claim =
      push_one(*cycle, Op::create, "meeting", meeting, meeting_fields(kCycle1), meeting);
  CHECK(claim.outcome == Outcome::quarantined);
  CHECK(claim.message.find("other devices") != std::string::npos);
  // The listing device itself cannot give it a cycle for the same reason...
  auto second = f.facilitator({meeting});
  CHECK(second->receipt(second->push(second->check_in(meeting, new_uuid_v7(), "Eve"))).outcome ==
        Outcome::accepted);
  CHECK(push_one(*owner, Op::create, "meeting", meeting, meeting_fields(kCycle1), meeting).reason ==
        "out_of_scope");
  // ...but may create it without one.
  CHECK(
      push_one(*owner, Op::create, "meeting", meeting, meeting_without_cycle(), meeting).outcome ==
      Outcome::accepted);
  CHECK(pulled_text(*cycle).find("Dominique") == std::string::npos);

  // A fresh meeting of its cycle, created by the cycle device, is its own.
  const std::string fresh = new_uuid_v7();
  CHECK(push_one(*cycle, Op::create, "meeting", fresh, meeting_fields(kCycle1), fresh).outcome ==
        Outcome::accepted);
  CHECK(cycle->receipt(cycle->push(cycle->check_in(fresh, new_uuid_v7(), "Fatou"))).outcome ==
        Outcome::accepted);
}

TEST_CASE("A write outside the role or into central data is out_of_scope before any schema error",
          "[server][scope][roles]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting(kCycle1);
  auto evaluator = f.enrolled({{"meetings", {meeting}}}, "evaluator");
  auto facilitator = f.facilitator({meeting});

  // An evaluator's check-in with a field no collection has: the cause is the role.
  auto fields = attendee_fields(meeting, "Gaëlle");
  fields["no_such_field"] = 1;
  Receipt r1 = push_one(*evaluator, Op::create, "attendance", new_uuid_v7(), fields, meeting);
  CHECK(r1.outcome == Outcome::quarantined);
  CHECK(r1.reason == "out_of_scope");
  // A facilitator's questionnaire (server-only) in its meeting, and in "global".
  Receipt r2 =
      push_one(*facilitator, Op::create, "questionnaire", new_uuid_v7(), {{"title", "Q"}}, meeting);
  CHECK(r2.outcome == Outcome::quarantined);
  CHECK(r2.reason == "out_of_scope");
  Receipt r3 = push_one(*facilitator, Op::create, "questionnaire", new_uuid_v7(), {{"title", "Q"}},
                        "global");
  CHECK(r3.outcome == Outcome::quarantined);
  CHECK(r3.reason == "out_of_scope");
  // A schema error inside the device's scope and role keeps its own code.
  Receipt r4 = push_one(*facilitator, Op::create, "attendance", new_uuid_v7(), fields, meeting);
  CHECK(r4.outcome == Outcome::quarantined);
  CHECK(r4.reason == "unknown_field");
}
