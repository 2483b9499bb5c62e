// Every request body is bounded however it is sent (issue 19, part 2), over raw
// sockets against the real terrain-server: a declared Content-Length over a
// route's limit is answered 413 at once; a chunked body the moment it passes the
// limit; endpoints reachable without credentials are bounded lower than the
// others; resident memory comes back afterwards. And enrolment takes a public key
// in one spelling only, so a revoked key cannot come back under another, and a
// refused enrolment leaves its code unused.
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "fixture.h"
#include "raw_socket.h"

using namespace terrain;
using namespace terrain::test;

namespace {

constexpr std::size_t kUnauthenticatedLimit = 16 * 1024;      // default
constexpr std::size_t kAuthenticatedLimit = 8 * 1024 * 1024;  // max_body_bytes default
constexpr std::size_t kFlood = 64u << 20;                     // what the issue sent

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::string login_body() {
  return nlohmann::json({{"name", kAdminName}, {"password", kAdminPassword}}).dump();
}

// An administrator's token, from a login sent chunked over a raw socket.
std::string raw_login(int port) {
  auto r =
      raw_exchange(port,
                   request_head("POST", "/admin/login",
                                {"Content-Type: application/json", "Transfer-Encoding: chunked"}),
                   chunked_text(login_body()));
  INFO(r.head << "\n" << r.body);
  REQUIRE(r.status == 200);
  return r.json["token"].get<std::string>();
}

struct Endpoint {
  std::string name;
  std::string target;
  std::vector<std::string> headers;
  std::size_t limit;
};

std::vector<Endpoint> endpoints(const std::string& token) {
  const std::string json = "Content-Type: application/json";
  const std::string bearer = "Authorization: Bearer " + token;
  return {
      {"enrol (no credentials)", "/v1/enrol", {json}, kUnauthenticatedLimit},
      {"admin login (no credentials)", "/admin/login", {json}, kUnauthenticatedLimit},
      {"enrolment codes without a token", "/admin/enrolment-codes", {json}, kAuthenticatedLimit},
      {"push without a signature", "/v1/push", {json}, kAuthenticatedLimit},
      {"enrolment codes with a token",
       "/admin/enrolment-codes",
       {json, bearer},
       kAuthenticatedLimit},
      {"revoke with a token",
       "/admin/devices/0123456789abcdef/revoke",
       {json, bearer},
       kAuthenticatedLimit},
  };
}

void check_too_large(const RawAnswer& r, std::size_t limit) {
  INFO(r.head << "\n" << r.body);
  CHECK(r.status == 413);
  CHECK(r.code() == "too_large");
  CHECK(r.json["error"].value("limit_bytes", std::size_t{0}) == limit);
  CHECK(r.header("Connection") == "close");
  CHECK(r.closed);
}

}  // namespace

TEST_CASE("A declared Content-Length over an endpoint's limit is answered 413 at once",
          "[server][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  for (const auto& e : endpoints(raw_login(port))) {
    INFO(e.name);
    {
      std::vector<std::string> h = e.headers;
      // Far over the limit, and only a few bytes of it sent: the server may not wait
      // for (or drain) the rest; before, this took the 30 s read timeout.
      h.push_back("Content-Length: " + std::to_string(kFlood));
      auto r = raw_exchange(port, request_head("POST", e.target, h), raw_filler(1000), 20);
      check_too_large(r, e.limit);
      CHECK(r.seconds < 2.0);
      // One byte over.
      h.back() = "Content-Length: " + std::to_string(e.limit + 1);
      auto just = raw_exchange(port, request_head("POST", e.target, h), no_body(), 20);
      check_too_large(just, e.limit);
      CHECK(just.seconds < 2.0);
    }
  }
  // Exactly the limit is read and handled (here, refused for what it says).
  auto at_limit =
      raw_exchange(port,
                   request_head("POST", "/v1/enrol",
                                {"Content-Type: application/json",
                                 "Content-Length: " + std::to_string(kUnauthenticatedLimit)}),
                   raw_text([] {
                     std::string b = R"({"code":"AAAA-BBBB-CCCC-DDDD","public_key":")" +
                                     std::string(64, '0') + "\"}";
                     return b + std::string(kUnauthenticatedLimit - b.size(), ' ');
                   }()));
  INFO(at_limit.body);
  CHECK(at_limit.status == 403);
  CHECK(at_limit.code() == "enrolment_code_invalid");
}

