// The outbox: sealing, chaining, receipts, re-stamping, server restores.
#include <atomic>
#include <fstream>
#include <iterator>

#include "replica_fixtures.h"
#include "terrain/protocol/ids.h"

using namespace terrain;
using namespace terrain::test;

namespace {

struct FakeServer {
  KeyPair key = generate_keypair();
  std::string epoch = "epoch-1";

  SignedReceipt receipt(const Replica& r, const PendingChangeSet& p, Outcome outcome,
                        std::string reason = {}) const {
    Receipt rc;
    rc.change_set = p.hash;
    rc.device = r.device_id();
    rc.seq = p.seq;
    rc.position = p.seq;
    rc.outcome = outcome;
    rc.reason = std::move(reason);
    rc.epoch = epoch;
    rc.server_time_ms = 1;
    return sign_receipt(rc, key.secret_key);
  }
  // What the sync layer does: verify with the pinned key, then record.
  void acknowledge(Replica& r, const PendingChangeSet& p, Outcome outcome,
                   std::string reason = {}) const {
    auto sr = receipt(r, p, outcome, std::move(reason));
    auto verified = must(verify_receipt(sr, key.public_key));
    must(r.record_receipt(p.seq, sr, verified));
  }
};

ChangeSet parse(const Replica& r, const PendingChangeSet& p) {
  auto cs = verify_and_parse(p.signed_change_set, r.public_key(), Limits{});
  if (!cs) FAIL("does not verify: " << cs.error().to_string());
  return std::move(cs).value();
}

// Checks that change sets 1..n verify, have consecutive seqs and chain by prev.
void check_chain(const Replica& r, const std::vector<PendingChangeSet>& sets) {
  std::string prev(kGenesisPrev);
  std::uint64_t seq = 0;
  for (const auto& p : sets) {
    const ChangeSet cs = parse(r, p);
    CHECK(cs.seq == ++seq);
    CHECK(cs.prev == prev);
    CHECK(p.hash == p.signed_change_set.hash());
    prev = p.hash;
  }
}

}  // namespace

TEST_CASE("Sealing makes one signed change set per meeting, chained by prev") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string m1 = must(r->create("meeting", meeting_fields("Rencontre A")));
  must(r->create("attendance", attendance_fields(m1)));
  const std::string m2 = must(r->create("meeting", meeting_fields("Rencontre B")));
  must(r->create("attendance", attendance_fields(m1, "Jean Martin")));
  const auto* definition = SchemaRegistry::embedded().document(
      "questionnaires/satisfaction-rencontre-territoriale-v1.json");
  REQUIRE(definition != nullptr);
  must(r->create("questionnaire", {{"questionnaire_id", (*definition)["id"]},
                                   {"version", (*definition)["version"]},
                                   {"definition", *definition}}));

  auto outbox = must(r->outbox());
  REQUIRE(outbox.size() == 3);
  CHECK(outbox[0].state == OutboxState::draft);
  CHECK(outbox[0].meeting == m1);
  CHECK(outbox[0].changes == 3);

  CHECK(must(r->seal()) == 3);
  CHECK(must(r->seal()) == 0);
  auto sets = must(r->pending());
  REQUIRE(sets.size() == 3);
  check_chain(*r, sets);
  CHECK(parse(*r, sets[0]).meeting == m1);
  CHECK(parse(*r, sets[0]).changes.size() == 3);
  CHECK(parse(*r, sets[1]).meeting == m2);
  CHECK(parse(*r, sets[2]).meeting == "global");
  CHECK(parse(*r, sets[0]).schema == SchemaRegistry::embedded().version());
  // Personal values travel detached, beside the body.
  CHECK(sets[0].signed_change_set.body.find("Hélène") == std::string::npos);
  CHECK(sets[0].signed_change_set.values.size() == 2);
  CHECK(must(r->info())["pending_change_sets"] == 3);
}

TEST_CASE("A change set holds at most seal_batch changes") {
  TempDir dir;
  ReplicaOptions options;
  options.limits.seal_batch = 3;
  auto r = open_replica(dir.file("tablet.db"), options);
  const std::string m = must(r->create("meeting", meeting_fields()));
  for (int i = 0; i < 6; ++i) must(r->create("attendance", attendance_fields(m)));
  CHECK(must(r->seal()) == 3);
  auto sets = must(r->pending());
  check_chain(*r, sets);
  for (const auto& p : sets) CHECK(parse(*r, p).changes.size() <= 3);
}

