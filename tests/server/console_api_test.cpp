// What the web console stands on, against a real terrain-server: cookie sessions
// with their CSRF token, the analyst role enforced by the server, the journal, the
// revocation preview, quarantine decisions with a reason, the meeting overview
// without names, questionnaire versions, and the console's own files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "fixture.h"
#include "sample_grid.h"

using namespace terrain;
using namespace terrain::test;

namespace {

constexpr const char* kAnalystName = "analyste";
constexpr const char* kAnalystPassword = "analyste du rapport annuel";

// A browser-like client: one cookie jar, the CSRF token it was given, raw headers.
struct Browser {
  explicit Browser(const std::string& url) : cli(url) {
    cli.set_connection_timeout(5, 0);
    cli.set_read_timeout(30, 0);
  }
  httplib::Result sign_in(const std::string& name, const std::string& password) {
    auto r = cli.Post(
        "/admin/login",
        nlohmann::json({{"name", name}, {"password", password}, {"session", "cookie"}}).dump(),
        "application/json");
    if (r && r->status == 200) {
      std::string set = r->get_header_value("Set-Cookie");
      cookie = set.substr(0, set.find(';'));
      csrf = nlohmann::json::parse(r->body).value("csrf_token", "");
    }
    return r;
  }
  httplib::Headers headers(bool with_csrf = true) const {
    httplib::Headers h = {{"Cookie", cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", csrf);
    return h;
  }
  Response get(const std::string& path) { return convert(cli.Get(path.c_str(), headers(false))); }
  Response post(const std::string& path, const nlohmann::json& body, bool with_csrf = true) {
    return convert(cli.Post(path.c_str(), headers(with_csrf), body.dump(), "application/json"));
  }
  static Response convert(const httplib::Result& res) {
    Response r;
    if (!res) return r;
    r.status = res->status;
    r.body = res->body;
    r.json = nlohmann::json::parse(r.body, nullptr, false);
    return r;
  }
  httplib::Client cli;
  std::string cookie;
  std::string csrf;
};

std::vector<std::string> journal_actions(const AdminClient& admin) {
  auto r = admin.get("/admin/journal?limit=1000");
  REQUIRE(r.status == 200);
  std::vector<std::string> out;
  for (const auto& e : r.json["entries"]) out.push_back(e["action"]);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE(
    "A console session lives in an HttpOnly SameSite cookie and every change needs its "
    "CSRF token",
    "[server][console][session]") {
  ServerFixture f;
  Browser b(f.server.url());
  auto in = b.sign_in(kAdminName, kAdminPassword);
  REQUIRE(in);
  INFO(in->body);
  REQUIRE(in->status == 200);
  const std::string set = in->get_header_value("Set-Cookie");
  CHECK(set.rfind("terrain_session=", 0) == 0);
  CHECK(set.find("; HttpOnly") != std::string::npos);
  CHECK(set.find("; SameSite=Strict") != std::string::npos);
  CHECK(set.find("; Path=/") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);  // plain HTTP here; set under TLS
  auto body = nlohmann::json::parse(in->body);
  CHECK_FALSE(body.contains("token"));  // the page never holds the session secret
  CHECK(body["role"] == "administrator");
  CHECK(body["csrf_token"].get<std::string>().size() == 64);

  auto session = b.get("/admin/session");
  REQUIRE(session.status == 200);
  CHECK(session.json["name"] == kAdminName);
  CHECK(session.json["csrf_token"] == b.csrf);
  const std::int64_t expires = session.json["expires_ms"];

  const nlohmann::json code = {{"role", "facilitator"}, {"scope", {{"cycle", "C"}}}};
  SECTION("a change without the token is refused and does nothing") {
    auto r = b.post("/admin/enrolment-codes", code, false);
    CHECK(r.status == 403);
    CHECK(r.code() == "forbidden");
    CHECK(r.json["error"]["reason"] == "csrf");
    b.csrf = std::string(64, '0');
    auto wrong = b.post("/admin/enrolment-codes", code);
    CHECK(wrong.status == 403);
    CHECK(wrong.json["error"]["reason"] == "csrf");
    CHECK_FALSE(contains(journal_actions(*f.admin), "enrolment_code_created"));
  }
  SECTION("with the token it is done and journaled") {
    auto r = b.post("/admin/enrolment-codes", code);
    INFO(r.body);
    CHECK(r.status == 201);
    CHECK(contains(journal_actions(*f.admin), "enrolment_code_created"));
  }
  SECTION("a bearer token (scripts) needs no CSRF token: it is not sent by the browser") {
    CHECK(f.admin->post("/admin/enrolment-codes", code).status == 201);
  }
  SECTION("the session is extended, then ends at logout and the cookie is cleared") {
    auto ext = b.post("/admin/session/extend", nlohmann::json::object());
    INFO(ext.body);
    REQUIRE(ext.status == 200);
    CHECK(ext.json["expires_ms"].get<std::int64_t>() >= expires);
    auto out = b.cli.Post("/admin/logout", b.headers(), "{}", "application/json");
    REQUIRE(out);
    CHECK(out->status == 200);
    CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
    auto after = b.get("/admin/session");
    CHECK(after.status == 401);
    CHECK(after.code() == "unauthorized");
    auto actions = journal_actions(*f.admin);
    CHECK(contains(actions, "sign_in"));
    CHECK(contains(actions, "sign_out"));
  }
}

TEST_CASE("An analyst reads reports and no names, and the server refuses the rest with 403",
          "[server][console][roles]") {
  ServerFixture f;
  REQUIRE(f.server.add_admin(kAnalystName, kAnalystPassword, "analyst").exit_code == 0);
  const std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  const std::string attendee = new_uuid_v7();
  REQUIRE(tablet->push(tablet->check_in(meeting, attendee, "Camille Lefebvre")).status == 200);

  Browser a(f.server.url());
  auto in = a.sign_in(kAnalystName, kAnalystPassword);
  REQUIRE(in);
  REQUIRE(in->status == 200);
  CHECK(nlohmann::json::parse(in->body)["role"] == "analyst");

  for (const std::string path :
       {"/admin/reports", "/admin/reports/summary", "/admin/reports/participants.csv",
        "/admin/reports/freshness", "/admin/session", "/admin/whoami"}) {
    auto r = a.get(path);
    INFO(path << ": " << r.body);
    CHECK(r.status == 200);
  }
  auto overview = a.get("/admin/meetings/" + meeting + "/overview");
  INFO(overview.body);
  CHECK(overview.status == 200);
  CHECK(overview.json["counts"]["attendance"] == 1);
  CHECK(overview.body.find("Camille") == std::string::npos);

  for (const std::string& path : std::vector<std::string>{
           "/admin/reports/meetings/" + meeting + "/attendance",
           "/admin/reports/meetings/" + meeting + "/attendance.csv", "/admin/devices",
           "/admin/quarantine", "/admin/conflicts", "/admin/journal", "/admin/questionnaires",
           "/admin/meetings/" + meeting + "/records", "/admin/records/attendance/" + attendee,
           "/admin/devices/" + tablet->id + "/revoke-preview"}) {
    auto r = a.get(path);
    INFO(path << ": " << r.body);
    CHECK(r.status == 403);
    CHECK(r.code() == "forbidden");
    CHECK(r.json["error"]["reason"] == "role");
    CHECK(r.body.find("Camille") == std::string::npos);
  }
  const std::vector<std::pair<std::string, nlohmann::json>> posts = {
      {"/admin/enrolment-codes", {{"role", "facilitator"}, {"scope", {{"cycle", "C"}}}}},
      {"/admin/devices/" + tablet->id + "/revoke", nlohmann::json::object()},
      {"/admin/quarantine/" + std::string(64, 'a') + "/release", nlohmann::json::object()},
      {"/admin/changes",
       {{"meeting", meeting},
        {"changes",
         {{{"op", "set"},
           {"collection", "meeting"},
           {"id", meeting},
           {"fields", {{"title", "X"}}}}}}}},
      {"/admin/redactions",
       {{"collection", "attendance"}, {"id", attendee}, {"field", "display_name"}}}};
  for (const auto& [path, body] : posts) {
    auto r = a.post(path, body);
    INFO(path << ": " << r.body);
    CHECK(r.status == 403);
    CHECK(r.json["error"]["reason"] == "role");
  }
  // Nothing was done: the tablet still syncs and its attendee keeps its name.
  CHECK(tablet->pull().status == 200);
  CHECK(f.admin->get("/admin/records/attendance/" + attendee).json["display_name"] ==
        "Camille Lefebvre");

  // An administrator's view of the names is journaled, without the names.
  auto names = f.admin->get("/admin/reports/meetings/" + meeting + "/attendance");
  REQUIRE(names.status == 200);
  auto journal = f.admin->get("/admin/journal");
  REQUIRE(journal.status == 200);
  CHECK(journal.body.find("Camille") == std::string::npos);
  const auto& newest = journal.json["entries"][0];
  CHECK(newest["action"] == "names_viewed");
  CHECK(newest["target"] == meeting);
  CHECK(newest["admin_name"] == kAdminName);
  CHECK(newest["detail"]["rows"] == 1);
}

TEST_CASE("The revocation preview says what a revocation would withdraw, and changes nothing",
          "[server][console][revocation]") {
  ServerFixture f;
  const std::string m1 = f.new_meeting(), m2 = f.new_meeting();
  auto tablet = f.facilitator({m1, m2});
  for (int i = 0; i < 3; ++i)
    REQUIRE(tablet->push(tablet->check_in(i == 2 ? m2 : m1, new_uuid_v7(), "P")).status == 200);

  auto p = f.admin->get("/admin/devices/" + tablet->id + "/revoke-preview?after_seq=1");
  INFO(p.body);
  REQUIRE(p.status == 200);
  CHECK(p.json["last_seq"] == 3);
  CHECK(p.json["after_seq"] == 1);
  CHECK(p.json["change_sets"] == 2);
  CHECK(p.json["records"] == 2);
  CHECK(p.json["meetings"].size() == 2);
  CHECK(f.admin->get("/admin/devices/" + tablet->id + "/revoke-preview").json["change_sets"] == 0);
  CHECK(f.admin->get("/admin/devices/" + tablet->id + "/revoke-preview?after_seq=x").status == 400);
  CHECK(f.admin->get("/admin/devices/0000000000000000/revoke-preview").status == 404);
  // Nothing revoked: the tablet pushes on.
  CHECK(tablet->push(tablet->check_in(m1, new_uuid_v7(), "Q")).status == 200);

  auto r = f.admin->post("/admin/devices/" + tablet->id + "/revoke", {{"after_seq", 1}});
  REQUIRE(r.status == 200);
  CHECK(r.json["withdrawn_change_sets"] == 3);  // the preview's 2 and the push after it
  auto entries = f.admin->get("/admin/journal?action=device_revoked").json["entries"];
  REQUIRE(entries.size() == 1);
  CHECK(entries[0]["target"] == tablet->id);
  CHECK(entries[0]["detail"]["withdrawn_change_sets"] == 3);
}

TEST_CASE("A quarantine decision keeps who decided and why, in the store and the journal",
          "[server][console][quarantine]") {
  ServerFixture f;
  const std::string mine = f.new_meeting(), other = f.new_meeting("Autre cycle");
  auto tablet = f.facilitator({mine});
  auto held1 = tablet->push(tablet->check_in(other, new_uuid_v7(), "A"));
  auto held2 = tablet->push(tablet->check_in(other, new_uuid_v7(), "B"));
  const std::string h1 = tablet->receipt(held1).change_set, h2 = tablet->receipt(held2).change_set;

  auto too_long =
      f.admin->post("/admin/quarantine/" + h1 + "/reject", {{"reason", std::string(501, 'x')}});
  CHECK(too_long.status == 400);
  CHECK(too_long.json["error"]["field"] == "reason");
  CHECK(f.admin->get("/admin/quarantine").json["change_sets"].size() == 2);  // nothing decided

  auto rej = f.admin->post("/admin/quarantine/" + h1 + "/reject", {{"reason", "doublon"}});
  REQUIRE(rej.status == 200);
  auto rel = f.admin->post("/admin/quarantine/" + h2 + "/release",
                           {{"reason", "rencontre ajoutée au périmètre"}});
  REQUIRE(rel.status == 200);
  auto entries = f.admin->get("/admin/journal").json["entries"];
  REQUIRE(entries.size() >= 2);
  CHECK(entries[0]["action"] == "quarantine_released");
  CHECK(entries[0]["target"] == h2);
  CHECK(entries[0]["detail"]["why"] == "rencontre ajoutée au périmètre");
  CHECK(entries[0]["detail"]["reason"] == "out_of_scope");
  CHECK(entries[1]["action"] == "quarantine_rejected");
  CHECK(entries[1]["detail"]["why"] == "doublon");
  CHECK(f.admin->get("/admin/journal?limit=1").json["next_before"] == entries[0]["id"]);

  // The device learns the decisions at its next pull; another device learns nothing.
  auto page = tablet->request("GET", "/v1/pull?after=&decided_after=0", "");
  INFO(page.body);
  REQUIRE(page.status == 200);
  const auto decisions = page.json["decisions"];
  REQUIRE(decisions.size() == 2);
  CHECK(decisions[0]["hash"] == h1);
  CHECK(decisions[0]["state"] == "rejected");
  CHECK(decisions[0]["decision_reason"] == "doublon");
  CHECK(decisions[0]["reason"] == "out_of_scope");
  CHECK(decisions[1]["hash"] == h2);
  CHECK(decisions[1]["state"] == "accepted");
  CHECK(decisions[1]["decision_reason"] == "rencontre ajoutée au périmètre");
  CHECK(decisions[1]["position"].get<std::int64_t>() > 0);
  const std::int64_t first = decisions[0]["decided_ms"];
  auto later = tablet->request("GET", "/v1/pull?after=&decided_after=" + std::to_string(first), "");
  for (const auto& d : later.json["decisions"]) CHECK(d["decided_ms"].get<std::int64_t>() > first);
  CHECK_FALSE(tablet->pull().json.contains("decisions"));  // not asked: not sent
  auto neighbour = f.facilitator({mine});
  CHECK(neighbour->request("GET", "/v1/pull?after=&decided_after=0", "").json["decisions"].empty());
  CHECK(f.admin->get("/admin/journal?limit=0").status == 400);
  CHECK(f.admin->get("/admin/journal?page=2").status == 400);
}

TEST_CASE("Questionnaire versions are listed with their answers, closed ones counted apart",
          "[server][console][questionnaires]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  auto evaluator = f.enrolled({{"meetings", {meeting}}}, "evaluator");
  auto push_grid = [&](std::int64_t version) {
    DetachedValues v;
    auto fields = evaluation_grid_fields(meeting);
    fields["questionnaire_version"] = version;
    auto c = evaluator->write(Op::create, "evaluation", new_uuid_v7(), fields, v);
    auto r = evaluator->push(evaluator->next({c}, std::move(v), meeting));
    INFO(r.body);
    REQUIRE(r.status == 200);
    return evaluator->receipt(r);
  };
  push_grid(1);

  auto find = [&](const std::string& id, std::int64_t version) {
    auto r = f.admin->get("/admin/questionnaires");
    INFO(r.body);
    REQUIRE(r.status == 200);
    for (const auto& q : r.json["questionnaires"])
      if (q["id"] == id && q["version"] == version) return q;
    FAIL("no questionnaire " << id << " v" << version);
    return nlohmann::json();
  };
  auto v1 = find("evaluation-grid", 1);
  CHECK(v1["source"] == "bundle");
  CHECK(v1["answers"] == 1);
  CHECK(v1["retired"] == false);
  CHECK(find("satisfaction-rencontre-territoriale", 1)["answers"] == 0);

  // Publish version 2 centrally (the bundle's definition, renumbered), then close it.
  nlohmann::json definition =
      *SchemaRegistry::embedded().document("questionnaires/evaluation-grid-v1.json");
  definition["version"] = 2;
  const std::string record = new_uuid_v7();
  auto pub = f.admin->post("/admin/changes", {{"meeting", "global"},
                                              {"changes",
                                               {{{"op", "create"},
                                                 {"collection", "questionnaire"},
                                                 {"id", record},
                                                 {"fields",
                                                  {{"questionnaire_id", "evaluation-grid"},
                                                   {"version", 2},
                                                   {"definition", definition}}}}}}});
  INFO(pub.body);
  REQUIRE(pub.status == 201);
  push_grid(2);
  auto v2 = find("evaluation-grid", 2);
  CHECK(v2["source"] == "central");
  CHECK(v2["record"] == record);
  CHECK(v2["answers"] == 1);
  CHECK(v2["retired"] == false);

  auto close = f.admin->post("/admin/changes", {{"meeting", "global"},
                                                {"changes",
                                                 {{{"op", "set"},
                                                   {"collection", "questionnaire"},
                                                   {"id", record},
                                                   {"fields", {{"retired", true}}}}}}});
  INFO(close.body);
  REQUIRE(close.status == 201);
  // A tablet that captured before it learned of the closing: still accepted, counted apart.
  CHECK(push_grid(2).outcome == Outcome::accepted);
  v2 = find("evaluation-grid", 2);
  CHECK(v2["retired"] == true);
  CHECK(v2["retired_ms"].get<std::int64_t>() > 0);
  CHECK(v2["answers"] == 2);
  CHECK(v2["answers_after_close"] == 1);
  auto journal = f.admin->get("/admin/journal?action=central_change").json["entries"];
  CHECK(journal.size() >= 3);  // the meeting, the publication, the closing
}

TEST_CASE("The console's files are served from memory with a strict policy, and nothing else",
          "[server][console][files]") {
  TempDir files;
  const std::string dir = files.file("dist");
  std::filesystem::create_directories(dir + "/js");
  std::ofstream(dir + "/index.html") << "<!doctype html><html lang=\"fr\"><title>Terrain</title>";
  std::ofstream(dir + "/js/app.js") << "export const x = 1;";
  std::ofstream(files.file("secret.txt")) << "secret";
  std::filesystem::create_symlink(files.file("secret.txt"), dir + "/leak.txt");
  ServerFixture f(ServerProcess::Options({"--console-dir", dir}));
  httplib::Client cli(f.server.url());

  auto root = cli.Get("/");
  REQUIRE(root);
  CHECK(root->status == 302);
  CHECK(root->get_header_value("Location") == "/console/");
  auto index = cli.Get("/console/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->body.find("lang=\"fr\"") != std::string::npos);
  CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
  const std::string csp = index->get_header_value("Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
  auto js = cli.Get("/console/js/app.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  for (const char* path :
       {"/console/leak.txt", "/console/../secret.txt", "/console/%2e%2e/secret.txt",
        "/console/js/../../secret.txt", "/console/missing.js"}) {
    auto r = cli.Get(path);
    REQUIRE(r);
    INFO(path);
    CHECK(r->status == 404);
    CHECK(r->body.find("secret") == std::string::npos);
  }
}

TEST_CASE("Without a built console /console/ says how to build it", "[server][console][files]") {
  ServerFixture f(ServerProcess::Options({"--console-dir", ""}));
  HttpClient http(f.server.url());
  auto r = http.send("GET", "/console/", "", "");
  CHECK(r.status == 404);
  CHECK(r.code() == "not_found");
  CHECK(r.json["error"]["message"].get<std::string>().find("npm run build") != std::string::npos);
}

TEST_CASE(
    "A device reports its app version and pending change sets when it pulls, for the fleet "
    "page",
    "[server][console][devices]") {
  ServerFixture f;
  const std::string meeting = f.new_meeting();
  auto tablet = f.facilitator({meeting});
  auto before = f.admin->device(tablet->id);
  CHECK(before["app_version"].is_null());
  CHECK(before["pending_change_sets"].is_null());

  auto r =
      tablet->request("GET", "/v1/pull?after=&pending=3&app=terrain-field%2F1.4.0%20(Android)", "");
  INFO(r.body);
  REQUIRE(r.status == 200);
  auto d = f.admin->device(tablet->id);
  CHECK(d["app_version"] == "terrain-field/1.4.0 (Android)");
  CHECK(d["pending_change_sets"] == 3);
  CHECK(d["pending_reported_ms"].get<std::int64_t>() > 0);

  // A later report replaces it at once (not only once a minute); a pull without it keeps it.
  REQUIRE(tablet->request("GET", "/v1/pull?after=&pending=0", "").status == 200);
  REQUIRE(tablet->pull().status == 200);
  d = f.admin->device(tablet->id);
  CHECK(d["pending_change_sets"] == 0);
  CHECK(d["app_version"] == "terrain-field/1.4.0 (Android)");

  for (const char* bad : {"/v1/pull?after=&pending=-1", "/v1/pull?after=&pending=x",
                          "/v1/pull?after=&app=", "/v1/pull?after=&app=%3Cscript%3E"}) {
    auto b = tablet->request("GET", bad, "");
    INFO(bad << ": " << b.body);
    CHECK(b.status == 400);
    CHECK(b.code() == "invalid_argument");
  }
}
