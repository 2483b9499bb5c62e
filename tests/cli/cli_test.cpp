// The `terrain` command, run as a real process.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "temp_dir.h"

using terrain::test::RunResult;
using terrain::test::TempDir;

namespace {

struct Cli {
  TempDir dir;
  std::string replica = dir.file("tablet.db");

  RunResult run(std::vector<std::string> args, bool with_replica = true) {
    std::vector<std::string> argv{TERRAIN_CLI};
    if (with_replica) {
      argv.push_back("--replica");
      argv.push_back(replica);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return terrain::test::run_process(argv, dir.file("run"));
  }
  nlohmann::json json(std::vector<std::string> args) {
    auto r = run(std::move(args));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
  }
  std::string meeting() {
    return json(
        {"create", "meeting",
         R"({"type": "atelier", "format": "presentiel", "title": "Atelier de co-construction",
                     "starts_at": "2024-06-13T09:30:00+02:00", "status": "en_cours"})"})["id"];
  }
};

}  // namespace

TEST_CASE("terrain --help speaks French by default and English on request") {
  Cli cli;
  ::setenv("LANG", "fr_FR.UTF-8", 1);
  auto fr = cli.run({"--help"}, false);
  CHECK(fr.exit_code == 0);
  CHECK(fr.out.find("Commandes") != std::string::npos);
  ::setenv("LANG", "en_GB.UTF-8", 1);
  auto en = cli.run({"--help"}, false);
  CHECK(en.out.find("Commands") != std::string::npos);
  ::unsetenv("LANG");
  auto none = cli.run({"--help"}, false);
  CHECK(none.out.find("Commandes") != std::string::npos);
}

TEST_CASE(
    "terrain picks its language from LC_ALL then LC_MESSAGES then LANG and C.UTF-8 stays French") {
  // deploy/server/README.md once said LANG=C.UTF-8 gave English: it never did.
  Cli cli;
  auto help_with = [&](const char* lc_all, const char* lc_messages, const char* lang) {
    auto set = [](const char* var, const char* value) {
      if (value)
        ::setenv(var, value, 1);
      else
        ::unsetenv(var);
    };
    set("LC_ALL", lc_all);
    set("LC_MESSAGES", lc_messages);
    set("LANG", lang);
    auto r = cli.run({"--help"}, false);
    CHECK(r.exit_code == 0);
    return r.out.find("Commands :") == std::string::npos &&
                   r.out.find("Commands:") != std::string::npos
               ? std::string("en")
               : (r.out.find("Commandes :") != std::string::npos ? std::string("fr") : "?");
  };
  CHECK(help_with(nullptr, nullptr, "C.UTF-8") == "fr");
  CHECK(help_with(nullptr, nullptr, "C") == "fr");
  CHECK(help_with(nullptr, nullptr, "POSIX") == "fr");
  CHECK(help_with(nullptr, nullptr, "en_US.UTF-8") == "en");
  CHECK(help_with(nullptr, nullptr, "en") == "en");
  CHECK(help_with("", "", "en_GB.UTF-8") == "en");              // empty variables are skipped
  CHECK(help_with("C.UTF-8", nullptr, "en_US.UTF-8") == "fr");  // LC_ALL first
  CHECK(help_with(nullptr, "en_US.UTF-8", "fr_FR.UTF-8") == "en");
  CHECK(help_with("en_US.UTF-8", "fr_FR.UTF-8", "fr_FR.UTF-8") == "en");
  CHECK(help_with(nullptr, nullptr, nullptr) == "fr");
  // Usage errors follow the same choice.
  ::setenv("LANG", "C.UTF-8", 1);
  auto fr = cli.run({"--frobnicate"}, false);
  CHECK(fr.exit_code == 2);
  CHECK(fr.err.find("option inconnue") != std::string::npos);
  ::setenv("LANG", "en_US.UTF-8", 1);
  auto en = cli.run({"--frobnicate"}, false);
  CHECK(en.exit_code == 2);
  CHECK(en.err.find("unknown option") != std::string::npos);
  ::unsetenv("LANG");
}

TEST_CASE("terrain creates, reads, queries and counts, in JSON") {
  Cli cli;
  const std::string m = cli.meeting();
  const std::string p = cli.json(
      {"create", "attendance",
       R"({"meeting": ")" + m +
           R"(", "actor_type": "cd", "consent": true, "display_name": "Éloïse Bénard"})"})["id"];
  auto got = cli.json({"get", "attendance", p});
  CHECK(got["display_name"] == "Éloïse Bénard");
  CHECK(cli.json({"update", "attendance", p, R"({"role": "animateur"})"})["ok"] == true);
  auto found = cli.json({"query", "attendance", R"({"search": {"display_name": "ELOISE"}})"});
  REQUIRE(found.size() == 1);
  CHECK(found[0]["role"] == "animateur");
  const std::string hc = cli.json(
      {"create", "headcount", R"({"meeting": ")" + m + R"(", "label": "Plénière"})"})["id"];
  cli.json({"inc", "headcount", hc, "count", "12"});
  cli.json({"inc", "headcount", hc, "count", "-2"});
  CHECK(cli.json({"get", "headcount", hc})["count"] == 10);
  auto outbox = cli.json({"outbox"});
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0]["state"] == "draft");
  CHECK(cli.json({"conflicts"}).empty());
  CHECK(cli.json({"delete", "attendance", p})["ok"] == true);
  CHECK(cli.json({"query", "attendance"}).empty());
  auto info = cli.json({"info"});
  CHECK(info["enrolled"] == false);
  CHECK(info["device_id"].get<std::string>().size() == 16);
}

TEST_CASE("terrain reports refused data with exit code 1 and the field at fault") {
  Cli cli;
  const std::string m = cli.meeting();
  auto r = cli.run({"create", "attendance",
                    R"({"meeting": ")" + m + R"(", "actor_type": "cd", "consent": "oui"})"});
  CHECK(r.exit_code == 1);
  auto e = nlohmann::json::parse(r.err)["error"];
  CHECK(e["code"] == "schema_violation");
  CHECK(e["message"].get<std::string>().find("consent") != std::string::npos);
  CHECK(e["transient"] == false);
  auto nf = cli.run({"get", "attendance", "01900000-0000-7000-8000-000000000000"});
  CHECK(nf.exit_code == 1);
  CHECK(nlohmann::json::parse(nf.err)["error"]["code"] == "not_found");
  auto sync = cli.run({"sync"});
  CHECK(sync.exit_code == 1);
  CHECK(nlohmann::json::parse(sync.err)["error"]["code"] == "not_enrolled");
}

TEST_CASE("terrain refuses a bad command line with exit code 2") {
  Cli cli;
  CHECK(cli.run({"fly"}).exit_code == 2);
  CHECK(cli.run({"get", "attendance"}).exit_code == 2);
  CHECK(cli.run({"inc", "headcount", "x", "count", "douze"}).exit_code == 2);
  CHECK(cli.run({"info"}, false).exit_code == 2);
  auto r = cli.run({"fly"});
  CHECK(nlohmann::json::parse(r.err)["error"]["code"] == "usage");
}
