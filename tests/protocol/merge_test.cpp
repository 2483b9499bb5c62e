#include <catch2/catch.hpp>

#include "sim_replica.h"
#include "terrain/protocol/ids.h"

using namespace terrain;
using namespace terrain::testing;

namespace {
// Two tablets at one meeting, with a participant both of them know.
struct TwoTablets {
  SimReplica a, b;
  std::string id = new_uuid_v7();

  TwoTablets() {
    b.dev.wall_ms += 1;  // b's clock is one millisecond ahead: it wins ties
    DetachedValues v;
    auto scs = a.commit({a.create("attendance", id, attendee("Marie Curie"), v)}, v);
    b.receive(scs, a.dev.keys.public_key);
  }
  void exchange() {
    auto a_known = a.known;
    auto b_known = b.known;
    for (auto& [s, k] : a_known) b.receive(s, k);
    for (auto& [s, k] : b_known) a.receive(s, k);
  }
  SignedChangeSet set(SimReplica& r, nlohmann::json fields) {
    DetachedValues v;
    return r.commit({r.set_fields("attendance", id, fields, v)}, v);
  }
};
}  // namespace

TEST_CASE("A later edit that saw the earlier one replaces it without conflict", "[merge]") {
  TwoTablets t;
  t.set(t.a, {{"role", "intervenant"}});
  t.exchange();
  t.set(t.b, {{"role", "animateur"}});
  t.exchange();
  auto v = t.a.view("attendance", t.id);
  CHECK(v.fields["role"] == "animateur");
  CHECK(v.conflicts.empty());
  CHECK(t.a.render() == t.b.render());
}

TEST_CASE("Concurrent edits of one field: one wins, the other is kept as a conflict", "[merge]") {
  TwoTablets t;
  t.set(t.a, {{"organisation", "ARS Occitanie"}});
  t.set(t.b, {{"organisation", "ARS d'Occitanie"}});
  t.exchange();
  auto v = t.a.view("attendance", t.id);
  REQUIRE(v.conflicts.size() == 1);
  const Conflict& k = v.conflicts[0];
  CHECK(k.kind == Conflict::Kind::concurrent_edit);
  CHECK(k.field == "organisation");
  // The greater HLC wins; b's clock is ahead.
  CHECK(v.fields["organisation"] == "ARS d'Occitanie");
  CHECK(k.winner_value == "ARS d'Occitanie");
  CHECK(k.loser_value == "ARS Occitanie");
  CHECK(k.loser_version.device == t.a.dev.id);
  CHECK(t.a.render() == t.b.render());
}

TEST_CASE("Concurrent edits of different fields merge without conflict", "[merge]") {
  TwoTablets t;
  t.set(t.a, {{"role", "intervenant"}});
  t.set(t.b, {{"organisation", "CD du Rhône"}});
  t.exchange();
  auto v = t.b.view("attendance", t.id);
  CHECK(v.fields["role"] == "intervenant");
  CHECK(v.fields["organisation"] == "CD du Rhône");
  CHECK(v.conflicts.empty());
}

TEST_CASE("Resolving a conflict is a signed change that clears it everywhere", "[merge]") {
  TwoTablets t;
  t.set(t.a, {{"organisation", "A"}});
  t.set(t.b, {{"organisation", "B"}});
  t.exchange();
  auto conflicts = t.a.view("attendance", t.id).conflicts;
  REQUIRE(conflicts.size() == 1);
  DetachedValues none;
  t.a.commit({t.a.resolve(conflicts[0])}, none);
  t.exchange();
  CHECK(t.a.view("attendance", t.id).conflicts.empty());
  CHECK(t.b.view("attendance", t.id).conflicts.empty());
}

TEST_CASE("An edit concurrent with a delete is a conflict, not a silent loss", "[merge]") {
  TwoTablets t;
  DetachedValues none;
  t.a.commit({t.a.remove("attendance", t.id)}, none);
  t.set(t.b, {{"role", "intervenant"}});
  t.exchange();
  for (SimReplica* r : {&t.a, &t.b}) {
    auto v = r->view("attendance", t.id);
    CHECK_FALSE(v.exists);
    REQUIRE(v.conflicts.size() == 1);
    CHECK(v.conflicts[0].kind == Conflict::Kind::edit_vs_delete);
    CHECK(v.conflicts[0].field == "role");
    CHECK(v.conflicts[0].loser_value == "intervenant");
  }
  CHECK(t.a.render() == t.b.render());
}

TEST_CASE("A delete that saw every edit leaves no conflict", "[merge]") {
  TwoTablets t;
  t.set(t.b, {{"role", "intervenant"}});
  t.exchange();
  DetachedValues none;
  t.a.commit({t.a.remove("attendance", t.id)}, none);
  t.exchange();
  auto v = t.b.view("attendance", t.id);
  CHECK_FALSE(v.exists);
  CHECK(v.conflicts.empty());
}

