// The `terrain` command against a real terrain-server: two tablets enrol with codes,
// one checks a participant in, both sync, the other sees the participant.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <optional>

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

// Sets environment variables for the CLI processes of one test, restored after it.
class Env {
 public:
  void set(const char* name, const char* value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~Env() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

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

TEST_CASE("A CLI tablet whose clock jumped three days ahead after enrolment syncs the first time") {
  ServerFixture fx;
  TempDir dir;
  Env env;
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) env.set(v, nullptr);  // French
  const std::string meeting = fx.new_meeting();
  const std::string a = dir.file("a.db");
  const nlohmann::json scope = {{"meetings", {meeting}}};
  cli_json(dir, a, {"enrol", fx.server.url(), fx.admin->enrolment_code("facilitator", scope)});

  // From now on every CLI process sees a clock three days ahead (terrain.h's test hook).
  env.set("TERRAIN_TEST_CLOCK_SKEW_MS", std::to_string(3 * kDay).c_str());
  const std::string person = cli_json(dir, a,
                                      {"create", "attendance",
                                       nlohmann::json{{"meeting", meeting},
                                                      {"actor_type", "ars"},
                                                      {"consent", true},
                                                      {"display_name", "Hélène Dupré"}}
                                           .dump()})["id"];
  auto r = run_process({TERRAIN_CLI, "--replica", a, "sync"}, dir.file("cli"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);  // corrected, not refused
  const auto summary = nlohmann::json::parse(r.out);
  CHECK(summary["accepted"] == 1);
  CHECK(summary["restamped"].get<int>() >= 1);
  const auto corrected = summary["clock_corrected_ms"].get<std::int64_t>();
  CHECK(std::llabs(corrected + 3 * kDay) < 60'000);
  const auto notice = nlohmann::json::parse(r.err);
  CHECK(notice["notice"]["code"] == "clock_corrected");
  CHECK(notice["notice"]["clock_corrected_ms"] == corrected);
  CHECK(notice["notice"]["message"] ==
        "L'horloge de cet appareil était décalée de 3 jours (en avance) ; elle a été corrigée "
        "pour la synchronisation.");
  auto outbox = cli_json(dir, a, {"outbox"});
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0]["state"] == "accepted");
  CHECK(fx.admin->get("/admin/records/attendance/" + person).status == 200);

  // The correction is kept: the next sync has nothing to say.
  auto again = run_process({TERRAIN_CLI, "--replica", a, "sync"}, dir.file("cli"));
  CHECK(again.exit_code == 0);
  CHECK(again.err.empty());
  CHECK(nlohmann::json::parse(again.out)["clock_corrected_ms"] == 0);
}

TEST_CASE("A CLI tablet three days behind says so in English and a bad skew hook is refused") {
  ServerFixture fx;
  TempDir dir;
  Env env;
  env.set("LC_ALL", nullptr);
  env.set("LC_MESSAGES", nullptr);
  env.set("LANG", "en_GB.UTF-8");
  const std::string meeting = fx.new_meeting();
  const std::string a = dir.file("a.db");
  cli_json(dir, a,
           {"enrol", fx.server.url(),
            fx.admin->enrolment_code("facilitator", {{"meetings", {meeting}}})});
  env.set("TERRAIN_TEST_CLOCK_SKEW_MS", std::to_string(-3 * kDay).c_str());
  // Nothing to push: the first signed request of the sync is a pull.
  auto r = run_process({TERRAIN_CLI, "--replica", a, "sync"}, dir.file("cli"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(std::llabs(nlohmann::json::parse(r.out)["clock_corrected_ms"].get<std::int64_t>() -
                   3 * kDay) < 60'000);
  CHECK(nlohmann::json::parse(r.err)["notice"]["message"] ==
        "This device's clock was off by 3 days (behind); it has been corrected for syncing.");

  env.set("TERRAIN_TEST_CLOCK_SKEW_MS", "three days");
  auto bad = run_process({TERRAIN_CLI, "--replica", a, "info"}, dir.file("cli"));
  CHECK(bad.exit_code == 1);
  CHECK(nlohmann::json::parse(bad.err)["error"]["code"] == "invalid_argument");
}

TEST_CASE("A CLI tablet enrolled with a clock three days ahead gets the notice at enrolment") {
  ServerFixture fx;
  TempDir dir;
  Env env;
  for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"}) env.set(v, nullptr);
  env.set("TERRAIN_TEST_CLOCK_SKEW_MS", std::to_string(3 * kDay).c_str());
  const std::string meeting = fx.new_meeting();
  const std::string a = dir.file("a.db");
  cli_json(
      dir, a,
      {"create", "attendance",
       nlohmann::json{{"meeting", meeting}, {"actor_type", "cnsa"}, {"consent", false}}.dump()});
  auto enrolled = run_process({TERRAIN_CLI, "--replica", a, "enrol", fx.server.url(),
                               fx.admin->enrolment_code("facilitator", {{"meetings", {meeting}}})},
                              dir.file("cli"));
  INFO(enrolled.err);
  REQUIRE(enrolled.exit_code == 0);
  CHECK(nlohmann::json::parse(enrolled.err)["notice"]["message"] ==
        "L'horloge de cet appareil était décalée de 3 jours (en avance) ; elle a été corrigée "
        "pour la synchronisation.");
  auto synced = cli_json(dir, a, {"sync"});
  CHECK(synced["accepted"] == 1);
  CHECK(synced["restamped"].get<int>() >= 1);
  CHECK(synced["clock_corrected_ms"] == 0);
}