TEST_CASE("Drafts and the outbox survive a restart") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  std::vector<std::string> hashes;
  {
    auto r = open_replica(path);
    const std::string m = must(r->create("meeting", meeting_fields()));
    must(r->seal());
    must(r->create("attendance", attendance_fields(m)));
    for (const auto& p : must(r->pending())) hashes.push_back(p.hash);
  }
  auto r = open_replica(path);
  auto sets = must(r->pending());
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].hash == hashes[0]);
  CHECK(must(r->seal()) == 1);
  sets = must(r->pending());
  REQUIRE(sets.size() == 2);
  check_chain(*r, sets);
}

TEST_CASE("Receipts give every change set an explicit outcome") {
  TempDir dir;
  FakeServer server;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string m = must(r->create("meeting", meeting_fields()));
  must(r->seal());
  must(r->create("attendance", attendance_fields(m)));
  must(r->seal());
  must(r->create("attendance", attendance_fields(m)));
  must(r->seal());
  auto sets = must(r->pending());
  REQUIRE(sets.size() == 3);
  for (const auto& p : sets) must(r->mark_sent(p.seq));
  CHECK(must(r->outbox())[0].state == OutboxState::sent);

  server.acknowledge(*r, sets[0], Outcome::accepted);
  server.acknowledge(*r, sets[1], Outcome::quarantined, "out_of_scope");
  server.acknowledge(*r, sets[2], Outcome::rejected, "clock_ahead");

  auto outbox = must(r->outbox());
  CHECK(outbox[0].state == OutboxState::accepted);
  CHECK(outbox[1].state == OutboxState::quarantined);
  CHECK(outbox[1].reason == "out_of_scope");
  CHECK(outbox[2].state == OutboxState::pending);
  CHECK(outbox[2].reason == "clock_ahead");
  auto still = must(r->pending());
  REQUIRE(still.size() == 1);
  CHECK(still[0].seq == 3);
  CHECK(must(r->last_acknowledged_seq()) == 2);

  SECTION("a receipt for other bytes is refused") {
    auto sr = server.receipt(*r, sets[0], Outcome::accepted);
    auto verified = must(verify_receipt(sr, server.key.public_key));
    CHECK(r->record_receipt(3, sr, verified).code() == Errc::hash_mismatch);
  }
  SECTION("an acknowledged change set stays acknowledged") {
    server.acknowledge(*r, sets[0], Outcome::rejected, "fork");
    CHECK(must(r->outbox())[0].state == OutboxState::accepted);
  }
}

TEST_CASE("A tablet dated in the future re-stamps its unacknowledged change sets") {
  TempDir dir;
  FakeServer server;
  const std::uint64_t real_now = 1718000000000ULL;
  const std::int64_t ahead = 3LL * 365 * 24 * 3600 * 1000;  // three years ahead
  std::atomic<std::uint64_t> tablet_clock{real_now + static_cast<std::uint64_t>(ahead)};
  ReplicaOptions options;
  options.physical_clock = [&] { return tablet_clock.load(); };
  auto r = open_replica(dir.file("tablet.db"), options);

  // seq 1 was made while the clock was right, and is acknowledged.
  tablet_clock = real_now - 1000;
  const std::string m = must(r->create("meeting", meeting_fields()));
  must(r->seal());
  server.acknowledge(*r, must(r->pending())[0], Outcome::accepted);
  // Then the clock jumps three years ahead.
  tablet_clock = real_now + static_cast<std::uint64_t>(ahead);
  const std::string p = must(r->create("attendance", attendance_fields(m)));
  must(r->update("attendance", p, {{"organisation", "ARS Bretagne"}}));
  must(r->seal());
  const std::string q = must(r->create("attendance", attendance_fields(m, "Jean Martin")));
  must(r->update("meeting", m, {{"title", "Rencontre renommée"}}));
  must(r->seal());
  must(r->update("attendance", q, {{"role", "animateur"}}));  // stays a draft
  const std::string before = state_of(*r);

  auto sent = must(r->pending());
  REQUIRE(sent.size() == 2);
  must(r->mark_sent(sent[0].seq));
  server.acknowledge(*r, sent[0], Outcome::rejected, "clock_ahead");
  server.acknowledge(*r, sent[1], Outcome::rejected, "sequence_gap");

  CHECK(must(r->restamp(-ahead, 2)) == 2);
  CHECK(r->clock_offset_ms() == -ahead);

  auto all = must(r->pending());
  REQUIRE(all.size() == 2);
  CHECK(all[0].seq == 2);
  CHECK(all[0].hash != sent[0].hash);
  // The whole chain verifies, seq 1 (acknowledged) untouched.
  std::string prev;
  for (const auto& e : must(r->outbox()))
    if (e.seq == 1) prev = e.hash;
  REQUIRE_FALSE(prev.empty());
  for (const auto& s : all) {
    const ChangeSet cs = parse(*r, s);
    CHECK(cs.prev == prev);
    prev = s.hash;
    for (const auto& c : cs.changes) {
      CHECK(c.t.ms < real_now + 60000);  // stamped with the corrected clock
      for (const auto& w : c.fields)
        if (w.base) CHECK(w.base->ms < real_now + 60000);  // bases remapped
    }
  }
  // The update of p saw p's creation: its base is the creation's new version.
  const ChangeSet cs2 = parse(*r, all[0]);
  REQUIRE(cs2.changes.size() == 2);
  REQUIRE(cs2.changes[1].fields.size() == 1);
  CHECK(cs2.changes[1].fields[0].base == cs2.changes[0].t);
  // Same state, and the draft got a fresh stamp too (no conflict appeared).
  CHECK(state_of(*r) == before);
  CHECK(must(r->conflicts()).empty());
  must(r->seal());
  auto last = must(r->pending());
  REQUIRE(last.size() == 3);
  CHECK(parse(*r, last[2]).prev == last[1].hash);
  CHECK(parse(*r, last[2]).changes[0].t.ms < real_now + 60000);
}

