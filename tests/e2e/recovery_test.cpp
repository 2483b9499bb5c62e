// Recovery: wrong clocks, interrupted syncs, crashes, and a server restored from a
// backup taken during writes.
#include <catch2/catch.hpp>

#include <thread>

#include "tablet.h"

using namespace terrain;
using namespace terrain::test;

namespace {

void enrol(Tablet& t, ServerFixture& f, const std::string& meeting) {
  auto e =
      t.enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}));
  INFO((e ? "" : e.error().to_string()));
  REQUIRE(e.ok());
}

}  // namespace

TEST_CASE("A tablet whose clock is an hour ahead learns the server time and re-stamps",
          "[e2e][clock]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet fast(f.dir.file("fast.db"));
  enrol(fast, f, meeting);
  // The clock goes wrong after enrolment (which corrected it).
  fast.clock_error_ms_ = 3'600'000;
  REQUIRE(fast.replica->set_clock_offset_ms(0).ok());
  std::string person = fast.create("attendance", attendee_fields(meeting, "Sacha Roux"));
  auto r = fast.synced();
  CHECK(r["accepted"] == 1);
  CHECK(r["restamped"].get<int>() >= 1);
  CHECK(std::llabs(r["clock_offset_ms"].get<std::int64_t>() + 3'600'000) < 60'000);
  CHECK(f.admin->get("/admin/records/attendance/" + person).status == 200);
  auto outbox = fast.replica->outbox();
  REQUIRE(outbox.ok());
  for (const auto& e : *outbox) CHECK(e.state == OutboxState::accepted);
  CHECK(fast.state() == server_state(*f.admin, meeting));
}

TEST_CASE("An interrupted pull resumes from its last page", "[e2e][resume]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a(f.dir.file("a.db")), b(f.dir.file("b.db"));
  enrol(a, f, meeting);
  enrol(b, f, meeting);
  for (int i = 0; i < 9; ++i) {
    a.create("attendance", attendee_fields(meeting, "P" + std::to_string(i)));
    a.synced();  // one change set each
  }
  int pages_seen = 0;
  auto stopped = b.sync([&] { return ++pages_seen > 3; }, 2);  // cancel after a few requests
  REQUIRE(stopped.ok());
  CHECK((*stopped)["cancelled"] == true);
  auto partial = b.replica->query("attendance");
  REQUIRE(partial.ok());
  CHECK(partial->size() < 9);
  auto rest = b.sync({}, 2);
  REQUIRE(rest.ok());
  CHECK((*rest)["pulled"].get<std::size_t>() + 0 >= 9 - partial->size());
  CHECK(b.replica->query("attendance")->size() == 9);
  CHECK(b.state() == server_state(*f.admin, meeting));
  CHECK(b.progress_violations.empty());
}

TEST_CASE("Killing the server during syncs loses nothing and applies nothing twice",
          "[e2e][crash]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a(f.dir.file("a.db")), b(f.dir.file("b.db"));
  enrol(a, f, meeting);
  enrol(b, f, meeting);
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 3; ++i) {
      a.create("attendance", attendee_fields(meeting, "A" + std::to_string(round * 3 + i)));
      b.create("attendance", attendee_fields(meeting, "B" + std::to_string(round * 3 + i)));
    }
    std::atomic<bool> a_started{false};
    std::thread ta([&] {
      a_started = true;
      (void)a.sync();
    });
    (void)b.sync();  // B syncs while A does; then the server dies
    while (!a_started) std::this_thread::yield();
    f.server.kill();
    ta.join();
    f.server.start();
  }
  for (int i = 0; i < 2; ++i) {
    a.synced();
    b.synced();
  }
  CHECK(a.replica->query("attendance")->size() == 36);
  CHECK(a.state() == server_state(*f.admin, meeting));
  CHECK(b.state() == a.state());
  CHECK(a.progress_violations.empty());
}

TEST_CASE("A server restored from a backup taken during writes gets back what it lost",
          "[e2e][backup]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a(f.dir.file("a.db")), b(f.dir.file("b.db"));
  enrol(a, f, meeting);
  enrol(b, f, meeting);
  for (int i = 0; i < 4; ++i)
    a.create("attendance", attendee_fields(meeting, "A" + std::to_string(i)));
  a.synced();

  std::string backup = f.dir.file("backup.db");
  for (int i = 0; i < 4; ++i)
    b.create("attendance", attendee_fields(meeting, "B" + std::to_string(i)));
  Result<nlohmann::json> during = make_error(Errc::internal, "not run");
  std::thread writer([&] { during = b.sync(); });
  auto made = f.server.run({"backup", "--data", f.server.data_dir(), "--out", backup});
  writer.join();
  REQUIRE(made.exit_code == 0);
  REQUIRE(during.ok());

  // After the backup: more writes, both synced.
  a.create("attendance", attendee_fields(meeting, "A-after"));
  b.create("attendance", attendee_fields(meeting, "B-after"));
  a.synced();
  b.synced();
  a.synced();
  const std::string before = a.state();
  REQUIRE(b.state() == before);

  f.server.stop();
  REQUIRE(f.server.run({"restore", "--data", f.server.data_dir(), "--from", backup}).exit_code ==
          0);
  f.server.start();
  AdminClient admin(f.server.url(), kAdminName, kAdminPassword);

  auto ra = a.synced();
  auto rb = b.synced();
  CHECK(ra["epoch_changed"] == true);
  CHECK(rb["epoch_changed"] == true);
  a.synced();
  b.synced();
  CHECK(a.state() == before);
  CHECK(b.state() == before);
  CHECK(server_state(admin, meeting) == before);
  CHECK(admin.records(meeting).size() == 11);
}