TEST_CASE("Delete then re-create converges in every order and shows no former values", "[merge]") {
  SimReplica author;
  const std::string id = new_uuid_v7();
  DetachedValues v1, v2, v3;
  auto created = author.commit({author.create("attendance", id, attendee("Ana Lopez"), v1)}, v1);
  auto edited =
      author.commit({author.set_fields("attendance", id, {{"organisation", "Ancienne"}}, v2)}, v2);
  DetachedValues none;
  auto deleted = author.commit({author.remove("attendance", id)}, none);
  nlohmann::json fresh = attendee("Ana Lopez");
  fresh.erase("organisation");
  auto recreated = author.commit({author.create("attendance", id, fresh, v3)}, v3);
  std::vector<SignedChangeSet> sets{created, edited, deleted, recreated};
  std::sort(sets.begin(), sets.end(),
            [](const auto& x, const auto& y) { return x.hash() < y.hash(); });
  const std::string expected = author.render();
  do {
    SimReplica other;
    for (const auto& s : sets) other.receive(s, author.dev.keys.public_key);
    INFO("order starting with " << sets[0].hash());
    CHECK(other.render() == expected);
  } while (std::next_permutation(sets.begin(), sets.end(),
                                 [](const auto& x, const auto& y) { return x.hash() < y.hash(); }));
  auto v = author.view("attendance", id);
  CHECK(v.exists);
  CHECK(v.cl == 3);
  CHECK_FALSE(v.fields.contains("organisation"));
  CHECK(v.fields["display_name"] == "Ana Lopez");
}

TEST_CASE("Counters from two tablets at two doors add up", "[merge]") {
  SimReplica door1, door2;
  const std::string id = new_uuid_v7();
  DetachedValues v;
  auto created =
      door1.commit({door1.create("headcount", id,
                                 {{"meeting", kMeeting}, {"label", "Plénière"}, {"count", 0}}, v)},
                   v);
  door2.receive(created, door1.dev.keys.public_key);
  DetachedValues none;
  for (int i = 0; i < 40; ++i) door1.commit({door1.increment("headcount", id, "count", 1)}, none);
  for (int i = 0; i < 25; ++i) door2.commit({door2.increment("headcount", id, "count", 1)}, none);
  door2.commit({door2.increment("headcount", id, "count", -2)}, none);  // two left early
  for (auto& [s, k] : door1.known) door2.receive(s, k);
  for (auto& [s, k] : door2.known) door1.receive(s, k);
  auto v1 = door1.view("headcount", id);
  CHECK(v1.fields["count"] == 63);
  CHECK(v1.counters["count"][door1.dev.id] == 40);
  CHECK(v1.counters["count"][door2.dev.id] == 23);
  CHECK(door1.render() == door2.render());
}

TEST_CASE("Applying the same change twice has no second effect", "[merge]") {
  SimReplica r;
  const std::string id = new_uuid_v7();
  DetachedValues none, v;
  r.commit(
      {r.create("headcount", id, {{"meeting", kMeeting}, {"label", "Salle B"}, {"count", 0}}, v)},
      v);
  Change inc = r.increment("headcount", id, "count", 5);
  auto& h = r.records["headcount/" + id];
  CHECK(apply_change(h, inc, 2, none));
  CHECK_FALSE(apply_change(h, inc, 2, none));
  CHECK(materialise(h).fields["count"] == 5);
}

TEST_CASE("A redacted value merges as redacted and keeps winning by its version", "[merge]") {
  SimReplica r;
  const std::string id = new_uuid_v7();
  DetachedValues v;
  auto scs = r.commit({r.create("attendance", id, attendee("Louise Michel"), v)}, v);
  auto& h = r.records["attendance/" + id];
  const std::string hash = scs.values.begin()->first;
  CHECK(redact(h, hash));
  auto view = materialise(h);
  CHECK(view.fields["display_name"].is_null());
  CHECK(view.redacted == std::vector<std::string>{"display_name"});
  // A replica receiving the redacted change set ends in the same state.
  SimReplica late;
  SignedChangeSet redacted = scs;
  for (auto& [k, val] : redacted.values) val = DetachedValue{{}, {}, true};
  late.receive(redacted, r.dev.keys.public_key);
  CHECK(late.render() == r.render());
  CHECK(r.render().find("Louise") == std::string::npos);
}

TEST_CASE("Retracting a lost tablet's later change sets recomputes the state", "[merge]") {
  TwoTablets t;
  t.set(t.b, {{"role", "intervenant"}});  // b's seq 1
  t.set(t.b, {{"organisation", "Vol"}});  // b's seq 2, after the cut-off
  t.exchange();
  auto& h = t.a.records["attendance/" + t.id];
  CHECK(retract(h, t.b.dev.id, 1) == 1);
  auto v = materialise(h);
  CHECK(v.fields["role"] == "intervenant");
  CHECK(v.fields["organisation"] == "MDPH du Rhône");
}

TEST_CASE("Record history survives a JSON round trip", "[merge]") {
  TwoTablets t;
  t.set(t.a, {{"organisation", "A"}});
  t.set(t.b, {{"organisation", "B"}});
  t.exchange();
  const auto& h = t.a.records["attendance/" + t.id];
  auto back = RecordHistory::from_json(nlohmann::json::parse(h.to_json().dump()));
  REQUIRE(back.ok());
  CHECK(back->to_json() == h.to_json());
  CHECK(materialise(*back).to_json("attendance", t.id) ==
        materialise(h).to_json("attendance", t.id));
  CHECK_FALSE(RecordHistory::from_json(nlohmann::json::parse(R"({"c":"x"})")).ok());
}
