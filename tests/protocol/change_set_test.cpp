#include <catch2/catch.hpp>

#include "fixtures.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/ids.h"

using namespace terrain;
using namespace terrain::testing;

namespace {
SignedChangeSet one_attendee(TestDevice& d, const std::string& name = "Marie Curie") {
  DetachedValues values;
  Change c = d.write(Op::create, "attendance", new_uuid_v7(), attendee(name), values);
  return d.seal_changes({c}, std::move(values));
}
}  // namespace

TEST_CASE("A sealed change set verifies and parses back to what was written", "[change_set]") {
  TestDevice d;
  auto scs = one_attendee(d);
  auto cs = verify_and_parse(scs, d.keys.public_key, Limits{});
  REQUIRE(cs.ok());
  CHECK(cs->device == d.id);
  CHECK(cs->seq == 1);
  CHECK(cs->prev == kGenesisPrev);
  CHECK(cs->meeting == kMeeting);
  REQUIRE(cs->changes.size() == 1);
  const Change& c = cs->changes[0];
  CHECK(c.op == Op::create);
  CHECK(c.collection == "attendance");
  CHECK(c.t.device == d.id);
  // The personal field travels detached: the body holds only its salted hash.
  CHECK(scs.body.find("Marie Curie") == std::string::npos);
  CHECK(scs.body.find("MDPH du Rhône") != std::string::npos);
  CHECK(scs.values.size() == 1);
}

TEST_CASE("The body begins with the device id so the key is found without parsing",
          "[change_set]") {
  TestDevice d;
  auto scs = one_attendee(d);
  CHECK(scs.body.rfind("{\"terrain\":1,\"device\":\"" + d.id + "\"", 0) == 0);
  auto dev = peek_device(scs, Limits{});
  REQUIRE(dev.ok());
  CHECK(*dev == d.id);
}

