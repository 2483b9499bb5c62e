// Two tablets at one meeting, offline, then synced in every order: all replicas and
// the server end identical, the concurrent edit kept as a conflict.
#include <catch2/catch.hpp>

#include <thread>

#include "tablet.h"

using namespace terrain;
using namespace terrain::test;

namespace {

struct Meeting {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a{f.dir.file("a.db")};
  Tablet b{f.dir.file("b.db")};
  std::string person;

  Meeting() {
    for (Tablet* t : {&a, &b}) {
      auto e = t->enrol(f.server.url(),
                        f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}));
      INFO((e ? "" : e.error().to_string()));
      REQUIRE(e.ok());
    }
    // Before the meeting: A registers a participant, both tablets get it.
    a.synced();
    person = a.create("attendance", attendee_fields(meeting, "Camille Martin"));
    a.synced();
    b.synced();
    REQUIRE(b.replica->get("attendance", person).ok());
    // In the room, offline: both check people in and edit the same participant.
    a.create("attendance", attendee_fields(meeting, "Alix Bernard"));
    a.create("attendance", attendee_fields(meeting, "Noé Petit"));
    b.create("attendance", attendee_fields(meeting, "Lou Garnier"));
    a.update("attendance", person, {{"organisation", "ARS Bretagne"}});
    b.update("attendance", person, {{"organisation", "CD du Finistère"}});
  }

  void settle() {
    for (int i = 0; i < 2; ++i) {
      a.synced();
      b.synced();
    }
  }
  void check_identical() {
    const std::string server = server_state(*f.admin, meeting);
    CHECK(a.state() == server);
    CHECK(b.state() == server);
    CHECK(a.progress_violations.empty());
    CHECK(b.progress_violations.empty());
    auto conflicts = a.replica->conflicts();
    REQUIRE(conflicts.ok());
    REQUIRE(conflicts->size() == 1);
    CHECK((*conflicts)[0].field == "organisation");
    CHECK((*conflicts)[0].id == person);
    CHECK(a.replica->query("attendance")->size() == 4);
  }
};

}  // namespace

TEST_CASE("Tablets that sync A then B end identical to each other and to the server",
          "[e2e][convergence]") {
  Meeting m;
  m.a.synced();
  m.b.synced();
  m.settle();
  m.check_identical();
}

TEST_CASE("Tablets that sync B then A end identical to each other and to the server",
          "[e2e][convergence]") {
  Meeting m;
  m.b.synced();
  m.a.synced();
  m.settle();
  m.check_identical();
}

TEST_CASE("Tablets that sync at the same moment end identical", "[e2e][convergence]") {
  Meeting m;
  Result<nlohmann::json> ra = make_error(Errc::internal, "not run"), rb = ra;
  std::thread ta([&] { ra = m.a.sync(); });
  std::thread tb([&] { rb = m.b.sync(); });
  ta.join();
  tb.join();
  REQUIRE(ra.ok());
  REQUIRE(rb.ok());
  m.settle();
  m.check_identical();
}

TEST_CASE("A tablet that syncs twice before the other, with re-syncs, still converges",
          "[e2e][convergence]") {
  Meeting m;
  m.a.synced();
  m.a.synced();
  m.b.update("attendance", m.person, {{"role", "intervenant"}});
  m.b.synced();
  m.a.synced();
  m.settle();
  const std::string server = server_state(*m.f.admin, m.meeting);
  CHECK(m.a.state() == server);
  CHECK(m.b.state() == server);
  CHECK(m.a.replica->get("attendance", m.person)->at("role") == "intervenant");
}
