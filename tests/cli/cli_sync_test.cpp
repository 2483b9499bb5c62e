// The `terrain` command against a real terrain-server: two tablets enrol with codes,
// one checks a participant in, both sync, the other sees the participant.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "child_process.h"
#include "fixture.h"
#include "temp_dir.h"

using namespace terrain::test;

namespace {

nlohmann::json cli_json(const TempDir& dir, const std::string& replica,
                        const std::vector<std::string>& args) {
  std::vector<std::string> argv{TERRAIN_CLI, "--replica", replica};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_process(argv, dir.file("cli"));
  INFO(args[0] << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("Two tablets enrolled with the CLI exchange a check-in through the server") {
  ServerFixture fx;
  TempDir dir;
  const std::string meeting = fx.new_meeting();
  const std::string a = dir.file("a.db"), b = dir.file("b.db");
  const nlohmann::json scope = {{"meetings", {meeting}}};
  auto enrolled =
      cli_json(dir, a, {"enrol", fx.server.url(), fx.admin->enrolment_code("facilitator", scope)});
  CHECK(enrolled["role"] == "facilitator");
  cli_json(dir, b, {"enrol", fx.server.url(), fx.admin->enrolment_code("facilitator", scope)});
  CHECK(cli_json(dir, a, {"info"})["enrolled"] == true);

  const std::string person = cli_json(dir, a,
                                      {"create", "attendance",
                                       nlohmann::json{{"meeting", meeting},
                                                      {"actor_type", "ars"},
                                                      {"consent", true},
                                                      {"display_name", "Hélène Dupré"}}
                                           .dump()})["id"];
  auto pushed = cli_json(dir, a, {"sync"});
  CHECK(pushed["accepted"] == 1);
  auto outbox = cli_json(dir, a, {"outbox"});
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0]["state"] == "accepted");

  cli_json(dir, b, {"sync"});
  auto got = cli_json(dir, b, {"get", "attendance", person});
  CHECK(got["display_name"] == "Hélène Dupré");
  CHECK(cli_json(dir, b, {"get", "meeting", meeting})["_deleted"] == false);
}

TEST_CASE("A used enrolment code is refused by the CLI with exit code 1") {
  ServerFixture fx;
  TempDir dir;
  const std::string code =
      fx.admin->enrolment_code("facilitator", {{"meetings", {fx.new_meeting()}}});
  cli_json(dir, dir.file("a.db"), {"enrol", fx.server.url(), code});
  auto r = run_process({TERRAIN_CLI, "--replica", dir.file("b.db"), "enrol", fx.server.url(), code},
                       dir.file("cli"));
  CHECK(r.exit_code == 1);
  CHECK(nlohmann::json::parse(r.err)["error"]["code"] == "enrolment_code_used");
}