TEST_CASE("A chunked body is refused the moment it passes the limit, on every endpoint",
          "[server][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  for (const auto& e : endpoints(raw_login(port))) {
    INFO(e.name);
    {
      std::vector<std::string> h = e.headers;
      h.push_back("Transfer-Encoding: chunked");
      auto r = raw_exchange(port, request_head("POST", e.target, h), chunked_filler(kFlood), 30);
      check_too_large(r, e.limit);
      INFO("sent " << r.sent << " bytes in " << r.seconds << " s");
      // Answered while the client was still sending: at most the limit plus what the
      // two sockets' buffers held (a few MiB on loopback), far from the 64 MiB.
      CHECK(r.sent > e.limit);
      CHECK(r.sent < e.limit + (8u << 20));
      CHECK(r.seconds < 5.0);
    }
  }
}

TEST_CASE("Unauthenticated endpoints are bounded lower than authenticated ones",
          "[server][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  const std::string token = raw_login(port);
  // 20 KiB: over the unauthenticated limit, well within the authenticated one.
  const std::size_t size = 20 * 1024;
  auto enrol =
      raw_exchange(port,
                   request_head("POST", "/v1/enrol",
                                {"Content-Type: application/json", "Transfer-Encoding: chunked"}),
                   chunked_filler(size));
  check_too_large(enrol, kUnauthenticatedLimit);
  auto login = raw_exchange(
      port,
      request_head("POST", "/admin/login",
                   {"Content-Type: application/json", "Content-Length: " + std::to_string(size)}),
      raw_filler(size));
  check_too_large(login, kUnauthenticatedLimit);
  // The same size on an authenticated endpoint is read and parsed (and refused as
  // JSON it is not).
  std::string scope = nlohmann::json({{"meetings", {new_uuid_v7()}}}).dump();
  std::string body = R"({"role":"facilitator","scope":)" + scope + "}";
  body += std::string(size - body.size(), ' ');
  auto codes =
      raw_exchange(port,
                   request_head("POST", "/admin/enrolment-codes",
                                {"Content-Type: application/json", "Authorization: Bearer " + token,
                                 "Transfer-Encoding: chunked"}),
                   chunked_text(body, 4096));
  INFO(codes.head << "\n" << codes.body);
  CHECK(codes.status == 201);
  CHECK(!codes.closed);
  // Chunked bodies within the limit are handled normally on an unauthenticated
  // endpoint too: a chunked enrolment with that code.
  KeyPair k = generate_keypair();
  auto enrolled = raw_exchange(
      port,
      request_head("POST", "/v1/enrol",
                   {"Content-Type: application/json", "Transfer-Encoding: chunked"}),
      chunked_text(
          nlohmann::json({{"code", codes.json["code"]}, {"public_key", hex_of(k.public_key)}})
              .dump()));
  INFO(enrolled.body);
  CHECK(enrolled.status == 200);
}

