// Administrator sessions against a real terrain-server: logout, expiry, throttled
// failed logins, and the first administrator's password printed once at first start.
#include <catch2/catch.hpp>

#include <time.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "fixture.h"
#include "sqlite_file.h"

using namespace terrain;
using namespace terrain::test;

namespace {

Response login(const HttpClient& http, const std::string& name, const std::string& password,
               httplib::Headers headers = {}) {
  return http.send("POST", "/admin/login",
                   nlohmann::json({{"name", name}, {"password", password}}).dump(),
                   "application/json", std::move(headers));
}
Response admin_get(const HttpClient& http, const std::string& path, const std::string& token) {
  return http.send("GET", path, "", "", {{"Authorization", "Bearer " + token}});
}
Response admin_post(const HttpClient& http, const std::string& path, const std::string& token,
                    const nlohmann::json& body = nlohmann::json::object()) {
  return http.send("POST", path, body.dump(), "application/json",
                   {{"Authorization", "Bearer " + token}});
}
std::string token_hash(const std::string& token) {
  Hash32 h = blake2b256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}
void pause_ms(long ms) {  // a poll interval, never a synchronisation
  timespec ts{ms / 1000, (ms % 1000) * 1'000'000};
  nanosleep(&ts, nullptr);
}
// Every admin endpoint refuses this token with 401 unauthorized.
void check_refused_everywhere(const HttpClient& http, const std::string& token) {
  for (const char* path : {"/admin/whoami", "/admin/devices", "/admin/quarantine"}) {
    auto r = admin_get(http, path, token);
    INFO(path << ": " << r.body);
    CHECK(r.status == 401);
    CHECK(r.code() == "unauthorized");
  }
  auto code = admin_post(http, "/admin/enrolment-codes", token,
                         {{"role", "facilitator"}, {"scope", {{"cycle", "X"}}}});
  CHECK(code.status == 401);
  CHECK(code.code() == "unauthorized");
  CHECK_FALSE(code.json.contains("code"));
}

}  // namespace

TEST_CASE("After logout an administrator's token stops working, other sessions go on",
          "[server][admin][session]") {
  ServerFixture f;
  HttpClient http(f.server.url());
  auto first = login(http, kAdminName, kAdminPassword);
  auto second = login(http, kAdminName, kAdminPassword);
  REQUIRE(first.status == 200);
  REQUIRE(second.status == 200);
  std::string token = first.json["token"], other = second.json["token"];
  CHECK(token.size() == 64);
  CHECK(token != other);
  REQUIRE(admin_get(http, "/admin/whoami", token).json["name"] == kAdminName);

  auto out = admin_post(http, "/admin/logout", token);
  INFO(out.body);
  CHECK(out.status == 200);
  CHECK(out.json == nlohmann::json({{"ok", true}}));

  check_refused_everywhere(http, token);
  auto again = admin_post(http, "/admin/logout", token);
  CHECK(again.status == 401);
  CHECK(again.code() == "unauthorized");
  // Only that session ended.
  CHECK(admin_get(http, "/admin/whoami", other).status == 200);
  CHECK(f.admin->get("/admin/whoami").status == 200);
  // Logging in again opens a new session.
  auto back = login(http, kAdminName, kAdminPassword);
  REQUIRE(back.status == 200);
  CHECK(admin_get(http, "/admin/whoami", back.json["token"].get<std::string>()).status == 200);

  // The server kept only hashes of tokens, and dropped the one logged out.
  REQUIRE(f.server.stop() == 0);
  SqliteFile db(f.server.data_dir() + "/terrain.db");
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE token_hash = ?", {token_hash(token)},
                  true) == 0);
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE token_hash = ?", {token_hash(other)},
                  true) == 1);
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE token_hash = ?", {other}, true) == 0);
}

