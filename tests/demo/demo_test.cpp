// terrain-demo runs end to end against the real server binary, and the reports
// of what it generated have plausible, non-zero figures.
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "free_port.h"
#include "server_process.h"
#include "temp_dir.h"

using namespace terrain::test;
using nlohmann::json;

namespace {

const std::string kCycleQuery = "cycle=Rencontres%20territoriales%202024";

std::vector<std::string> demo_argv(const std::string& data, int port, const std::string& seed,
                                   bool serve) {
  std::vector<std::string> argv = {TERRAIN_DEMO_BINARY,
                                   "--server-binary",
                                   TERRAIN_SERVER_BINARY,
                                   "--data",
                                   data,
                                   "--port",
                                   std::to_string(port),
                                   "--seed",
                                   seed};
  if (!serve) argv.push_back("--no-serve");
  // Fast password hashing, as every test server.
  for (const char* a : {"--pwhash-opslimit", "1", "--pwhash-memlimit", "8192"}) {
    argv.push_back("--server-arg");
    argv.push_back(a);
  }
  return argv;
}

std::string line_after(const std::string& text, const std::string& prefix) {
  auto p = text.find(prefix);
  if (p == std::string::npos) return {};
  auto end = text.find('\n', p);
  return text.substr(p + prefix.size(), end - p - prefix.size());
}

json get(const std::string& url, const std::string& token, const std::string& target) {
  httplib::Client cli(url);
  cli.set_read_timeout(60, 0);
  auto res = cli.Get(target.c_str(), {{"Authorization", "Bearer " + token}});
  REQUIRE(res);
  INFO(target << " -> " << res->body);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

bool healthy(int port) {
  httplib::Client cli("http://127.0.0.1:" + std::to_string(port));
  cli.set_connection_timeout(0, 200'000);
  auto res = cli.Get("/healthz");
  return res && res->status == 200;
}

}  // namespace

TEST_CASE("The demo generates a cycle through the real server, and its reports are plausible") {
  TempDir dir;
  const std::string data = dir.file("data");
  RunResult run = run_process(demo_argv(data, free_port(), "7", false), dir.file("demo"));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const std::string admin = line_after(run.out, "Administrateur : ");
  const std::string password = line_after(run.out, "Mot de passe : ");
  REQUIRE(admin == "demo");
  REQUIRE(password.size() == 20);
  CHECK(run.out.find("/admin/reports/summary?") != std::string::npos);
  CHECK(run.out.find("Authorization: Bearer ") != std::string::npos);
  // The password is shown once, never in the server's log.
  CHECK(read_file(data + "/terrain-server.log").find(password) == std::string::npos);

  // The tablets are real replica files.
  std::size_t replicas = 0;
  for (const auto& e : std::filesystem::directory_iterator(data + "/demo-tablets"))
    if (e.path().extension() == ".db") ++replicas;
  CHECK(replicas == 8);

  ServerProcess server(data);
  server.start();
  httplib::Client cli(server.url());
  auto login = cli.Post("/admin/login", json{{"name", admin}, {"password", password}}.dump(),
                        "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  std::string token = json::parse(login->body)["token"];

  json s = get(server.url(), token, "/admin/reports/summary?" + kCycleQuery);
  INFO(s.dump(2));
  CHECK(s["meetings"]["held"] == 14);
  CHECK(s["meetings"]["planned"] == 1);
  std::int64_t people = s["participants"]["participants"];
  CHECK(people > 500);
  CHECK(people < 850);
  double satisfied = s["satisfaction"]["satisfied"]["percent"];
  CHECK(satisfied > 70.0);
  CHECK(satisfied < 90.0);
  CHECK(s["satisfaction"]["responses"].get<int>() > 300);
  CHECK(s["participants"]["people_concerned"]["count"].get<int>() > 0);
  CHECK(s["participants"]["representatives"]["count"].get<int>() > 0);
  CHECK(s["participants"]["headcount"]["total"].get<int>() >= people);
  CHECK(s["coverage"]["departments"]["covered"].get<int>() > 30);
  CHECK(s["coverage"]["departments"]["not_covered"].get<int>() > 0);
  CHECK(s["coverage"]["regions"]["covered"] == 14);
  CHECK(s["contributions"]["contributions"].get<int>() > 50);
  CHECK(s["evaluations"]["evaluations"].get<int>() > 5);

  json p = get(server.url(), token, "/admin/reports/participants?" + kCycleQuery);
  CHECK(p["totals"]["duplicates_merged"].get<int>() > 0);
  CHECK(p["totals"]["deleted_records_excluded"].get<int>() > 0);
  for (const auto& a : p["by_actor_type"]) {
    INFO(a["code"]);
    CHECK(a["count"].get<int>() > 0);
  }
  json c = get(server.url(), token, "/admin/reports/contributions?" + kCycleQuery);
  int tagged = 0;
  for (const auto& x : c["priorities"]) tagged += x["count"].get<int>();
  CHECK(tagged > 50);

  json f = get(server.url(), token, "/admin/reports/freshness");
  CHECK(f["totals"]["devices"] == 8);
  CHECK(f["totals"]["never_synced"] == 1);
  CHECK(f["totals"]["pending_conflicts"].get<int>() >= 2);
  CHECK(f["totals"]["quarantined_change_sets"] == 0);
  CHECK(f["totals"]["orphan_records"] == 0);

  // Names are in the attendance export of a meeting and in no aggregate report.
  json meetings = get(server.url(), token, "/admin/reports/meetings?" + kCycleQuery);
  std::string first = meetings["meetings"][0]["id"];
  json att = get(server.url(), token, "/admin/reports/meetings/" + first + "/attendance");
  std::string a_name;
  for (const auto& r : att["rows"])
    if (r["display_name"].is_string() && r["display_name"].get<std::string>()[0] != '[')
      a_name = r["display_name"];
  REQUIRE_FALSE(a_name.empty());
  for (const char* report : {"summary", "meetings", "participants", "satisfaction", "contributions",
                             "evaluations", "coverage"}) {
    httplib::Client c2(server.url());
    auto res = c2.Get((std::string("/admin/reports/") + report + ".csv?" + kCycleQuery).c_str(),
                      {{"Authorization", "Bearer " + token}});
    REQUIRE(res);
    CHECK(res->body.find(a_name) == std::string::npos);
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("The same seed gives the same demo content") {
  TempDir dir;
  auto once = [&](const std::string& name) {
    RunResult r = run_process(demo_argv(dir.file(name), free_port(), "11", false), dir.file(name));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    json marker = json::parse(read_file(dir.file(name) + "/demo-tablets/demo.json"));
    marker.erase("meetings");  // ids are drawn at capture time
    return std::make_pair(marker, line_after(r.out, "Synthèse : "));
  };
  auto first = once("one");
  auto second = once("two");
  CHECK(first.first == second.first);
  CHECK(first.second == second.second);
  CHECK_FALSE(first.second.empty());
}

TEST_CASE("A generated demo is served again as it is, and SIGTERM stops the demo and its server") {
  TempDir dir;
  const std::string data = dir.file("data");
  RunResult made = run_process(demo_argv(data, free_port(), "3", false), dir.file("make"));
  REQUIRE(made.exit_code == 0);
  const std::string marker = read_file(data + "/demo-tablets/demo.json");

  int port = free_port();
  ChildProcess demo(demo_argv(data, port, "3", true),
                    {"", dir.file("serve.out"), dir.file("serve.err")});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!healthy(port)) {
    REQUIRE(demo.running());
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    timespec ts{0, 20'000'000};  // poll interval, not a synchronisation
    nanosleep(&ts, nullptr);
  }
  demo.signal(SIGTERM);
  CHECK(demo.wait() == 0);
  CHECK_FALSE(healthy(port));
  CHECK(read_file(data + "/demo-tablets/demo.json") == marker);  // not generated again
  CHECK(read_file(dir.file("serve.out")).find("holds a demo already") != std::string::npos);
}
