// Durability: crashes in the middle of pushes, and backups taken during writes.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "fixture.h"
#include "sqlite_file.h"

using namespace terrain;
using namespace terrain::test;

namespace {

std::string integrity(const std::string& db_path) {
  auto rows = SqliteFile(db_path).query("PRAGMA integrity_check");
  return !rows.empty() && !rows[0].empty() && rows[0][0] ? *rows[0][0] : "no answer";
}

// A device pushing its chain in order, keeping every change set it sealed and
// moving on only with a verified receipt (what the sync client does).
struct Pusher {
  Pusher() = default;
  Pusher(std::unique_ptr<RawDevice> d, std::string m)
      : device(std::move(d)), meeting(std::move(m)) {}
  std::unique_ptr<RawDevice> device;
  std::string meeting;
  std::vector<SignedChangeSet> sealed;  // seq i + 1 at index i, kept for ever
  std::vector<std::string> people;      // one check-in per change set
  std::vector<Receipt> receipts;        // the latest receipt of each acknowledged one
  std::size_t next = 0;                 // first change set without a receipt
  int unanswered = 0;                   // pushes cut by a crash

  void write_some(int n) {
    for (int i = 0; i < n; ++i) {
      people.push_back(new_uuid_v7());
      sealed.push_back(
          device->check_in(meeting, people.back(), "P" + std::to_string(people.size())));
    }
  }
  std::string error;  // an unexpected answer (checked by the test's thread)

  // Pushes until every change set is acknowledged or the server stops answering.
  // No Catch2 assertions here: it runs on other threads.
  bool push_all(const std::function<void()>& after_each = {}) {
    while (next < sealed.size()) {
      auto r = device->push(sealed[next]);
      if (r.status == 0) {  // no answer: keep it, retry later
        ++unanswered;
        return false;
      }
      auto sr = r.status == 200 ? SignedReceipt::from_json(r.json["receipt"])
                                : Result<SignedReceipt>(make_error(Errc::internal, r.body));
      auto rc = sr.ok() ? verify_receipt(*sr, device->server_key) : Result<Receipt>(sr.error());
      if (!rc.ok() || rc->change_set != sealed[next].hash()) {
        error = "seq " + std::to_string(next + 1) + ": " + r.body;
        return false;
      }
      if (receipts.size() <= next) receipts.resize(next + 1);
      receipts[next] = *rc;
      ++next;
      if (after_each) after_each();
    }
    return true;
  }
};

}  // namespace

TEST_CASE("Killing the server in the middle of pushes loses no acknowledged change set",
          "[server][durability]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::vector<Pusher> pushers(2);
  for (auto& p : pushers) {
    p.device = f.facilitator({meeting});
    p.meeting = meeting;
  }
  const int iterations = 20;
  for (int it = 0; it < iterations; ++it) {
    std::mutex m;
    std::condition_variable cv;
    int acked = 0;
    std::size_t finished = 0;
    std::vector<std::thread> threads;
    for (auto& p : pushers) {
      p.write_some(4);
      threads.emplace_back([&p, &m, &cv, &acked, &finished] {
        p.push_all([&] {
          std::lock_guard lock(m);
          ++acked;
          cv.notify_all();
        });
        std::lock_guard lock(m);
        ++finished;
        cv.notify_all();
      });
    }
    {
      // Kill after a few acknowledgements, while the others are in flight.
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return acked >= 1 + it % 3 || finished == pushers.size(); });
    }
    f.server.kill();
    for (auto& t : threads) t.join();
    for (auto& p : pushers) REQUIRE(p.error.empty());
    f.server.start();
    for (auto& p : pushers) {
      INFO(p.error);
      REQUIRE(p.push_all());  // retries complete (replays or new)
    }
  }
  // Every acknowledged change set is there, exactly once.
  std::size_t total = 0;
  for (auto& p : pushers) {
    auto listed = f.admin->device(p.device->id);
    CHECK(listed["last_seq"] == p.people.size());
    CHECK(p.receipts.size() == p.people.size());
    CHECK(p.next == p.sealed.size());
    for (std::size_t i = 0; i < p.receipts.size(); ++i) CHECK(p.receipts[i].seq == i + 1);
    total += p.people.size();
  }
  auto records = f.admin->records(meeting);
  CHECK(records.size() == total + 1);
  for (const auto& r : records) {
    if (r["_collection"] != "attendance") continue;
    CHECK(r["_deleted"] == false);
    CHECK(r["_conflicts"].empty());
  }
  // The kills did hit pushes in flight.
  int cut = 0;
  for (auto& p : pushers) cut += p.unanswered;
  CHECK(cut > 0);
  // Positions are unique: nothing logged twice.
  std::set<std::uint64_t> positions;
  for (auto& p : pushers)
    for (const auto& rc : p.receipts) CHECK(positions.insert(rc.position).second);
  f.server.stop();
  CHECK(integrity(f.server.data_dir() + "/terrain.db") == "ok");
}