TEST_CASE("Acknowledged or in-flight change sets are never re-stamped") {
  TempDir dir;
  FakeServer server;
  auto r = open_replica(dir.file("tablet.db"));
  must(r->create("meeting", meeting_fields()));
  must(r->seal());
  auto p = must(r->pending())[0];
  SECTION("sent without an outcome") {
    must(r->mark_sent(1));
    CHECK(r->restamp(0, 1).error().code == Errc::conflict);
  }
  SECTION("acknowledged") {
    server.acknowledge(*r, p, Outcome::accepted);
    CHECK(r->restamp(0, 1).error().code == Errc::conflict);
  }
  CHECK(must(r->pending()).size() <= 1);
}

TEST_CASE("After a server restore, change sets it lost are pushed again with the same bytes") {
  TempDir dir;
  FakeServer server;
  auto r = open_replica(dir.file("tablet.db"));
  const std::string m = must(r->create("meeting", meeting_fields()));
  must(r->seal());
  for (int i = 0; i < 2; ++i) {
    must(r->create("attendance", attendance_fields(m)));
    must(r->seal());
  }
  auto sets = must(r->pending());
  REQUIRE(sets.size() == 3);
  for (const auto& p : sets) server.acknowledge(*r, p, Outcome::accepted);
  must(r->apply_remote({}, "cursor-42"));
  CHECK(must(r->pending()).empty());

  // The server came back from a backup that knew this device up to seq 1.
  CHECK(must(r->handle_epoch_change("epoch-2", 1)) == 2);
  CHECK(must(r->cursor()).empty());
  CHECK(must(r->server_info()).epoch == "epoch-2");
  auto again = must(r->pending());
  REQUIRE(again.size() == 2);
  CHECK(again[0].hash == sets[1].hash);
  CHECK(again[0].signed_change_set.body == sets[1].signed_change_set.body);
  CHECK(again[1].hash == sets[2].hash);
  // They were acknowledged once: never re-signed.
  CHECK(r->restamp(0, 2).error().code == Errc::conflict);
}

TEST_CASE("Server info is kept and the device token lives in the key store only") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  FakeServer server;
  {
    auto r = open_replica(path);
    ServerInfo info;
    info.url = "https://terrain.example.fr";
    info.public_key = server.key.public_key;
    info.epoch = "epoch-1";
    info.role = "facilitator";
    info.scope = {{"meetings", {"a", "b"}}};
    info.device_token = "secret-token-value";
    must(r->set_server_info(info));
    CHECK(must(r->info())["enrolled"] == true);
  }
  auto r = open_replica(path);
  auto info = must(r->server_info());
  CHECK(info.url == "https://terrain.example.fr");
  CHECK(info.public_key == server.key.public_key);
  CHECK(info.role == "facilitator");
  CHECK(info.scope["meetings"][1] == "b");
  CHECK(info.device_token == "secret-token-value");
  std::ifstream db(path, std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(db), std::istreambuf_iterator<char>()};
  std::ifstream wal(path + "-wal", std::ios::binary);
  bytes += std::string{std::istreambuf_iterator<char>(wal), std::istreambuf_iterator<char>()};
  CHECK(bytes.find("secret-token-value") == std::string::npos);
}

TEST_CASE("Requests are signed with the device key and change-set signatures are never given") {
  TempDir dir;
  auto r = open_replica(dir.file("tablet.db"));
  auto sig = must(r->sign_request("POST /v1/sync\n1234"));
  CHECK(verify(r->public_key(), kRequestContext, "POST /v1/sync\n1234", sig));
  CHECK(r->sign_request("x", kChangeSetContext).error().code == Errc::invalid_argument);
  CHECK(r->sign_request("x", kReceiptContext).error().code == Errc::invalid_argument);
  CHECK(r->sign_request("x", kRetractionContext).error().code == Errc::invalid_argument);
}