TEST_CASE("A body sent where none is taken, or framed ambiguously, is refused unread",
          "[server][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  auto get = raw_exchange(port, request_head("GET", "/healthz", {"Transfer-Encoding: chunked"}),
                          chunked_filler(kFlood), 30);
  check_too_large(get, 0);
  CHECK(get.sent < (8u << 20));
  auto get_length = raw_exchange(
      port, request_head("GET", "/v1/pull", {"Content-Length: " + std::to_string(kFlood)}),
      raw_filler(100), 20);
  check_too_large(get_length, 0);
  CHECK(get_length.seconds < 2.0);

  auto unknown =
      raw_exchange(port, request_head("POST", "/no/such", {"Transfer-Encoding: chunked"}),
                   chunked_filler(kFlood), 30);
  INFO(unknown.body);
  CHECK(unknown.status == 404);
  CHECK(unknown.code() == "not_found");
  CHECK(unknown.closed);
  CHECK(unknown.sent < (8u << 20));

  auto put = raw_exchange(port, request_head("PUT", "/v1/push", {"Transfer-Encoding: chunked"}),
                          chunked_filler(kFlood), 30);
  CHECK(put.status == 400);
  CHECK(put.closed);
  CHECK(put.sent < (8u << 20));

  // Only `chunked` is a transfer coding the server reads (a "gzip, chunked" body
  // would otherwise be read to the end of the connection).
  auto coded =
      raw_exchange(port, request_head("POST", "/v1/enrol", {"Transfer-Encoding: gzip, chunked"}),
                   chunked_filler(kFlood), 30);
  CHECK(coded.status == 400);
  CHECK(coded.code() == "malformed");
  CHECK(coded.closed);
  auto both = raw_exchange(
      port, request_head("POST", "/v1/enrol", {"Transfer-Encoding: chunked", "Content-Length: 10"}),
      chunked_filler(100), 20);
  CHECK(both.status == 400);
  CHECK(both.code() == "malformed");
  auto garbled = raw_exchange(port, request_head("POST", "/v1/enrol", {"Content-Length: 1e9"}),
                              raw_filler(100), 20);
  CHECK(garbled.status == 400);
  CHECK(garbled.code() == "malformed");
  CHECK(garbled.closed);

  // Expect: 100-continue over the limit: refused instead of invited.
  auto expect = raw_exchange(
      port,
      request_head("POST", "/admin/login",
                   {"Content-Length: " + std::to_string(kFlood), "Expect: 100-continue"}),
      no_body(), 20);
  check_too_large(expect, kUnauthenticatedLimit);
  CHECK(expect.head.rfind("HTTP/1.1 413", 0) == 0);  // no "100 Continue" first
  CHECK(expect.header("Content-Length") == std::to_string(expect.body.size()));

  // The server still answers normally.
  auto health = raw_exchange(port, request_head("GET", "/healthz", {}), no_body());
  CHECK(health.status == 200);
}

TEST_CASE("Resident memory returns under the documented bound after floods of bodies",
          "[server][limits][memory]") {
  ServerFixture f;
  const int port = f.server.port();
  const int pid = server_pid(f.server.data_dir());
  REQUIRE(pid > 0);
  const std::string token = raw_login(port);
  const std::size_t before = process_memory(pid);
  REQUIRE(before > 0);

  // Rounds of 16 parallel bodies (twice the 8 workers): near-limit chunked pushes
  // (read whole, then refused as unsigned), floods on every endpoint, and
  // over-limit declared lengths.
  auto flood = [&](const std::string& target, std::vector<std::string> h, BodySource body) {
    return raw_exchange(port, request_head("POST", target, std::move(h)), body, 60);
  };
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> clients;
    std::vector<int> statuses(48, 0);
    for (int i = 0; i < 16; ++i) {
      clients.emplace_back([&, i] {
        statuses[static_cast<std::size_t>(i)] =
            flood("/v1/push", {"Content-Type: application/json", "Transfer-Encoding: chunked"},
                  chunked_filler(kAuthenticatedLimit - 64 * 1024, 64 * 1024))
                .status;
      });
      clients.emplace_back([&, i] {
        const Endpoint e = endpoints(token)[static_cast<std::size_t>(i) % 6];
        auto h = e.headers;
        h.push_back("Transfer-Encoding: chunked");
        statuses[16 + static_cast<std::size_t>(i)] =
            flood(e.target, h, chunked_filler(kFlood, 64 * 1024)).status;
      });
      clients.emplace_back([&, i] {
        statuses[32 + static_cast<std::size_t>(i)] =
            flood("/v1/enrol", {"Content-Length: " + std::to_string(kFlood)}, raw_filler(4096))
                .status;
      });
    }
    for (auto& c : clients) c.join();
    for (int i = 0; i < 16; ++i) CHECK(statuses[static_cast<std::size_t>(i)] == 401);
    for (int i = 16; i < 48; ++i) CHECK(statuses[static_cast<std::size_t>(i)] == 413);
  }
  auto health = raw_exchange(port, request_head("GET", "/healthz", {}), no_body());
  CHECK(health.status == 200);
  const std::size_t after = process_memory(pid);
  const std::size_t peak = process_memory(pid, "VmHWM");
  WARN("VmRSS before " << before / 1024 << " KiB, after " << after / 1024 << " KiB, peak "
                       << peak / 1024 << " KiB");
  if (kSanitized) {
    WARN("AddressSanitizer keeps freed memory in quarantine: the memory bound is not checked");
    return;
  }
  // docs/protocol-http.md, "Bodies": while bodies arrive, at most about 2 x
  // max_body_bytes per worker above the idle level; afterwards, back within 32 MiB
  // of it (before the fix: 14 MB -> 447 MB, and it stayed there).
  CHECK(after <= before + (32u << 20));
  CHECK(peak <= before + 8 * 2 * kAuthenticatedLimit + (48u << 20));
}

