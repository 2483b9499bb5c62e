// Personal data: names only in the per-meeting attendance export, for
// administrators; every other report is aggregate.
#include <catch2/catch.hpp>

#include "known_cycle.h"

using namespace terrain::test;
using nlohmann::json;

namespace {

void check_no_names(const std::string& what, const std::string& body) {
  for (const auto& name : kPersonalNames) {
    INFO(what << " must not contain " << name);
    CHECK(body.find(name) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("No name appears in any aggregate report, JSON or CSV, whatever the filter") {
  KnownCycle k;
  json catalogue = k.admin.report("/admin/reports");
  std::vector<std::string> queries = {"", "?" + cycle_query(), "?meeting=" + k.m1,
                                      "?meeting=" + k.m5};
  int checked = 0;
  for (const auto& entry : catalogue["reports"]) {
    if (entry["personal_data"].get<bool>()) continue;
    std::string path = entry["json"];
    for (const auto& q : queries) {
      std::string query = entry["name"] == "freshness" ? "" : q;
      HttpReply j = k.admin.get(path + query);
      REQUIRE(j.status == 200);
      check_no_names(path + query, j.body);
      for (const auto& table : entry["tables"]) {
        std::string sep = query.empty() ? "?" : "&";
        HttpReply c = k.admin.get(entry["csv"].get<std::string>() + query + sep +
                                  "table=" + table.get<std::string>());
        if (c.status == 400 && table == "textes") continue;  // needs meeting=
        INFO(entry["csv"].get<std::string>() << query << " " << table);
        REQUIRE(c.status == 200);
        check_no_names(path + " " + table.get<std::string>(), c.body);
        ++checked;
      }
    }
  }
  CHECK(checked > 40);
}

TEST_CASE("The attendance export lists names, erased names and withheld names for one meeting") {
  KnownCycle k;
  json a = k.admin.report("/admin/reports/meetings/" + k.m1 + "/attendance");
  CHECK(a["personal_data"] == true);
  CHECK(a["totals"]["records"] == 7);
  CHECK(a["totals"]["participants"] == 6);
  std::map<std::string, json> rows;
  for (const auto& r : a["rows"]) rows[r["id"]] = r;
  CHECK(rows[k.claire]["display_name"] == "Claire Martin");
  CHECK(rows[k.claire_again]["duplicate_of"] == k.claire);
  CHECK(rows[k.jean]["display_name"] == "[effacé]");
  CHECK(rows[k.anonymous_ars]["display_name"].is_null());
  CHECK(rows[k.paul]["role"] == "organisateur");
  CHECK(rows[k.paul]["conflicted"] == true);
  CHECK(rows.count(k.deleted_person) == 0);
  CHECK(rows.count(k.quarantined_checkin) == 0);

  json m2 = k.admin.report("/admin/reports/meetings/" + k.m2 + "/attendance");
  bool withheld = false;
  for (const auto& r : m2["rows"])
    if (r["id"] == k.yves) withheld = r["display_name"] == "[sans consentement]";
  CHECK(withheld);
  CHECK(m2.dump().find("Morel") == std::string::npos);
}

TEST_CASE("Reports are for administrators only") {
  KnownCycle k;
  for (const std::string& path : std::vector<std::string>{
           "/admin/reports", "/admin/reports/participants", "/admin/reports/participants.csv",
           "/admin/reports/freshness", "/admin/reports/meetings/" + k.m1 + "/attendance.csv"}) {
    INFO(path);
    HttpReply anonymous = k.admin.get(path, false);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.json()["error"]["code"] == "unauthorized");
    check_no_names(path, anonymous.body);
    // A tablet's signed request is not an administrator's session.
    auto device = k.a.signed_request("GET", path, "");
    CHECK(device.first == 401);
    check_no_names(path, device.second);
  }
}

TEST_CASE("The attendance export of an unknown meeting is not found") {
  KnownCycle k;
  HttpReply r =
      k.admin.get("/admin/reports/meetings/01234567-89ab-7def-8123-456789abcdef/attendance");
  CHECK(r.status == 404);
  CHECK(r.json()["error"]["code"] == "not_found");
}
