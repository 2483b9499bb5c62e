// Pushing change sets: receipts, refusals with exact codes and no change of state,
// quarantine that never blocks what follows.
#include <catch2/catch.hpp>

#include <set>

#include "fixture.h"
#include "sample_grid.h"

using namespace terrain;
using namespace terrain::test;

namespace {

std::string envelope_text(const SignedChangeSet& s) {
  return encode_envelope(s);
}

}  // namespace

TEST_CASE("An accepted change set gets a signed receipt with its log position", "[server][push]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  std::string person = new_uuid_v7();
  auto cs = tablet->check_in(meeting, person, "Camille Martin");

  auto r = tablet->push(cs);
  INFO(r.body);
  REQUIRE(r.status == 200);
  Receipt receipt = tablet->receipt(r);
  CHECK(receipt.outcome == Outcome::accepted);
  CHECK(receipt.change_set == cs.hash());
  CHECK(receipt.device == tablet->id);
  CHECK(receipt.seq == 1);
  CHECK(receipt.position == 2);  // after the meeting's central change set
  CHECK(receipt.epoch == tablet->epoch);

  auto records = f.admin->records(meeting);
  REQUIRE(records.size() == 2);
  auto attendee = f.admin->get("/admin/records/attendance/" + person).json;
  CHECK(attendee["display_name"] == "Camille Martin");
  CHECK(f.admin->device(tablet->id)["last_seq"] == 1);

  SECTION("pushing it again returns the very same receipt and changes nothing") {
    std::string before = f.admin->state({meeting});
    auto again = tablet->push(cs);
    REQUIRE(again.status == 200);
    CHECK(again.json["replay"] == true);
    CHECK(again.json["receipt"] == r.json["receipt"]);
    CHECK(f.admin->state({meeting}) == before);
  }
}

