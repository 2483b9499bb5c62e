// Mutation tests of every parser a peer's bytes reach: random byte flips,
// truncations and insertions into envelopes and bodies (bodies re-signed, so the
// parser behind the signature check is exercised too). Each input must give a
// value or an error with a known code, never a crash or an exception (invariant 6).
#include <catch2/catch.hpp>

#include <random>

#include "fixtures.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/merge.h"
#include "terrain/protocol/receipt.h"

using namespace terrain;
using namespace terrain::testing;

namespace {

std::string mutate(std::string s, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_int_distribution<int> byte(0, 255);
  const char interesting[] = {'{', '}', '[', ']', '"', '\\', ',', ':', '0', '-', 'e', '\0'};
  const int n = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < n && !s.empty(); ++i) {
    const std::size_t at = rng() % s.size();
    switch (kind(rng)) {
      case 0:
        s[at] = static_cast<char>(byte(rng));
        break;
      case 1:
        s[at] = interesting[rng() % sizeof interesting];
        break;
      case 2:
        s.erase(at, 1 + rng() % 8);
        break;
      case 3:
        s.insert(at, 1, interesting[rng() % sizeof interesting]);
        break;
      case 4:
        s.resize(at);
        break;
      default:
        s.insert(at, s.substr(at, 1 + rng() % 16));
        break;
    }
  }
  return s;
}

SignedChangeSet sample(TestDevice& d) {
  DetachedValues v;
  std::vector<Change> changes;
  changes.push_back(d.write(Op::create, "attendance", new_uuid_v7(), attendee("Émile Zola"), v));
  Change del;
  del.op = Op::del;
  del.collection = "attendance";
  del.id = changes[0].id;
  del.t = d.clock.now();
  del.cl = 2;
  del.seen["role"] = changes[0].t;
  changes.push_back(del);
  Change inc;
  inc.op = Op::inc;
  inc.collection = "headcount";
  inc.id = new_uuid_v7();
  inc.t = d.clock.now();
  inc.counter = "count";
  inc.by = 3;
  inc.resolves = {};
  changes.push_back(inc);
  return d.seal_changes(changes, v);
}

}  // namespace

TEST_CASE("Mutated envelopes never crash the decoder", "[robustness]") {
  TestDevice d;
  const std::string wire = encode_envelope(sample(d));
  std::mt19937_64 rng(42);
  std::size_t refused = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string bad = mutate(wire, rng);
    auto r = decode_envelope(bad, Limits{});
    if (!r.ok()) {
      ++refused;
      REQUIRE(errc_from_name(errc_name(r.error().code)));
      continue;
    }
    auto cs = verify_and_parse(*r, d.keys.public_key, Limits{});
    if (!cs.ok()) REQUIRE(!cs.error().message.empty());
  }
  CHECK(refused > 10000);
}

TEST_CASE("Mutated bodies signed by their device never crash the parser or the merge",
          "[robustness]") {
  TestDevice d;
  const SignedChangeSet original = sample(d);
  std::mt19937_64 rng(7);
  std::size_t parsed = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    SignedChangeSet s = original;
    // Keep the fixed prefix most of the time so the parser behind it is reached.
    const std::size_t keep = rng() % 4 == 0 ? 0 : 40;
    s.body = s.body.substr(0, keep) + mutate(s.body.substr(keep), rng);
    s.sig = sign(d.keys.secret_key, kChangeSetContext, s.body);
    auto cs = verify_and_parse(s, d.keys.public_key, Limits{});
    if (!cs.ok()) {
      ++refused;
      // Re-signed bytes verify, unless the mutation changed the device in the prefix.
      if (cs.error().code == Errc::bad_signature)
        REQUIRE(s.body.substr(0, 40) != original.body.substr(0, 40));
      continue;
    }
    ++parsed;
    // Whatever parses must merge and validate without throwing.
    std::map<std::string, RecordHistory> records;
    for (const auto& c : cs->changes) {
      apply_change(records[c.collection + "/" + c.id], c, cs->seq, s.values);
      (void)materialise(records[c.collection + "/" + c.id]);
    }
    (void)SchemaRegistry::embedded().validate_change_set(*cs, s.values);
  }
  CHECK(refused > 1000);
  CHECK(parsed > 100);
}

TEST_CASE("Mutated receipts and histories are refused cleanly", "[robustness]") {
  auto server = generate_keypair();
  Receipt r;
  r.change_set = std::string(64, 'a');
  r.device = "0123456789abcdef";
  r.seq = 3;
  r.position = 9;
  r.epoch = "e1";
  SignedReceipt sr = sign_receipt(r, server.secret_key);
  auto back = verify_receipt(sr, server.public_key);
  REQUIRE(back.ok());
  CHECK(back->seq == 3);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 5000; ++i) {
    SignedReceipt bad = sr;
    bad.body = mutate(bad.body, rng);
    if (bad.body == sr.body) continue;
    CHECK_FALSE(verify_receipt(bad, server.public_key).ok());
    bad.sig = sign(server.secret_key, kReceiptContext, bad.body);
    (void)verify_receipt(bad, server.public_key);  // any answer, no crash
  }
  TestDevice d;
  RecordHistory h;
  DetachedValues v;
  apply_change(h, d.write(Op::create, "attendance", new_uuid_v7(), attendee("X"), v), 1, v);
  const std::string stored = h.to_json().dump();
  for (int i = 0; i < 5000; ++i) {
    auto j = nlohmann::json::parse(mutate(stored, rng), nullptr, false);
    if (j.is_discarded()) continue;
    auto parsed = RecordHistory::from_json(j);
    if (parsed.ok()) (void)materialise(*parsed);
  }
}