TEST_CASE("An administrator's token stops working after session_ttl_s",
          "[server][admin][session]") {
  constexpr std::int64_t ttl_ms = 3000;
  ServerFixture f({{"--session-ttl-s", "3"}});
  HttpClient http(f.server.url());
  const auto before = static_cast<std::int64_t>(wall_ms());
  auto r = login(http, kAdminName, kAdminPassword);
  const auto after = static_cast<std::int64_t>(wall_ms());
  REQUIRE(r.status == 200);
  const std::int64_t expires = r.json["expires_ms"];
  CHECK(expires >= before + ttl_ms);
  CHECK(expires <= after + ttl_ms);
  std::string token = r.json["token"];

  // Poll until the server refuses the token. A 200 proves the server's clock was
  // not past expires_ms when it answered (so the request was sent before); a 401
  // proves it was (so the answer came after): no assumption on timing.
  Response last;
  int served = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const auto sent = static_cast<std::int64_t>(wall_ms());
    last = admin_get(http, "/admin/whoami", token);
    const auto answered = static_cast<std::int64_t>(wall_ms());
    if (last.status != 200) {
      CHECK(answered > expires);
      break;
    }
    CHECK(sent <= expires);
    ++served;
    if (std::chrono::steady_clock::now() > deadline) break;
    pause_ms(50);
  }
  INFO(last.body);
  CHECK(served > 0);  // it worked during its lifetime
  CHECK(last.status == 401);
  CHECK(last.code() == "unauthorized");
  CHECK(last.json["error"].value("message", "").find("expired") != std::string::npos);
  check_refused_everywhere(http, token);
  CHECK(admin_post(http, "/admin/logout", token).code() == "unauthorized");

  // A new login works, and sweeps the expired sessions out of the database.
  const auto relogin = static_cast<std::int64_t>(wall_ms());
  auto fresh = login(http, kAdminName, kAdminPassword);
  REQUIRE(fresh.status == 200);
  std::string fresh_token = fresh.json["token"];
  CHECK(admin_get(http, "/admin/whoami", fresh_token).status == 200);
  REQUIRE(f.server.stop() == 0);
  SqliteFile db(f.server.data_dir() + "/terrain.db");
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE expires_ms <= ?", {expires}) == 0);
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE token_hash = ?",
                  {token_hash(fresh_token)}, true) == 1);
  CHECK(db.number("SELECT COUNT(*) FROM admin_sessions WHERE expires_ms < ?", {relogin}) == 0);
}

TEST_CASE("Failed admin logins are throttled per address, without telling which names exist",
          "[server][admin][rate_limit]") {
  // Addresses come from X-Forwarded-For (as behind a reverse proxy), so the test
  // can be two clients on 127.0.0.1.
  ServerFixture f({{"--auth-failures-per-window", "3", "--trust-forwarded-for", "true"}});
  HttpClient http(f.server.url());
  const httplib::Headers guesser = {{"X-Forwarded-For", "203.0.113.7"}};
  const httplib::Headers neighbour = {{"X-Forwarded-For", "198.51.100.2"}};

  auto wrong = login(http, kAdminName, "not the password 1", guesser);
  auto nobody = login(http, "nobody", "not the password 2", guesser);
  CHECK(wrong.status == 401);
  CHECK(wrong.code() == "unauthorized");
  // The same answer whether the name exists or not.
  CHECK(nobody.status == wrong.status);
  CHECK(nobody.json == wrong.json);
  CHECK(login(http, kAdminName, "not the password 3", guesser).status == 401);

  // Third failure reached: even the right password is refused, and no session opens.
  auto right = login(http, kAdminName, kAdminPassword, guesser);
  INFO(right.body);
  CHECK(right.status == 429);
  CHECK(right.code() == "rate_limited");
  CHECK_FALSE(right.json.contains("token"));
  const auto wait_s = right.json["error"].value("retry_after_s", std::int64_t{0});
  CHECK(wait_s > 0);
  CHECK(wait_s <= 901);  // auth_failure_window_s, 900 by default
  // An unknown name is refused with the same code and message: nothing tells
  // whether 'central' exists.
  auto unknown = login(http, "nobody", kAdminPassword, guesser);
  CHECK(unknown.status == 429);
  CHECK(unknown.code() == "rate_limited");
  const std::string message = right.json["error"].value("message", "");
  CHECK(unknown.json["error"].value("message", "") == message);
  CHECK(message.find(kAdminName) == std::string::npos);
  CHECK(message.find("nobody") == std::string::npos);
  CHECK(message.find("exist") == std::string::npos);
  CHECK(message.find("unknown") == std::string::npos);
  // Malformed attempts are refused too while blocked.
  CHECK(http.send("POST", "/admin/login", "{}", "application/json", guesser).code() ==
        "rate_limited");

  // Per address: another client logs in; the blocked address may still do the rest.
  auto other = login(http, kAdminName, kAdminPassword, neighbour);
  CHECK(other.status == 200);
  CHECK(http.send("GET", "/healthz", "", "", guesser).status == 200);
  CHECK(f.admin->get("/admin/whoami").status == 200);
}

TEST_CASE("Throttled admin logins are allowed again once the failure window has passed",
          "[server][admin][rate_limit]") {
  ServerFixture f({{"--auth-failures-per-window", "2", "--auth-failure-window-s", "2"}});
  HttpClient http(f.server.url());
  const auto first_failure = std::chrono::steady_clock::now();
  CHECK(login(http, kAdminName, "not the password 1").status == 401);
  CHECK(login(http, kAdminName, "not the password 2").status == 401);
  // Blocked until the oldest failure leaves the window; every refusal in between is
  // a 429, then the right password works. Polled, bounded.
  Response r;
  int refused = 0;
  bool first = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    r = login(http, kAdminName, kAdminPassword);
    // Answered within the window of the first failure: both failures were still
    // counted when the server looked, so this attempt must have been refused.
    if (first && std::chrono::steady_clock::now() - first_failure < std::chrono::seconds(2))
      CHECK(r.status == 429);
    first = false;
    if (r.status != 429 || std::chrono::steady_clock::now() > deadline) break;
    CHECK(r.code() == "rate_limited");
    CHECK(r.json["error"].value("retry_after_s", 0) > 0);
    CHECK(r.json["error"].value("retry_after_s", 0) <= 3);
    ++refused;
    pause_ms(100);
  }
  INFO(r.body << "\nrefused " << refused << " times before the window passed");
  CHECK(r.status == 200);
  CHECK(admin_get(http, "/admin/whoami", r.json.value("token", "")).status == 200);
}

