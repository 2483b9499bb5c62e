// What each device role may write (protocol/roles.h).
#include <catch2/catch.hpp>

#include "terrain/protocol/roles.h"

using namespace terrain;

TEST_CASE("Facilitators capture the meeting and evaluators fill grids and nobody else writes",
          "[protocol][roles]") {
  for (const char* c :
       {"meeting", "attendance", "headcount", "contribution", "feedback_response"}) {
    CHECK(role_may_write("facilitator", c));
    CHECK_FALSE(role_may_write("evaluator", c));
  }
  CHECK(role_may_write("evaluator", "evaluation"));
  CHECK_FALSE(role_may_write("facilitator", "evaluation"));
  // Questionnaires are central reference data: written by the server's key only.
  CHECK_FALSE(role_may_write("facilitator", "questionnaire"));
  CHECK_FALSE(role_may_write("evaluator", "questionnaire"));
  CHECK_FALSE(role_may_write("", "attendance"));
  CHECK_FALSE(role_may_write("administrator", "attendance"));
}

TEST_CASE("check_role names the first record a role may not write", "[protocol][roles]") {
  ChangeSet cs;
  cs.device = "3f2a9c0d11e2b4a7";
  cs.meeting = "0193a2b3-c4d5-7000-8000-000000000001";
  Change ok;
  ok.op = Op::create;
  ok.collection = "attendance";
  ok.id = "0193a2b3-c4d6-7abc-9def-0123456789ab";
  Change grid = ok;
  grid.collection = "evaluation";
  grid.id = "0193a2b3-c4d6-7abc-9def-0123456789ac";
  cs.changes = {ok, grid};
  CHECK(check_role("evaluator", ChangeSet{}).ok());
  auto st = check_role("facilitator", cs);
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Errc::out_of_scope);
  CHECK(st.error().record == "evaluation/0193a2b3-c4d6-7abc-9def-0123456789ac");
  CHECK(st.error().message.find("facilitator") != std::string::npos);
  auto st2 = check_role("evaluator", cs);
  REQUIRE_FALSE(st2.ok());
  CHECK(st2.error().record == "attendance/0193a2b3-c4d6-7abc-9def-0123456789ab");
  cs.changes = {grid};
  CHECK(check_role("evaluator", cs).ok());
}
