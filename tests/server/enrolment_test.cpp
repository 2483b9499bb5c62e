// Enrolment and administrator authentication against a real terrain-server.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fixture.h"

using namespace terrain;
using namespace terrain::test;

TEST_CASE("A device enrols once with a code and learns the server key, epoch, role and scope",
          "[server][enrolment]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string code = f.admin->enrolment_code("evaluator", {{"meetings", {meeting}}});

  RawDevice tablet(f.server.url());
  auto r = tablet.enrol(code);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["device_id"] == tablet.id);
  CHECK(r.json["role"] == "evaluator");
  CHECK(r.json["scope"]["meetings"][0] == meeting);
  CHECK(r.json["server_public_key"].get<std::string>().size() == 64);
  CHECK_FALSE(r.json["epoch"].get<std::string>().empty());

  auto listed = f.admin->device(tablet.id);
  REQUIRE(listed.is_object());
  CHECK(listed["role"] == "evaluator");
  CHECK(listed["last_seq"] == 0);

  SECTION("the same tablet retrying with the same code gets the same answer") {
    auto again = tablet.enrol(code);
    CHECK(again.status == 200);
    CHECK(again.json["device_id"] == tablet.id);
  }
  SECTION("another tablet with the used code is refused and nothing changes") {
    std::string before = f.admin->state({meeting});
    RawDevice thief(f.server.url());
    auto refused = thief.enrol(code);
    CHECK(refused.status == 403);
    CHECK(refused.code() == "enrolment_code_used");
    CHECK(refused.json["error"]["message"].get<std::string>().find("another device") !=
          std::string::npos);
    CHECK(f.admin->device(thief.id).is_null());
    CHECK(f.admin->state({meeting}) == before);
  }
}

TEST_CASE("An expired or unknown enrolment code is refused without any change",
          "[server][enrolment]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string before = f.admin->state({meeting});
  RawDevice tablet(f.server.url());

  auto expired = tablet.enrol(f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}, 0));
  CHECK(expired.status == 403);
  CHECK(expired.code() == "enrolment_code_expired");
  auto unknown = tablet.enrol("AAAA-BBBB-CCCC-DDDD");
  CHECK(unknown.status == 403);
  CHECK(unknown.code() == "enrolment_code_invalid");
  CHECK(f.admin->device(tablet.id).is_null());
  CHECK(f.admin->state({meeting}) == before);
}

TEST_CASE("Failed enrolments are rate limited per address, more strictly than other requests",
          "[server][enrolment]") {
  ServerFixture f({{"--auth-failures-per-window", "3"}});
  RawDevice tablet(f.server.url());
  for (int i = 0; i < 3; ++i) CHECK(tablet.enrol("WRONG-CODE").code() == "enrolment_code_invalid");
  auto blocked = tablet.enrol("WRONG-CODE");
  CHECK(blocked.status == 429);
  CHECK(blocked.code() == "rate_limited");
  CHECK(blocked.json["error"]["retry_after_s"].get<int>() > 0);
  // A good code is refused too while the address is blocked...
  auto good = tablet.enrol(f.admin->enrolment_code("facilitator", {{"cycle", "X"}}));
  CHECK(good.code() == "rate_limited");
  // ...but other requests still pass.
  CHECK(HttpClient(f.server.url()).send("GET", "/healthz", "", "").status == 200);
}

TEST_CASE("Enrolment requests are validated", "[server][enrolment]") {
  ServerFixture f;
  HttpClient http(f.server.url());
  CHECK(http.send("POST", "/v1/enrol", R"({"code":"X"})", "application/json").code() ==
        "invalid_argument");
  CHECK(http.send("POST", "/v1/enrol", R"({"code":"X","public_key":"zz"})", "application/json")
            .code() == "invalid_argument");
  CHECK(http.send("POST", "/v1/enrol", R"({"code":"X")", "application/json").code() == "malformed");
  CHECK(http.send("POST", "/v1/enrol", "code=X", "application/x-www-form-urlencoded").status ==
        415);
  auto bad_role =
      f.admin->post("/admin/enrolment-codes", {{"role", "king"}, {"scope", {{"cycle", "X"}}}});
  CHECK(bad_role.code() == "invalid_argument");
  auto bad_scope = f.admin->post("/admin/enrolment-codes",
                                 {{"role", "evaluator"}, {"scope", {{"meetings", {"nope"}}}}});
  CHECK(bad_scope.code() == "invalid_argument");
}

