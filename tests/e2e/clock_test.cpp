// A wrong tablet clock is corrected, not refused (issue 19, docs/protocol.md §2): a
// clock three days ahead or behind, gone wrong after enrolment or already wrong at
// enrolment, syncs the first time; change sets stamped ahead are re-stamped near the
// server's time, change sets stamped in the past are kept as a late sync; the sync
// summary (and the enrolment answer) say by how much the clock was corrected.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <vector>

#include "tablet.h"
#include "terrain/protocol/change_set.h"

using namespace terrain;
using namespace terrain::test;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kClose = 60'000;  // "near": within a minute

void enrol(Tablet& t, ServerFixture& f, const std::string& meeting,
           nlohmann::json* answer = nullptr) {
  auto e =
      t.enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}));
  INFO((e ? "" : e.error().to_string()));
  REQUIRE(e.ok());
  if (answer) *answer = *e;
}

// The physical milliseconds of every change stamp of `device`'s change sets, as the
// server serves them to another device of the meeting.
std::vector<std::int64_t> served_stamps(ServerFixture& f, const std::string& meeting,
                                        const std::string& device) {
  auto reader = f.facilitator({meeting});
  auto page = reader->pull();
  INFO(page.body);
  REQUIRE(page.status == 200);
  std::vector<std::int64_t> out;
  for (const auto& e : page.json["entries"]) {
    if (e.value("kind", "") != "change_set" || e.value("device", "") != device) continue;
    auto body = nlohmann::json::parse(e["change_set"]["body"].get<std::string>());
    for (const auto& c : body["changes"]) {
      auto t = Hlc::parse(c["t"].get<std::string>());
      REQUIRE(t.has_value());
      out.push_back(static_cast<std::int64_t>(t->ms));
    }
  }
  return out;
}

void all_accepted(Tablet& t) {
  auto outbox = t.replica->outbox();
  REQUIRE(outbox.ok());
  REQUIRE_FALSE(outbox->empty());
  for (const auto& e : *outbox) CHECK(e.state == OutboxState::accepted);
}

std::int64_t now_ms() {
  return static_cast<std::int64_t>(wall_ms());
}

}  // namespace

TEST_CASE("A clock three days ahead after enrolment syncs the first time and re-stamps",
          "[e2e][clock]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  Tablet t(f.dir.file("ahead.db"));
  enrol(t, f, meeting);
  t.clock_error_ms_ = 3 * kDay;  // the clock jumps after enrolment, before capture
  const std::string a = t.create("attendance", attendee_fields(meeting, "Sacha Roux"));
  const std::string b = t.create("attendance", attendee_fields(meeting, "Lou Garnier"));

  auto r = t.synced();  // the first sync goes through
  CHECK(r["accepted"] == 1);
  CHECK(r["restamped"].get<int>() >= 1);
  CHECK(std::llabs(r["clock_corrected_ms"].get<std::int64_t>() + 3 * kDay) < kClose);
  CHECK(std::llabs(r["clock_offset_ms"].get<std::int64_t>() + 3 * kDay) < kClose);
  all_accepted(t);
  CHECK(f.admin->get("/admin/records/attendance/" + a).status == 200);
  CHECK(f.admin->get("/admin/records/attendance/" + b).status == 200);
  const auto stamps = served_stamps(f, meeting, t.replica->device_id());
  REQUIRE(stamps.size() == 2);
  for (auto ms : stamps) CHECK(std::llabs(ms - now_ms()) < kClose);  // re-stamped

  // Corrected for good: the next capture is stamped near the server's time, and the
  // next sync has nothing to correct.
  t.create("attendance", attendee_fields(meeting, "Noé Petit"));
  auto again = t.synced();
  CHECK(again["clock_corrected_ms"] == 0);
  CHECK(again["restamped"] == 0);
  for (auto ms : served_stamps(f, meeting, t.replica->device_id()))
    CHECK(std::llabs(ms - now_ms()) < kClose);
  CHECK(t.state() == server_state(*f.admin, meeting));
}

TEST_CASE("A clock three days ahead with nothing to push corrects itself on the first pull",
          "[e2e][clock]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  Tablet writer(f.dir.file("writer.db")), late(f.dir.file("late.db"));
  enrol(writer, f, meeting);
  enrol(late, f, meeting);
  writer.create("attendance", attendee_fields(meeting, "Camille Martin"));
  writer.synced();

  late.clock_error_ms_ = 3 * kDay;  // its first request of the sync is a pull
  auto r = late.synced();
  CHECK(r["pushed"] == 0);
  CHECK(r["pulled"].get<int>() >= 1);
  CHECK(std::llabs(r["clock_corrected_ms"].get<std::int64_t>() + 3 * kDay) < kClose);
  CHECK(late.replica->query("attendance")->size() == 1);
  CHECK(late.state() == server_state(*f.admin, meeting));
}