TEST_CASE("Concurrent failed admin logins cannot get past the limit",
          "[server][admin][rate_limit]") {
  // An unknown name is checked against a dummy hash of the configured cost: a costly
  // one keeps each guess in flight long enough for the others to arrive meanwhile.
  ServerFixture f({{"--auth-failures-per-window", "3", "--pwhash-opslimit", "3",
                    "--pwhash-memlimit", "16777216", "--threads", "8"}});
  HttpClient http(f.server.url());
  constexpr int guesses = 12;
  std::vector<Response> answers(guesses);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < guesses; ++i)
    threads.emplace_back([&, i] {  // no Catch2 assertions off the test's thread
      HttpClient guesser(f.server.url());
      ++ready;
      while (!go) std::this_thread::yield();
      answers[static_cast<std::size_t>(i)] =
          login(guesser, "nobody", "guess number " + std::to_string(i));
    });
  while (ready < guesses) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();

  int unauthorized = 0, limited = 0;
  for (const auto& a : answers) {
    INFO(a.body);
    if (a.status == 401) ++unauthorized;
    if (a.status == 429) {
      ++limited;
      CHECK(a.code() == "rate_limited");
    }
  }
  INFO(unauthorized << " wrong-password answers, " << limited << " refusals");
  CHECK(unauthorized + limited == guesses);
  CHECK(unauthorized >= 1);
  CHECK(unauthorized <= 3);  // never more guesses checked than the limit
  CHECK(login(http, kAdminName, kAdminPassword).code() == "rate_limited");
}

TEST_CASE("The first administrator's password is printed once at first start and never logged",
          "[server][admin][initial]") {
  crypto_init();
  TempDir dir;
  // The fixture's servers start with --initial-admin false; the later flag wins.
  ServerProcess server(dir.file("server"), {{"--initial-admin", "true", "--log-level", "debug"}});
  server.start();
  const std::string out = server.stdout_text();
  INFO(out);
  constexpr std::string_view marker = "created administrator 'admin' with password ";
  auto at = out.find(marker);
  REQUIRE(at != std::string::npos);
  at += marker.size();
  const std::string password = out.substr(at, out.find_first_of(" \r\n", at) - at);
  CHECK(password.size() == 20);
  CHECK(out.find("shown once") != std::string::npos);
  CHECK(server.log().find(password) == std::string::npos);

  HttpClient http(server.url());
  auto r = login(http, "admin", password);
  INFO(r.body);
  REQUIRE(r.status == 200);
  CHECK(admin_get(http, "/admin/whoami", r.json["token"].get<std::string>()).json["name"] ==
        "admin");
  CHECK(login(http, "admin", password + "x").status == 401);
  REQUIRE(server.stop() == 0);

  // Second start of the same data directory: nothing printed, same password.
  server.start();
  CHECK(server.stdout_text().find("created administrator") == std::string::npos);
  CHECK(server.stdout_text().find(password) == std::string::npos);
  CHECK(login(http, "admin", password).status == 200);
  REQUIRE(server.stop() == 0);

  const std::string logs = server.all_logs();
  CHECK(logs.find("\"listening\"") != std::string::npos);  // the logs were written
  CHECK(logs.find(password) == std::string::npos);
  // Stored as an argon2id hash only, and one administrator.
  const std::string db_path = server.data_dir() + "/terrain.db";
  for (const auto& file : {db_path, db_path + "-wal"})
    if (std::filesystem::exists(file)) CHECK(read_file(file).find(password) == std::string::npos);
  SqliteFile db(db_path);
  CHECK(db.number("SELECT COUNT(*) FROM admins") == 1);
  CHECK(db.number("SELECT COUNT(*) FROM admins WHERE name = 'admin' AND password_hash LIKE "
                  "'$argon2id$%'") == 1);
}

TEST_CASE("No password is printed at first start when an administrator was added beforehand",
          "[server][admin][initial]") {
  TempDir dir;
  ServerProcess server(dir.file("server"), {{"--initial-admin", "true"}});
  REQUIRE(server.add_admin(kAdminName, kAdminPassword).exit_code == 0);
  server.start();
  CHECK(server.stdout_text().find("password") == std::string::npos);
  HttpClient http(server.url());
  CHECK(login(http, kAdminName, kAdminPassword).status == 200);
  CHECK(login(http, "admin", "anything at all").status == 401);
  CHECK(server.stop() == 0);
}