TEST_CASE("One flipped byte anywhere in the body or the signature is refused", "[change_set]") {
  TestDevice d;
  const auto scs = one_attendee(d);
  for (std::size_t i = 0; i < scs.body.size(); i += 7) {
    SignedChangeSet bad = scs;
    bad.body[i] = static_cast<char>(bad.body[i] ^ 0x01);
    auto r = verify_and_parse(bad, d.keys.public_key, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK((r.error().code == Errc::bad_signature || r.error().code == Errc::malformed));
  }
  for (std::size_t i = 0; i < scs.sig.size(); ++i) {
    SignedChangeSet bad = scs;
    bad.sig[i] ^= 0x80;
    auto r = verify_and_parse(bad, d.keys.public_key, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::bad_signature);
  }
}

TEST_CASE("A change set verified with another device's key is refused", "[change_set]") {
  TestDevice d, other;
  auto r = verify_and_parse(one_attendee(d), other.keys.public_key, Limits{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::bad_signature);
}

TEST_CASE("A tampered detached value no longer matches its hash", "[change_set]") {
  TestDevice d;
  auto scs = one_attendee(d);
  auto& v = scs.values.begin()->second;
  v.json = "\"Someone Else\"";
  auto r = verify_and_parse(scs, d.keys.public_key, Limits{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::hash_mismatch);
}

TEST_CASE("Redacting a personal value keeps the signature and the chain valid", "[change_set]") {
  TestDevice d;
  auto first = one_attendee(d, "Jeanne Martin");
  auto second = one_attendee(d, "Paul Durand");
  const std::string first_hash = first.hash();
  // Erasure: value and salt are dropped; the body, its signature and hash are untouched.
  for (auto& [h, v] : first.values) v = DetachedValue{{}, {}, true};
  auto r = verify_and_parse(first, d.keys.public_key, Limits{});
  REQUIRE(r.ok());
  CHECK(first.hash() == first_hash);
  auto next = verify_and_parse(second, d.keys.public_key, Limits{});
  REQUIRE(next.ok());
  CHECK(next->prev == first_hash);
  CHECK(encode_envelope(first).find("Jeanne") == std::string::npos);
}

TEST_CASE("Change sets of one device form a hash chain", "[change_set]") {
  TestDevice d;
  std::string prev{kGenesisPrev};
  for (int i = 1; i <= 5; ++i) {
    auto scs = one_attendee(d);
    auto cs = verify_and_parse(scs, d.keys.public_key, Limits{});
    REQUIRE(cs.ok());
    CHECK(cs->seq == static_cast<std::uint64_t>(i));
    CHECK(cs->prev == prev);
    prev = scs.hash();
  }
}

TEST_CASE("The envelope round-trips the exact bytes", "[change_set]") {
  TestDevice d;
  auto scs = one_attendee(d, "Zoé d'Aubigné \"Zaza\" \\ ü");
  const std::string wire = encode_envelope(scs);
  auto back = decode_envelope(wire, Limits{});
  REQUIRE(back.ok());
  CHECK(back->body == scs.body);
  CHECK(back->sig == scs.sig);
  CHECK(back->values.size() == scs.values.size());
  CHECK(back->values.begin()->second.json == scs.values.begin()->second.json);
  CHECK(verify_and_parse(*back, d.keys.public_key, Limits{}).ok());
}

TEST_CASE("Malformed envelopes are refused with a stable code", "[change_set]") {
  Limits limits;
  auto code = [&](std::string_view bytes) { return decode_envelope(bytes, limits).error().code; };
  CHECK(code("{\"body\": ") == Errc::malformed);
  CHECK(code("[]") == Errc::malformed);
  CHECK(code(R"({"body": "x"})") == Errc::malformed);
  CHECK(code(R"({"body": "x", "sig": "AAAA"})") == Errc::malformed);
  CHECK(code("{\"body\": \"\xC3\x28\"}") == Errc::invalid_utf8);
  CHECK(code(std::string(40, '[') + std::string(40, ']')) == Errc::too_deep);
  limits.max_change_set_bytes = 100;
  CHECK(code(std::string(200, ' ')) == Errc::too_large);
}

TEST_CASE("Structural rules are enforced after the signature", "[change_set]") {
  TestDevice d;
  auto check_refused = [&](Change c, Errc expected) {
    DetachedValues none;
    auto scs = d.seal_changes({std::move(c)}, none);
    auto r = verify_and_parse(scs, d.keys.public_key, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == expected);
  };
  DetachedValues v;
  Change even_create = d.write(Op::create, "headcount", new_uuid_v7(), {{"label", "x"}}, v, 2);
  check_refused(even_create, Errc::malformed);
  Change odd_delete;
  odd_delete.op = Op::del;
  odd_delete.collection = "attendance";
  odd_delete.id = new_uuid_v7();
  odd_delete.t = d.clock.now();
  odd_delete.cl = 1;
  check_refused(odd_delete, Errc::malformed);
  Change huge_step;
  huge_step.op = Op::inc;
  huge_step.collection = "headcount";
  huge_step.id = new_uuid_v7();
  huge_step.t = d.clock.now();
  huge_step.counter = "count";
  huge_step.by = 10'000'000;
  check_refused(huge_step, Errc::too_large);
  Change foreign = d.write(Op::set, "attendance", new_uuid_v7(), {{"role", "participant"}}, v);
  foreign.t.device = "ffffffffffffffff";
  check_refused(foreign, Errc::malformed);
}

TEST_CASE("A signed body or value with a duplicate name is refused", "[change_set]") {
  TestDevice d;
  DetachedValues v;
  auto scs = d.seal_changes(
      {d.write(Op::create, "attendance", new_uuid_v7(),
               {{"meeting", new_uuid_v7()}, {"actor_type", "mdph"}, {"consent", true}}, v)},
      v);
  REQUIRE(verify_and_parse(scs, d.keys.public_key, Limits{}).ok());
  SECTION("in the body, even when correctly signed") {
    // Readers keeping the first "seq" and readers keeping the last would disagree.
    const std::string from = "\"schema\":";
    auto at = scs.body.find(from);
    REQUIRE(at != std::string::npos);
    scs.body.insert(at, "\"seq\":99,");
    scs.sig = sign(d.keys.secret_key, kChangeSetContext, scs.body);
    auto r = verify_and_parse(scs, d.keys.public_key, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::malformed);
    CHECK(r.error().message.find("duplicate name 'seq'") != std::string::npos);
  }
  SECTION("in a detached value's JSON text") {
    DetachedValues w;
    const std::string h = make_detached(nlohmann::json::object({{"a", 1}}), w);
    DetachedValue dup = w.at(h);
    dup.json = R"({"a":1,"a":2})";
    const std::string dup_hash = hex_of(blake2b256_salted(dup.salt, dup.json));
    auto c = d.write(Op::create, "attendance", new_uuid_v7(),
                     {{"meeting", new_uuid_v7()}, {"actor_type", "mdph"}, {"consent", true}}, w);
    FieldWrite f;
    f.name = "organisation";
    f.detached = true;
    f.value_hash = dup_hash;
    c.fields.push_back(f);
    DetachedValues values{{dup_hash, dup}};
    auto signed_cs = d.seal_changes({c}, values);
    auto r = verify_and_parse(signed_cs, d.keys.public_key, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::malformed);
  }
}

TEST_CASE("Too many changes in one set are refused", "[change_set]") {
  TestDevice d;
  Limits limits;
  limits.max_changes_per_set = 3;
  std::vector<Change> changes;
  DetachedValues values;
  for (int i = 0; i < 4; ++i)
    changes.push_back(
        d.write(Op::set, "attendance", new_uuid_v7(), {{"role", "participant"}}, values));
  auto r = verify_and_parse(d.seal_changes(changes, values), d.keys.public_key, limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::too_large);
}