TEST_CASE("A wrong administrator password is refused and does not open a session",
          "[server][admin]") {
  ServerFixture f;
  HttpClient http(f.server.url());
  auto wrong = http.send("POST", "/admin/login",
                         nlohmann::json({{"name", kAdminName}, {"password", "guess"}}).dump(),
                         "application/json");
  CHECK(wrong.status == 401);
  CHECK(wrong.code() == "unauthorized");
  CHECK_FALSE(wrong.json.contains("token"));
  auto unknown = http.send("POST", "/admin/login",
                           nlohmann::json({{"name", "nobody"}, {"password", "guess"}}).dump(),
                           "application/json");
  CHECK(unknown.code() == "unauthorized");
  // Admin endpoints need a valid session.
  CHECK(http.send("GET", "/admin/devices", "", "").code() == "unauthorized");
  CHECK(http.send("GET", "/admin/devices", "", "", {{"Authorization", "Bearer 00ff"}}).code() ==
        "unauthorized");
  CHECK(f.admin->get("/admin/whoami").json["name"] == kAdminName);
}

TEST_CASE("admin add refuses a duplicate name and short passwords", "[server][admin]") {
  ServerFixture f;
  CHECK(f.server.add_admin(kAdminName, "another long password").exit_code != 0);
  CHECK(f.server.add_admin("short", "abc").exit_code != 0);
  auto generated =
      f.server.run({"admin", "add", "--data", f.server.data_dir(), "--name", "gen", "--generate",
                    "--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"});
  CHECK(generated.exit_code == 0);
  CHECK(generated.out.find("password") != std::string::npos);
}

TEST_CASE("terrain-server enrolment-code create makes a code on the host, printed once",
          "[server][enrolment][cli]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto create = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"enrolment-code", "create", "--data", f.server.data_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    return f.server.run(args);
  };

  // Against the data directory of the running server: it sees the code at once.
  auto made = create({"--role", "facilitator", "--meeting", meeting, "--cycle", "Cycle A"});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  std::string code = made.out;
  while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.pop_back();
  CHECK(code.size() == 19);  // ABCD-EFGH-JKLM-NPQR, alone on stdout
  CHECK(made.err.find("facilitator") != std::string::npos);
  CHECK(made.err.find("shown once") != std::string::npos);

  RawDevice tablet(f.server.url());
  auto r = tablet.enrol(code);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(r.json["role"] == "facilitator");
  CHECK(r.json["scope"]["meetings"][0] == meeting);
  CHECK(r.json["scope"]["cycle"] == "Cycle A");
  // Single use, like a code made over HTTP.
  RawDevice other(f.server.url());
  CHECK(other.enrol(code).code() == "enrolment_code_used");
  // The code is stored hashed only: its text is nowhere in the database file.
  f.server.stop();
  std::string db = read_file(f.server.data_dir() + "/terrain.db");
  CHECK(db.find(code) == std::string::npos);
  std::string bare = code;
  bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
  CHECK(db.find(bare) == std::string::npos);
  f.server.start();

  SECTION("an expired code (--ttl-s 0) is refused") {
    auto expired = create({"--role", "evaluator", "--cycle", "Cycle A", "--ttl-s", "0"});
    REQUIRE(expired.exit_code == 0);
    RawDevice late(f.server.url());
    CHECK(late.enrol(expired.out.substr(0, 19)).code() == "enrolment_code_expired");
  }
  SECTION("bad options are refused and create nothing") {
    CHECK(create({"--role", "facilitator"}).exit_code == 2);                  // no scope
    CHECK(create({"--role", "admin", "--cycle", "Cycle A"}).exit_code == 2);  // role
    CHECK(create({"--role", "facilitator", "--meeting", "not-a-uuid"}).exit_code == 2);
    CHECK(create({"--role", "facilitator", "--cycle", "A", "--ttl-s", "x"}).exit_code == 2);
    CHECK(create({"--role", "facilitator", "--cycle", "A", "--ttl-s", "-1"}).exit_code == 2);
    auto none = f.server.run({"enrolment-code", "create", "--data", f.dir.file("nowhere"), "--role",
                              "facilitator", "--cycle", "A"});
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("no database") != std::string::npos);
  }
}
