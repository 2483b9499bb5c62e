// Report filters: cycle, period, meeting type, region, department; refused values.
#include <catch2/catch.hpp>

#include "known_cycle.h"

using namespace terrain::test;
using nlohmann::json;

namespace {
std::int64_t participants(const KnownCycle& k, const std::string& query) {
  return k.admin.report("/admin/reports/participants?" + query)["totals"]["participants"];
}
}  // namespace

TEST_CASE("Filters select meetings by cycle, period, type, region and department") {
  KnownCycle k;
  CHECK(participants(k, cycle_query()) == 11);
  CHECK(participants(k, "") == 12);  // every cycle: the webinar too
  CHECK(participants(k, "from=2024-09-01") == 5);
  CHECK(participants(k, "to=2024-06-30&" + cycle_query()) == 6);
  CHECK(participants(k, "from=2024-06-13&to=2024-06-13") == 6);
  CHECK(participants(k, "type=webinaire") == 1);
  CHECK(participants(k, "region=53") == 6);
  CHECK(participants(k, "region=76") == 5);
  CHECK(participants(k, "department=31") == 5);
  CHECK(participants(k, "department=2A") == 0);
  CHECK(participants(k, "meeting=" + k.m5) == 1);

  json m = k.admin.report("/admin/reports/meetings?region=32");
  CHECK(m["totals"]["total"] == 1);
  CHECK(m["totals"]["planned"] == 1);
  json c = k.admin.report("/admin/reports/coverage?region=53&" + cycle_query());
  CHECK(c["totals"]["departments"]["total"] == 4);
  CHECK(c["totals"]["departments"]["covered"] == 4);
  CHECK(c["filter"]["region"] == "53");
}

TEST_CASE("Bad filter values are refused naming the parameter") {
  KnownCycle k;
  struct Case {
    std::string query;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{{"from=13/06/2024", "from"},
                                         {"to=2024-02-30", "to"},
                                         {"type=colloque", "type"},
                                         {"region=99", "region"},
                                         {"department=20", "department"},
                                         {"meeting=not-a-uuid", "meeting"},
                                         {"cycel=x", "cycel"},
                                         {"region=53&region=76", "region"},
                                         {"from=2024-12-01&to=2024-01-01", "from"}}) {
    INFO(c.query);
    HttpReply r = k.admin.get("/admin/reports/participants?" + c.query);
    CHECK(r.status == 400);
    CHECK(r.json()["error"]["code"] == "invalid_argument");
    CHECK(r.json()["error"]["field"] == c.field);
  }
}