TEST_CASE("A backup taken during writes restores to a working server with a new epoch",
          "[server][durability][backup]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Pusher a{f.facilitator({meeting}), meeting};
  Pusher b{f.facilitator({meeting}), meeting};
  a.write_some(5);
  b.write_some(5);
  REQUIRE(a.push_all());

  // Back up while B pushes.
  std::string backup = f.dir.file("backup.db");
  std::thread writer([&] { b.push_all(); });  // checked below
  auto made = f.server.run({"backup", "--data", f.server.data_dir(), "--out", backup});
  writer.join();
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  REQUIRE(b.next == b.sealed.size());

  // After the backup, both write more; B pulls everything.
  a.write_some(3);
  b.write_some(2);
  REQUIRE(a.push_all());
  REQUIRE(b.push_all());
  auto pulled = b.device->pull();
  REQUIRE(pulled.status == 200);
  const std::string old_epoch = a.device->epoch;
  const auto before = f.admin->records(meeting);

  // Disaster: restore the backup in place.
  f.server.stop();
  auto restored = f.server.run({"restore", "--data", f.server.data_dir(), "--from", backup});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  f.server.start();
  HttpClient http(f.server.url());
  std::string new_epoch = http.send("GET", "/healthz", "", "").json["epoch"];
  CHECK(new_epoch != old_epoch);
  AdminClient admin(f.server.url(), kAdminName, kAdminPassword);

  // B's cursor is from the lost future.
  auto stale = b.device->pull(pulled.json["cursor"]);
  CHECK(stale.code() == "epoch_mismatch");
  CHECK(stale.json["error"]["epoch"] == new_epoch);

  // Devices learn it at their next push and push again what the server lacks.
  for (Pusher* p : {&a, &b}) {
    p->write_some(1);
    auto probe = p->device->push(p->sealed.back(), {{"X-Terrain-Epoch", old_epoch}});
    INFO(probe.body);
    REQUIRE(probe.code() == "epoch_mismatch");
    auto last_seq = probe.json["error"]["last_seq"].get<std::size_t>();
    CHECK(last_seq < p->sealed.size() - 1);
    p->next = last_seq;
    p->device->epoch = new_epoch;
    REQUIRE(p->push_all());
    for (const auto& rc : p->receipts) CHECK((rc.epoch == new_epoch || rc.seq <= last_seq));
  }
  auto after = admin.records(meeting);
  // Everything the lost server had is back (the meeting record excepted: the
  // central change set is in the backup, identical), plus the two new check-ins.
  CHECK(after.size() == before.size() + 2);
  for (const auto& r : before) {
    bool found = false;
    for (const auto& x : after)
      if (x["_id"] == r["_id"]) found = (x == r);
    CHECK(found);
  }
  CHECK(b.device->pull().status == 200);
  f.server.stop();
  CHECK(integrity(f.server.data_dir() + "/terrain.db") == "ok");
}