TEST_CASE("Refused pushes give the exact error code and change nothing", "[server][push]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  REQUIRE(tablet->push(tablet->check_in(meeting, new_uuid_v7(), "Alix Bernard")).status == 200);
  const std::string before = f.admin->state({meeting});
  auto unchanged = [&] { CHECK(f.admin->state({meeting}) == before); };

  SECTION("one flipped byte in the signed body") {
    auto cs = tablet->check_in(meeting, new_uuid_v7(), "Noé Petit");
    cs.body[cs.body.size() / 2] ^= 0x01;
    auto r = tablet->push(cs);
    CHECK(r.status == 400);
    CHECK(r.code() == "bad_signature");
    unchanged();
  }
  SECTION("an unknown device") {
    RawDevice stranger(f.server.url());
    auto r = stranger.push(stranger.check_in(meeting, new_uuid_v7(), "Eve"));
    CHECK(r.status == 401);
    CHECK(r.code() == "unknown_device");
    unchanged();
  }
  SECTION("a request signed by another key than the device's") {
    RawDevice impostor(f.server.url());
    impostor.id = tablet->id;
    auto r = impostor.request("GET", "/v1/device", "");
    CHECK(r.code() == "unauthorized");
    unchanged();
  }
  SECTION("another device's change set pushed by this one") {
    RawDevice other(f.server.url());
    auto r = tablet->push(other.check_in(meeting, new_uuid_v7(), "Eve"));
    CHECK(r.status == 400);
    CHECK(r.code() == "bad_signature");
    unchanged();
  }
  SECTION("a change set naming another device as its author") {
    RawDevice other(f.server.url());
    DetachedValues v;
    ChangeSet cs;
    cs.device = other.id;
    cs.seq = 2;
    cs.prev = tablet->prev;
    cs.schema = SchemaRegistry::embedded().version();
    cs.meeting = meeting;
    cs.changes = {
        other.write(Op::create, "attendance", new_uuid_v7(), attendee_fields(meeting, "Eve"), v)};
    auto r = tablet->push(seal(cs, v, tablet->keys.secret_key));
    CHECK(r.status == 400);
    CHECK(r.code() == "bad_signature");  // the signing key is not the named author's
    unchanged();
  }
  SECTION("a sequence gap names the expected seq") {
    (void)tablet->check_in(meeting, new_uuid_v7(), "skipped");  // seq 2 never sent
    auto r = tablet->push(tablet->check_in(meeting, new_uuid_v7(), "third"));
    CHECK(r.status == 409);
    CHECK(r.code() == "sequence_gap");
    CHECK(r.json["error"]["expected_seq"] == 2);
    unchanged();
  }
  SECTION("malformed JSON") {
    auto r = tablet->request("POST", "/v1/push", R"({"body": "x", "sig": )");
    CHECK(r.status == 400);
    CHECK(r.code() == "malformed");
    unchanged();
  }
  SECTION("invalid UTF-8") {
    auto r = tablet->request("POST", "/v1/push", "{\"body\": \"\xc3\x28\"}");
    CHECK(r.status == 400);
    CHECK(r.code() == "invalid_utf8");
    unchanged();
  }
  SECTION("JSON nested too deep") {
    std::string deep = "{\"body\":" + std::string(100, '[') + std::string(100, ']') + "}";
    auto r = tablet->request("POST", "/v1/push", deep);
    CHECK(r.status == 400);
    CHECK(r.code() == "too_deep");
    unchanged();
  }
  SECTION("a wrong content type") {
    auto cs = tablet->check_in(meeting, new_uuid_v7(), "Lou");
    auto r = tablet->request("POST", "/v1/push", envelope_text(cs), "text/plain");
    CHECK(r.status == 415);
    CHECK(r.code() == "unsupported_media_type");
    unchanged();
  }
  SECTION("a clock far ahead of the server's, with the server time to correct it") {
    tablet->skew_ms = 10 * 60'000;  // past the 5 min tolerance, within the request window
    auto r = tablet->push(tablet->check_in(meeting, new_uuid_v7(), "Sacha"));
    CHECK(r.status == 409);
    CHECK(r.code() == "clock_ahead");
    auto server_time = r.json["error"]["server_time_ms"].get<std::int64_t>();
    CHECK(std::abs(server_time - static_cast<std::int64_t>(wall_ms())) < 60'000);
    // An explicit, signed outcome the device can keep: rejected, never stored.
    auto sr = SignedReceipt::from_json(r.json["error"]["receipt"]);
    REQUIRE(sr.ok());
    auto rejected = verify_receipt(*sr, tablet->server_key);
    REQUIRE(rejected.ok());
    CHECK(rejected->outcome == Outcome::rejected);
    CHECK(rejected->reason == "clock_ahead");
    CHECK(rejected->position == 0);
    unchanged();
  }
  SECTION("a request timestamp too far from the server clock") {
    tablet->skew_ms = -3'600'000;
    auto r = tablet->request("GET", "/v1/device", "");
    CHECK(r.status == 401);
    CHECK(r.code() == "clock_skew");
    CHECK(r.json["error"].contains("server_time_ms"));
    unchanged();
  }
}

TEST_CASE("A signed request stamped days away from the server clock gets clock_skew and its time",
          "[server][push][clock]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  const std::string before = f.admin->state({meeting});
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;

  // The answer is clock_skew with the server's time (within a second of now) and
  // nothing else a caller could learn from: no device, no scope, no chain.
  auto check_skew = [&](const Response& r, std::int64_t sent_at, std::int64_t received_at) {
    INFO(r.body);
    CHECK(r.status == 401);
    CHECK(r.code() == "clock_skew");
    const auto& e = r.json["error"];
    REQUIRE(e.contains("server_time_ms"));
    REQUIRE(e["server_time_ms"].is_number_integer());
    const auto server_time = e["server_time_ms"].get<std::int64_t>();
    CHECK(server_time >= sent_at - 1000);
    CHECK(server_time <= received_at + 1000);
    std::set<std::string> members;
    for (auto it = e.begin(); it != e.end(); ++it) members.insert(it.key());
    CHECK(members == std::set<std::string>{"code", "message", "server_time_ms"});
  };
  auto now = [] { return static_cast<std::int64_t>(wall_ms()); };

  SECTION("a push from a clock three days ahead") {
    tablet->skew_ms = 3 * kDay;
    const auto t0 = now();
    auto r = tablet->push(tablet->check_in(meeting, new_uuid_v7(), "Sacha Roux"));
    check_skew(r, t0, now());
    CHECK(f.admin->state({meeting}) == before);
    CHECK(f.admin->device(tablet->id)["last_seq"] == 0);
  }
  SECTION("a pull from a clock three days behind") {
    tablet->skew_ms = -3 * kDay;
    const auto t0 = now();
    check_skew(tablet->pull(), t0, now());
  }
  SECTION("the same refusal whatever the device and the signature") {
    // Checked before the device lookup and the signature: an unknown device or a
    // wrong signature with a skewed clock learns nothing more than the time.
    RawDevice stranger(f.server.url());
    stranger.skew_ms = 3 * kDay;
    auto t0 = now();
    check_skew(stranger.request("GET", "/v1/device", ""), t0, now());
    RawDevice impostor(f.server.url());
    impostor.id = tablet->id;
    impostor.skew_ms = -3 * kDay;
    t0 = now();
    check_skew(impostor.request("GET", "/v1/device", ""), t0, now());
  }
  SECTION("corrected by the server time, the same device is served") {
    tablet->skew_ms = 3 * kDay;
    auto r = tablet->request("GET", "/v1/device", "");
    REQUIRE(r.code() == "clock_skew");
    // What a client does: offset = server_time_ms - its clock, then retry.
    const std::int64_t offset =
        r.json["error"]["server_time_ms"].get<std::int64_t>() - (now() + tablet->skew_ms);
    tablet->skew_ms += offset;
    CHECK(tablet->request("GET", "/v1/device", "").status == 200);
  }
  SECTION("within the tolerance the request is served") {
    tablet->skew_ms = 60'000;
    CHECK(tablet->request("GET", "/v1/device", "").status == 200);
  }
}

TEST_CASE("An oversized body is refused before it is read", "[server][push]") {
  ServerFixture f({{"--max-body-bytes", "4096"}});
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  std::string before = f.admin->state({meeting});
  std::string big = "{\"body\":\"" + std::string(10000, 'a') + "\"}";
  auto r = tablet->request("POST", "/v1/push", big);
  CHECK(r.status == 413);
  CHECK(r.code() == "too_large");
  CHECK(f.admin->state({meeting}) == before);
}

TEST_CASE("A fork is refused and flags the device", "[server][push]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  auto first = tablet->check_in(meeting, new_uuid_v7(), "Alix");
  REQUIRE(tablet->push(first).status == 200);
  // Another change set with the same seq 1.
  tablet->seq = 0;
  tablet->prev = std::string(kGenesisPrev);
  auto twin = tablet->check_in(meeting, new_uuid_v7(), "Not Alix");
  auto records_before = f.admin->records(meeting);
  auto r = tablet->push(twin);
  CHECK(r.status == 409);
  CHECK(r.code() == "fork");
  CHECK(f.admin->records(meeting) == records_before);
  auto listed = f.admin->device(tablet->id);
  CHECK(listed["flagged"] == true);
  CHECK(listed["last_seq"] == 1);
}

TEST_CASE("Invalid or out-of-scope change sets are quarantined and later ones still accepted",
          "[server][push][quarantine]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string elsewhere = f.new_meeting("Journées nationales 2024");
  auto tablet = f.facilitator({meeting});

  // seq 1: schema violation (unknown actor type).
  DetachedValues v1;
  auto bad = attendee_fields(meeting, "Camille");
  bad["actor_type"] = "martian";
  auto invalid =
      tablet->next({tablet->write(Op::create, "attendance", new_uuid_v7(), bad, v1)}, v1, meeting);
  auto r1 = tablet->push(invalid);
  INFO(r1.body);
  REQUIRE(r1.status == 200);
  Receipt q1 = tablet->receipt(r1);
  CHECK(q1.outcome == Outcome::quarantined);
  CHECK(q1.reason == "schema_violation");
  CHECK(q1.position == 0);

  // seq 2: a meeting outside the device's scope.
  std::string stray = new_uuid_v7();
  auto r2 = tablet->push(tablet->check_in(elsewhere, stray, "Dominique"));
  REQUIRE(r2.status == 200);
  Receipt q2 = tablet->receipt(r2);
  CHECK(q2.outcome == Outcome::quarantined);
  CHECK(q2.reason == "out_of_scope");

  // seq 3: fine, accepted.
  std::string good = new_uuid_v7();
  auto r3 = tablet->push(tablet->check_in(meeting, good, "Lou"));
  REQUIRE(r3.status == 200);
  CHECK(tablet->receipt(r3).outcome == Outcome::accepted);

  CHECK(f.admin->records(elsewhere).size() == 1);  // only the meeting itself
  auto held = f.admin->get("/admin/quarantine").json["change_sets"];
  REQUIRE(held.size() == 2);
  CHECK(held[0]["reason"] == "schema_violation");
  CHECK(held[1]["reason"] == "out_of_scope");
  CHECK(f.admin->device(tablet->id)["quarantined"] == 2);

  SECTION("a replay of a quarantined change set returns its quarantine receipt") {
    auto again = tablet->push(invalid);
    CHECK(again.json["receipt"] == r1.json["receipt"]);
  }
  SECTION("an administrator releases one: it is merged and served") {
    auto rel =
        f.admin->post("/admin/quarantine/" + q2.change_set + "/release", nlohmann::json::object());
    INFO(rel.body);
    REQUIRE(rel.status == 200);
    CHECK(rel.json["state"] == "accepted");
    CHECK(f.admin->get("/admin/records/attendance/" + stray).status == 200);
    CHECK(f.admin->get("/admin/quarantine").json["change_sets"].size() == 1);
  }
  SECTION("an administrator rejects one: it is never merged") {
    auto rej =
        f.admin->post("/admin/quarantine/" + q1.change_set + "/reject", nlohmann::json::object());
    CHECK(rej.json["state"] == "rejected");
    CHECK(f.admin->post("/admin/quarantine/" + q1.change_set + "/release", nlohmann::json::object())
              .code() == "not_found");
  }
}

TEST_CASE("A cycle-scoped device may create meetings of its cycle only", "[server][push][scope]") {
  ServerFixture f;
  auto tablet = f.enrolled({{"cycle", "Rencontres territoriales 2024"}});
  auto create_meeting = [&](const std::string& cycle) {
    std::string m = new_uuid_v7();
    DetachedValues v;
    auto c = tablet->write(Op::create, "meeting", m, meeting_fields(cycle), v);
    return std::make_pair(m, tablet->next({c}, v, m));
  };
  auto [mine, cs1] = create_meeting("Rencontres territoriales 2024");
  CHECK(tablet->receipt(tablet->push(cs1)).outcome == Outcome::accepted);
  auto [theirs, cs2] = create_meeting("Webinaires 2024");
  auto q = tablet->receipt(tablet->push(cs2));
  CHECK(q.outcome == Outcome::quarantined);
  CHECK(q.reason == "out_of_scope");
  // A meeting of the cycle created centrally is in scope too.
  std::string central = f.new_meeting("Rencontres territoriales 2024");
  CHECK(tablet->receipt(tablet->push(tablet->check_in(central, new_uuid_v7(), "A"))).outcome ==
        Outcome::accepted);
}

TEST_CASE("A device writes only the collections of its role and the rest is quarantined",
          "[server][push][scope][roles]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto facilitator = f.facilitator({meeting});
  auto evaluator = f.enrolled({{"meetings", {meeting}}}, "evaluator");
  const nlohmann::json grid = evaluation_grid_fields(meeting);
  auto push_grid = [&](RawDevice& d) {
    DetachedValues v;
    auto w = d.write(Op::create, "evaluation", new_uuid_v7(), grid, v);
    return d.receipt(d.push(d.next({w}, v, meeting)));
  };
  // An evaluator's check-in: authentic, outside its role, held back.
  Receipt r1 =
      evaluator->receipt(evaluator->push(evaluator->check_in(meeting, new_uuid_v7(), "A")));
  CHECK(r1.outcome == Outcome::quarantined);
  CHECK(r1.reason == "out_of_scope");
  // Its grid, the next in its chain, is accepted.
  CHECK(push_grid(*evaluator).outcome == Outcome::accepted);
  // A facilitator's grid is held back; its check-ins go on.
  Receipt r3 = push_grid(*facilitator);
  CHECK(r3.outcome == Outcome::quarantined);
  CHECK(r3.reason == "out_of_scope");
  CHECK(facilitator->receipt(facilitator->push(facilitator->check_in(meeting, new_uuid_v7(), "B")))
            .outcome == Outcome::accepted);
  auto records = f.admin->records(meeting);
  int grids = 0, people = 0;
  for (const auto& rec : records) {
    grids += rec["_collection"] == "evaluation";
    people += rec["_collection"] == "attendance";
  }
  CHECK(grids == 1);
  CHECK(people == 1);
}

TEST_CASE("A change set over a count limit the server tightened is quarantined, not refused",
          "[server][push][quarantine][limits]") {
  ServerFixture f({{"--max-changes-per-set", "2"}});
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});

  // seq 1: three check-ins, signed by a tablet (protocol limit 1000), over the
  // server's 2: authentic, so held for review with a stable reason.
  DetachedValues v;
  std::vector<Change> changes;
  std::vector<std::string> ids;
  for (const char* name : {"Ana", "Bao", "Cyd"}) {
    ids.push_back(new_uuid_v7());
    changes.push_back(
        tablet->write(Op::create, "attendance", ids.back(), attendee_fields(meeting, name), v));
  }
  auto r1 = tablet->push(tablet->next(changes, v, meeting));
  INFO(r1.body);
  REQUIRE(r1.status == 200);
  Receipt q1 = tablet->receipt(r1);
  CHECK(q1.outcome == Outcome::quarantined);
  CHECK(q1.reason == "too_large");
  CHECK(f.admin->records(meeting).size() == 1);  // the meeting only

  // The chain goes on: the next change set is accepted.
  auto r2 = tablet->push(tablet->check_in(meeting, new_uuid_v7(), "Dee"));
  REQUIRE(r2.status == 200);
  CHECK(tablet->receipt(r2).outcome == Outcome::accepted);

  auto held = f.admin->get("/admin/quarantine").json["change_sets"];
  REQUIRE(held.size() == 1);
  CHECK(held[0]["reason"] == "too_large");

  SECTION("an administrator releases it: merged as signed") {
    auto rel =
        f.admin->post("/admin/quarantine/" + q1.change_set + "/release", nlohmann::json::object());
    INFO(rel.body);
    REQUIRE(rel.status == 200);
    CHECK(rel.json["state"] == "accepted");
    for (const auto& id : ids) CHECK(f.admin->get("/admin/records/attendance/" + id).status == 200);
  }
  SECTION("over the protocol's own limits it is still refused") {
    DetachedValues w;
    auto fields = attendee_fields(meeting, "Eli");
    fields["organisation"] = std::string(Limits{}.max_value_bytes + 1, 'x');
    auto r = tablet->push(tablet->next(
        {tablet->write(Op::create, "attendance", new_uuid_v7(), fields, w)}, w, meeting));
    CHECK(r.status == 413);
    CHECK(r.code() == "too_large");
    CHECK(f.admin->get("/admin/quarantine").json["change_sets"].size() == 1);
  }
}

