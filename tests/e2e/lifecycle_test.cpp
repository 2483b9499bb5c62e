// A tablet's life: enrolment (HTTPS, certificates), quarantine, revocation of a
// lost tablet, erasure of a name.
#include <catch2/catch.hpp>

#include "tablet.h"

using namespace terrain;
using namespace terrain::test;

TEST_CASE("A tablet enrols over HTTPS with the deployment's CA and syncs", "[e2e][tls]") {
  TempDir certs;
  std::string key = certs.file("key.pem"), cert = certs.file("cert.pem");
  auto made = run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
       cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      certs.file("openssl"));
  REQUIRE(made.exit_code == 0);
  test_ca_file() = cert;
  ServerFixture f({{"--tls-cert", cert, "--tls-key", key}, cert});
  std::string meeting = f.new_meeting();
  std::string code = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});

  Tablet untrusting(f.dir.file("u.db"));
  test_ca_file().clear();  // this one has no CA file: the certificate is not trusted
  auto refused = untrusting.enrol(f.server.url(), code);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::certificate);

  test_ca_file() = cert;
  Tablet t(f.dir.file("t.db"));
  auto e = t.enrol(f.server.url(), code);
  INFO((e ? "" : e.error().to_string()));
  REQUIRE(e.ok());
  CHECK((*e)["role"] == "facilitator");
  t.create("attendance", attendee_fields(meeting, "Alix"));
  CHECK(t.synced()["accepted"] == 1);
  test_ca_file().clear();
}

TEST_CASE("Sync before enrolment and enrolment with a used code fail with their codes",
          "[e2e][enrolment]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a(f.dir.file("a.db")), b(f.dir.file("b.db"));
  auto early = a.sync();
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().code == Errc::not_enrolled);
  std::string code = f.admin->enrolment_code("evaluator", {{"meetings", {meeting}}});
  REQUIRE(a.enrol(f.server.url(), code).ok());
  auto reused = b.enrol(f.server.url(), code);
  REQUIRE_FALSE(reused.ok());
  CHECK(reused.error().code == Errc::enrolment_code_used);
  auto offline = b.enrol("http://127.0.0.1:1", code);
  REQUIRE_FALSE(offline.ok());
  CHECK(offline.error().code == Errc::network);
}

TEST_CASE("An out-of-scope change set is quarantined and the tablet keeps syncing",
          "[e2e][quarantine]") {
  ServerFixture f;
  std::string mine = f.new_meeting(), other = f.new_meeting();
  Tablet t(f.dir.file("t.db"));
  REQUIRE(
      t.enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {mine}}})).ok());
  t.create("attendance", attendee_fields(other, "Hors champ"));
  auto r1 = t.synced();
  CHECK(r1["quarantined"] == 1);
  t.create("attendance", attendee_fields(mine, "Dans le champ"));
  auto r2 = t.synced();
  CHECK(r2["accepted"] == 1);
  auto outbox = t.replica->outbox();
  REQUIRE(outbox.ok());
  REQUIRE(outbox->size() == 2);
  CHECK((*outbox)[0].state == OutboxState::quarantined);
  CHECK((*outbox)[0].reason == "out_of_scope");
  CHECK((*outbox)[1].state == OutboxState::accepted);
}

TEST_CASE("Revoking a lost tablet withdraws its later changes from every tablet",
          "[e2e][revocation]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet lost(f.dir.file("lost.db")), other(f.dir.file("other.db"));
  for (Tablet* t : {&lost, &other})
    REQUIRE(
        t->enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}))
            .ok());
  std::string kept = lost.create("attendance", attendee_fields(meeting, "Gardé"));
  lost.synced();  // seq 1
  std::string withdrawn = lost.create("attendance", attendee_fields(meeting, "Retiré"));
  lost.synced();  // seq 2
  other.synced();
  REQUIRE(other.replica->get("attendance", withdrawn).ok());

  auto r =
      f.admin->post("/admin/devices/" + lost.replica->device_id() + "/revoke", {{"after_seq", 1}});
  REQUIRE(r.status == 200);
  other.synced();
  CHECK(other.replica->get("attendance", kept).ok());
  auto gone = other.replica->query("attendance");
  REQUIRE(gone.ok());
  CHECK(gone->size() == 1);
  CHECK(other.state() == server_state(*f.admin, meeting));

  lost.create("attendance", attendee_fields(meeting, "Après la perte"));
  auto refused = lost.sync();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::device_revoked);
}

TEST_CASE("Erasing a name reaches every tablet and signatures still verify", "[e2e][erasure]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  Tablet a(f.dir.file("a.db")), b(f.dir.file("b.db"));
  for (Tablet* t : {&a, &b})
    REQUIRE(
        t->enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}))
            .ok());
  std::string person = a.create("attendance", attendee_fields(meeting, "Dominique Lefèvre"));
  a.synced();
  b.synced();
  REQUIRE(b.replica->get("attendance", person)->at("display_name") == "Dominique Lefèvre");

  auto r = f.admin->post("/admin/redactions",
                         {{"collection", "attendance"}, {"id", person}, {"field", "display_name"}});
  REQUIRE(r.status == 200);
  a.synced();
  b.synced();
  for (Tablet* t : {&a, &b}) {
    auto rec = t->replica->get("attendance", person);
    REQUIRE(rec.ok());
    CHECK(rec->at("display_name").is_null());
    CHECK(rec->at("_redacted") == nlohmann::json::array({"display_name"}));
  }
  // A tablet enrolled later never receives the name.
  Tablet c(f.dir.file("c.db"));
  REQUIRE(c.enrol(f.server.url(), f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}))
              .ok());
  c.synced();
  CHECK(c.replica->get("attendance", person)->at("display_name").is_null());
  CHECK(c.state() == server_state(*f.admin, meeting));
  CHECK(a.state() == server_state(*f.admin, meeting));
}