TEST_CASE("A clock three days behind after enrolment syncs the first time as a late sync",
          "[e2e][clock]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  Tablet t(f.dir.file("behind.db"));
  enrol(t, f, meeting);
  t.clock_error_ms_ = -3 * kDay;
  const std::string a = t.create("attendance", attendee_fields(meeting, "Marc Vidal"));

  auto r = t.synced();
  CHECK(r["accepted"] == 1);
  CHECK(std::llabs(r["clock_corrected_ms"].get<std::int64_t>() - 3 * kDay) < kClose);
  // A stamp in the past cannot be told from a capture made days ago (protocol.md §2):
  // the change set is accepted as it was signed, not re-stamped.
  CHECK(r["restamped"] == 0);
  all_accepted(t);
  CHECK(f.admin->get("/admin/records/attendance/" + a).status == 200);
  auto stamps = served_stamps(f, meeting, t.replica->device_id());
  REQUIRE(stamps.size() == 1);
  CHECK(std::llabs(stamps[0] - (now_ms() - 3 * kDay)) < kClose);

  // What it captures from now on is stamped near the server's time.
  t.create("attendance", attendee_fields(meeting, "Sophie Bernard"));
  auto again = t.synced();
  CHECK(again["clock_corrected_ms"] == 0);
  stamps = served_stamps(f, meeting, t.replica->device_id());
  REQUIRE(stamps.size() == 2);
  CHECK(std::llabs(stamps[1] - now_ms()) < kClose);
  CHECK(t.state() == server_state(*f.admin, meeting));
}

TEST_CASE("A clock three days ahead at enrolment is corrected there and its captures re-stamped",
          "[e2e][clock]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  Tablet t(f.dir.file("ahead-enrol.db"), 3 * kDay);
  // Captured before enrolment, with the wrong clock.
  const std::string a = t.create("attendance", attendee_fields(meeting, "Karim Haddad"));
  nlohmann::json enrolled;
  enrol(t, f, meeting, &enrolled);
  CHECK(std::llabs(enrolled["clock_corrected_ms"].get<std::int64_t>() + 3 * kDay) < kClose);
  CHECK(std::llabs(enrolled["clock_offset_ms"].get<std::int64_t>() + 3 * kDay) < kClose);
  const std::string b = t.create("attendance", attendee_fields(meeting, "Louise Faure"));

  auto r = t.synced();
  CHECK(r["accepted"] == 1);
  CHECK(r["restamped"].get<int>() >= 1);
  CHECK(r["clock_corrected_ms"] == 0);  // enrolment already corrected it
  all_accepted(t);
  CHECK(f.admin->get("/admin/records/attendance/" + a).status == 200);
  CHECK(f.admin->get("/admin/records/attendance/" + b).status == 200);
  const auto stamps = served_stamps(f, meeting, t.replica->device_id());
  REQUIRE(stamps.size() == 2);
  for (auto ms : stamps) CHECK(std::llabs(ms - now_ms()) < kClose);
  CHECK(t.state() == server_state(*f.admin, meeting));
}

TEST_CASE("A clock three days behind at enrolment is corrected there and syncs the first time",
          "[e2e][clock]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  Tablet t(f.dir.file("behind-enrol.db"), -3 * kDay);
  const std::string a = t.create("attendance", attendee_fields(meeting, "Yves Morel"));
  nlohmann::json enrolled;
  enrol(t, f, meeting, &enrolled);
  CHECK(std::llabs(enrolled["clock_corrected_ms"].get<std::int64_t>() - 3 * kDay) < kClose);
  const std::string b = t.create("attendance", attendee_fields(meeting, "Claire Martin"));

  auto r = t.synced();
  CHECK(r["accepted"] == 1);
  CHECK(r["restamped"] == 0);
  CHECK(r["clock_corrected_ms"] == 0);
  all_accepted(t);
  CHECK(f.admin->get("/admin/records/attendance/" + a).status == 200);
  CHECK(f.admin->get("/admin/records/attendance/" + b).status == 200);
  const auto stamps = served_stamps(f, meeting, t.replica->device_id());
  REQUIRE(stamps.size() == 2);
  // Captured before enrolment: kept in the past. Captured after it: near the server.
  CHECK(std::llabs(stamps[0] - (now_ms() - 3 * kDay)) < kClose);
  CHECK(std::llabs(stamps[1] - now_ms()) < kClose);
  CHECK(t.state() == server_state(*f.admin, meeting));
}