TEST_CASE(
    "restore refuses a data directory in use, keeps the replaced database and carries over "
    "enrolments, codes and revocations made after the backup",
    "[server][durability][backup][restore]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto a = f.facilitator({meeting});
  auto c = f.facilitator({meeting});
  REQUIRE(a->push(a->check_in(meeting, new_uuid_v7(), "Ana")).status == 200);
  REQUIRE(c->push(c->check_in(meeting, new_uuid_v7(), "Cyd")).status == 200);
  REQUIRE(c->push(c->check_in(meeting, new_uuid_v7(), "Cyd bis")).status == 200);
  std::string backup = f.dir.file("backup.db");
  REQUIRE(f.server.run({"backup", "--data", f.server.data_dir(), "--out", backup}).exit_code == 0);

  // After the backup: a tablet enrols, a code is made and not used yet, A is revoked
  // at its last seq (the backup holds nothing after it), C at seq 1 (the backup holds
  // its seq 2).
  auto b = f.facilitator({meeting});
  std::string unused = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});
  std::string used = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});
  RawDevice e(f.server.url());
  REQUIRE(e.enrol(used).status == 200);
  REQUIRE(f.admin->post("/admin/devices/" + a->id + "/revoke", {{"after_seq", 1}}).status == 200);
  REQUIRE(f.admin->post("/admin/devices/" + c->id + "/revoke", {{"after_seq", 1}}).status == 200);
  const std::string old_epoch = a->epoch;

  SECTION("refused while the server runs, and nothing changes") {
    auto refused = f.server.run({"restore", "--data", f.server.data_dir(), "--from", backup});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("in use by a running terrain-server") != std::string::npos);
    HttpClient http(f.server.url());
    CHECK(http.send("GET", "/healthz", "", "").json["epoch"] == old_epoch);
    CHECK_FALSE(f.admin->device(b->id).is_null());
    // A second server on the same directory refuses to start, too.
    ServerProcess second(f.server.data_dir());
    CHECK_THROWS(second.start());
  }
  SECTION("once stopped, restored with what the backup could not know") {
    f.server.stop();
    auto restored = f.server.run({"restore", "--data", f.server.data_dir(), "--from", backup});
    INFO(restored.out + restored.err);
    REQUIRE(restored.exit_code == 0);
    CHECK(restored.out.find("terrain.db.replaced-") != std::string::npos);
    CHECK(restored.out.find("TO DO: device " + c->id) != std::string::npos);
    // What was carried over, counted: B and E enrolled, A's revocation, three codes.
    CHECK(restored.out.find("2 device(s) enrolled after the backup") != std::string::npos);
    CHECK(restored.out.find("1 revocation(s) made after the backup") != std::string::npos);
    CHECK(restored.out.find("3 enrolment code(s) created or used after the backup") !=
          std::string::npos);
    bool kept = false;
    for (const auto& entry : std::filesystem::directory_iterator(f.server.data_dir()))
      kept = kept || entry.path().filename().string().rfind("terrain.db.replaced-", 0) == 0;
    CHECK(kept);
    f.server.start();
    AdminClient admin(f.server.url(), kAdminName, kAdminPassword);

    // B, enrolled after the backup, is still registered, with an empty chain.
    auto bd = admin.device(b->id);
    REQUIRE(bd.is_object());
    CHECK(bd["last_seq"] == 0);
    CHECK(bd["revoked"] == false);
    // It pushes again from seq 1 (epoch_mismatch tells it so).
    auto probe =
        b->push(b->check_in(meeting, new_uuid_v7(), "Bao"), {{"X-Terrain-Epoch", old_epoch}});
    CHECK(probe.code() == "epoch_mismatch");
    CHECK(probe.json["error"]["last_seq"] == 0);
    // A used code stays used; an unused one made after the backup still works.
    RawDevice thief(f.server.url());
    CHECK(thief.enrol(used).code() == "enrolment_code_used");
    RawDevice late(f.server.url());
    CHECK(late.enrol(unused).status == 200);
    // A's revocation is carried over (nothing of A after its cut-off in the backup).
    CHECK(admin.device(a->id)["revoked"] == true);
    CHECK(a->request("GET", "/v1/device", "").code() == "device_revoked");
    // C's is not (the backup holds its seq 2): the administrator was told to redo it.
    CHECK(admin.device(c->id)["revoked"] == false);
    auto again = admin.post("/admin/devices/" + c->id + "/revoke", {{"after_seq", 1}});
    CHECK(again.status == 200);
    CHECK(again.json["withdrawn_change_sets"] == 1);
    f.server.stop();
    CHECK(integrity(f.server.data_dir() + "/terrain.db") == "ok");
    f.server.start();
  }
}