TEST_CASE("A public key is taken in lower-case hex only, and a refusal leaves the code unused",
          "[server][enrolment][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  auto enrol = [&](const std::string& code, const std::string& key_hex) {
    return raw_exchange(
        port,
        request_head(
            "POST", "/v1/enrol",
            {"Content-Type: application/json",
             "Content-Length: " +
                 std::to_string(
                     nlohmann::json({{"code", code}, {"public_key", key_hex}}).dump().size())}),
        raw_text(nlohmann::json({{"code", code}, {"public_key", key_hex}}).dump()));
  };
  auto upper = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  std::string meeting = f.new_meeting();
  KeyPair k = generate_keypair();
  const std::string hex = hex_of(k.public_key);
  std::string code = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});

  for (const std::string& spelling : {upper(hex), upper(hex.substr(0, 32)) + hex.substr(32)}) {
    auto refused = enrol(code, spelling);
    INFO(refused.body);
    CHECK(refused.status == 400);
    CHECK(refused.code() == "invalid_argument");
    CHECK(refused.json["error"].value("field", "") == "public_key");
  }
  // The code was not used by those refusals: the same code enrols the key.
  auto ok = enrol(code, hex);
  INFO(ok.body);
  REQUIRE(ok.status == 200);
  CHECK(ok.json["device_id"] == device_id_of(k.public_key));
}

TEST_CASE("A revoked key cannot come back under another spelling of its hex",
          "[server][enrolment][limits]") {
  ServerFixture f;
  const int port = f.server.port();
  auto enrol = [&](const std::string& code, const std::string& key_hex) {
    std::string body = nlohmann::json({{"code", code}, {"public_key", key_hex}}).dump();
    return raw_exchange(port,
                        request_head("POST", "/v1/enrol",
                                     {"Content-Type: application/json",
                                      "Content-Length: " + std::to_string(body.size())}),
                        raw_text(body));
  };
  std::string meeting = f.new_meeting();
  KeyPair k = generate_keypair();
  const std::string hex = hex_of(k.public_key);
  const std::string id = device_id_of(k.public_key);
  REQUIRE(enrol(f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}}), hex).status ==
          200);
  auto revoked = f.admin->post("/admin/devices/" + id + "/revoke", nlohmann::json::object());
  INFO(revoked.body);
  REQUIRE(revoked.status == 200);

  std::string fresh = f.admin->enrolment_code("facilitator", {{"meetings", {meeting}}});
  std::string upper = hex;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto again_upper = enrol(fresh, upper);
  INFO(again_upper.body);
  CHECK(again_upper.status == 400);
  CHECK(again_upper.code() == "invalid_argument");
  auto again = enrol(fresh, hex);
  INFO(again.body);
  CHECK(again.status == 403);
  CHECK(again.code() == "device_revoked");
  auto d = f.admin->device(id);
  REQUIRE(d.is_object());
  CHECK(!d["revoked_ms"].is_null());
  // Neither refusal used the fresh code: another tablet enrols with it.
  KeyPair other = generate_keypair();
  auto other_enrolled = enrol(fresh, hex_of(other.public_key));
  INFO(other_enrolled.body);
  CHECK(other_enrolled.status == 200);
}