TEST_CASE("A flagged device still pushes what follows its stored chain and the fork stays refused",
          "[server][push]") {
  // protocol.md 3.6: flagged is a mark for an administrator, not a revocation.
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  auto first = tablet->check_in(meeting, new_uuid_v7(), "Alix");
  REQUIRE(tablet->push(first).status == 200);
  const std::string stored_prev = tablet->prev;
  // A seq 2 whose prev is not the stored seq 1: fork, flagged.
  tablet->prev = std::string(64, 'a');
  auto wrong_prev = tablet->check_in(meeting, new_uuid_v7(), "Bea");
  auto r = tablet->push(wrong_prev);
  CHECK(r.status == 409);
  CHECK(r.code() == "fork");
  CHECK(f.admin->device(tablet->id)["flagged"] == true);
  // The same seq 2, now following the stored chain: accepted.
  tablet->seq = 1;
  tablet->prev = stored_prev;
  auto good = tablet->check_in(meeting, new_uuid_v7(), "Bea");
  CHECK(tablet->push(good).status == 200);
  // The forked one stays refused (seq 2 is now stored with another hash).
  CHECK(tablet->push(wrong_prev).code() == "fork");
  auto listed = f.admin->device(tablet->id);
  CHECK(listed["flagged"] == true);  // nothing clears the mark
  CHECK(listed["last_seq"] == 2);
}
