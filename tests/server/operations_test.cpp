// Operations: health, metrics, configuration, logs, graceful shutdown, TLS.
#include <catch2/catch.hpp>

#include <time.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "fixture.h"

using namespace terrain;
using namespace terrain::test;

TEST_CASE("Health and metrics tell how the server is doing", "[server][operations]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  REQUIRE(tablet->push(tablet->check_in(meeting, new_uuid_v7(), "Alix")).status == 200);
  auto bad = tablet->check_in(meeting, new_uuid_v7(), "Bo");
  bad.body[bad.body.size() / 2] ^= 1;
  REQUIRE(tablet->push(bad).code() == "bad_signature");
  REQUIRE(tablet->pull().status == 200);

  HttpClient http(f.server.url());
  auto health = http.send("GET", "/healthz", "", "");
  CHECK(health.status == 200);
  CHECK(health.json["status"] == "ok");
  auto metrics = http.send("GET", "/metrics", "", "").body;
  CHECK(metrics.find("terrain_pushes_total{outcome=\"accepted\"} 1") != std::string::npos);
  CHECK(metrics.find("terrain_rejections_total{reason=\"bad_signature\"} 1") != std::string::npos);
  CHECK(metrics.find("terrain_pulls_total 1") != std::string::npos);
  CHECK(metrics.find("terrain_request_duration_seconds_bucket{route=\"push\",le=\"+Inf\"} 2") !=
        std::string::npos);
  CHECK(metrics.find("terrain_devices{state=\"active\"} 1") != std::string::npos);
}

TEST_CASE("The log is JSON lines without names, passwords, tokens or codes",
          "[server][operations]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string code = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});
  RawDevice tablet(f.server.url());
  REQUIRE(tablet.enrol(code).status == 200);
  auto bad = attendee_fields(meeting, "Maëlys Quintard");
  bad["actor_type"] = "unknown";
  DetachedValues v;
  auto cs =
      tablet.next({tablet.write(Op::create, "attendance", new_uuid_v7(), bad, v)}, v, meeting);
  REQUIRE(tablet.push(cs).status == 200);
  REQUIRE(tablet.push(tablet.check_in(meeting, new_uuid_v7(), "Maëlys Quintard")).status == 200);
  f.server.stop();

  std::string log = f.server.all_logs();
  CHECK(log.find("Quintard") == std::string::npos);
  CHECK(log.find(kAdminPassword) == std::string::npos);
  CHECK(log.find(code) == std::string::npos);
  CHECK(log.find("Bearer") == std::string::npos);
  CHECK(log.find("\"remote") == std::string::npos);
  std::istringstream lines(log);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    INFO(line);
    CHECK(j.is_object());
    CHECK(j.contains("event"));
    ++n;
  }
  CHECK(n > 5);
}

TEST_CASE("SIGTERM stops the server cleanly", "[server][operations]") {
  ServerFixture f;
  CHECK(f.server.stop() == 0);
  CHECK(f.server.log().find("\"stopped\"") != std::string::npos);
}

// A port is one server's. Two servers sharing one (SO_REUSEPORT) split the
// connections between them: a code made by one was unknown to the other, so tests
// whose free ports collided failed at enrolment with enrolment_code_invalid.
TEST_CASE("A second server cannot listen on the port a running server holds",
          "[server][operations]") {
  ServerFixture f;
  const std::string epoch =
      HttpClient(f.server.url()).send("GET", "/healthz", "", "").json["epoch"];
  ServerProcess other(f.dir.file("other"));
  REQUIRE(other.add_admin(kAdminName, kAdminPassword).exit_code == 0);
  std::vector<std::string> argv = {server_binary(),
                                   "--data",
                                   f.dir.file("other"),
                                   "--bind",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(f.server.port())};
  for (const auto& a : ServerProcess::test_settings()) argv.push_back(a);
  const std::string log_path = f.dir.file("other.log");
  ChildProcess second(argv, {"", log_path + ".out", log_path});
  // It either stops (refused the port) or says it listens: wait for whichever comes.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (second.running() && read_file(log_path).find("\"listening\"") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    timespec ts{0, 5'000'000};  // poll interval
    nanosleep(&ts, nullptr);
  }
  const std::string log = read_file(log_path);
  INFO(log);
  CHECK(log.find("\"listening\"") == std::string::npos);
  CHECK_FALSE(second.running());
  CHECK(log.find("cannot listen on 127.0.0.1:" + std::to_string(f.server.port())) !=
        std::string::npos);

  // Every connection reaches the first server: what it creates, it finds again.
  for (int i = 0; i < 20; ++i)
    CHECK(HttpClient(f.server.url()).send("GET", "/healthz", "", "").json["epoch"] == epoch);
  std::string meeting = f.new_meeting();
  for (int i = 0; i < 10; ++i) (void)f.facilitator({meeting});
  REQUIRE_FALSE(second.running());
  CHECK(second.wait() != 0);
}

TEST_CASE("Settings come from flags, environment and a file and --help explains them",
          "[server][operations]") {
  TempDir dir;
  auto help = run_process({server_binary(), "--help"}, dir.file("help"));
  CHECK(help.exit_code == 0);
  for (const char* s :
       {"--bind", "--port", "--data", "--tls-cert", "--max-body-bytes", "--max-json-depth",
        "--clock-tolerance-ms", "--log-level", "TERRAIN_MAX_CHANGES_PER_SET", "--config"})
    CHECK(help.out.find(s) != std::string::npos);
  auto unknown = run_process({server_binary(), "--data", dir.file("d"), "--no-such-flag", "1"},
                             dir.file("unknown"));
  CHECK(unknown.exit_code != 0);
  CHECK(unknown.err.find("--no-such-flag") != std::string::npos);
  auto looser = run_process({server_binary(), "--data", dir.file("d"), "--max-json-depth", "64"},
                            dir.file("looser"));
  CHECK(looser.exit_code != 0);

  std::string file = dir.file("terrain-server.conf");
  std::ofstream(file) << "# test settings\nmax_body_bytes = 4096\nlog_level = \"warn\"\n";
  ::setenv("TERRAIN_MAX_JSON_DEPTH", "8", 1);
  ServerFixture f({{"--config", file}});
  ::unsetenv("TERRAIN_MAX_JSON_DEPTH");
  std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  CHECK(tablet->request("POST", "/v1/push", "{\"a\":" + std::string(5000, '1') + "}").code() ==
        "too_large");
  CHECK(tablet->request("POST", "/v1/push", "{\"a\":[[[[[[[[[[1]]]]]]]]]]}").code() == "too_deep");
  CHECK(f.server.log().find("\"level\":\"info\"") == std::string::npos);
}

TEST_CASE("With a certificate the server speaks HTTPS", "[server][operations][tls]") {
  TempDir certs;
  std::string key = certs.file("key.pem"), cert = certs.file("cert.pem");
  auto made = run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
       cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      certs.file("openssl"));
  REQUIRE(made.exit_code == 0);
  test_ca_file() = cert;
  ServerFixture f({{"--tls-cert", cert, "--tls-key", key}, cert});
  test_ca_file().clear();
  CHECK(f.server.url().rfind("https://", 0) == 0);
  {
    httplib::Client trusting(f.server.url());
    trusting.set_ca_cert_path(cert);
    trusting.enable_server_certificate_verification(true);
    auto ok = trusting.Get("/healthz");
    REQUIRE(ok);
    CHECK(ok->status == 200);
  }
  {
    httplib::Client strict(f.server.url());
    strict.enable_server_certificate_verification(true);
    auto refused = strict.Get("/healthz");
    CHECK_FALSE(refused);
  }
}
