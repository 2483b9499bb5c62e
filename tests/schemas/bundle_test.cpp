// The schema bundle as a whole: the collections it declares, Terrain's annotations
// (x-terrain, x-personal, x-counter, x-immutable) and the conventions every
// collection schema follows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "schema_files.h"
#include "terrain/protocol/schema.h"

using nlohmann::json;
using terrain::SchemaRegistry;
using terrain::test::codes_of;

namespace {

const SchemaRegistry& bundle() {
  return SchemaRegistry::embedded();
}

const json& schema_of(const std::string& collection) {
  const json* doc = bundle().document("collections/" + collection + ".json");
  REQUIRE(doc != nullptr);
  return *doc;
}

const json& reference(const std::string& name) {
  const json* doc = bundle().document("reference/" + name + ".json");
  REQUIRE(doc != nullptr);
  return *doc;
}

std::vector<json> enum_of(const json& property) {
  const json& e =
      property.contains("items") ? property.at("items").at("enum") : property.at("enum");
  return {e.begin(), e.end()};
}

std::set<std::string> as_set(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

// Whether the string-valued keyword `key` is used anywhere in a schema (a property
// named like the keyword, e.g. the meeting's "format", holds an object, not a string).
bool uses_keyword(const json& j, const std::string& key) {
  if (j.is_object()) {
    if (j.contains(key) && j.at(key).is_string()) return true;
    for (const auto& [k, v] : j.items()) {
      (void)k;
      if (uses_keyword(v, key)) return true;
    }
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (uses_keyword(v, key)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("The bundle is version 1 and declares the seven collections, each with its schema") {
  const json& b = *bundle().document("bundle.json");
  CHECK(bundle().version() == 1);
  CHECK(b.at("version") == 1);
  std::vector<std::string> declared = b.at("collections").get<std::vector<std::string>>();
  CHECK(as_set(declared) == std::set<std::string>{"meeting", "attendance", "headcount",
                                                  "contribution", "feedback_response", "evaluation",
                                                  "questionnaire"});
  CHECK(as_set(bundle().collections()) == as_set(declared));
  for (const auto& name : declared) {
    INFO(name);
    CHECK(bundle().collection(name) != nullptr);
    CHECK(schema_of(name).at("x-terrain").at("collection") == name);
  }
}

TEST_CASE("Every record but meetings and questionnaires names its meeting, set at creation only") {
  CHECK(bundle().collection("meeting")->meeting_field == "$id");
  const json& q = schema_of("questionnaire").at("x-terrain");
  CHECK(q.at("meeting_field").is_null());
  CHECK(q.at("global") == true);
  CHECK(bundle().collection("questionnaire")->meeting_field.empty());
  for (const char* name :
       {"attendance", "headcount", "contribution", "feedback_response", "evaluation"}) {
    INFO(name);
    const auto* c = bundle().collection(name);
    CHECK(c->meeting_field == "meeting");
    CHECK(c->is_immutable("meeting"));
    const json& s = schema_of(name);
    CHECK(std::find(s.at("required").begin(), s.at("required").end(), "meeting") !=
          s.at("required").end());
  }
}

TEST_CASE("Personal fields are marked, and the satisfaction feedback has none") {
  CHECK(as_set(bundle().collection("attendance")->personal_fields) ==
        std::set<std::string>{"display_name", "people_concerned"});
  CHECK(as_set(bundle().collection("evaluation")->personal_fields) ==
        std::set<std::string>{"evaluator_name"});
  for (const char* name :
       {"meeting", "headcount", "contribution", "feedback_response", "questionnaire"}) {
    INFO(name);
    CHECK(bundle().collection(name)->personal_fields.empty());
  }
}

TEST_CASE("Head counts are counters, and only head counts") {
  CHECK(as_set(bundle().collection("headcount")->counter_fields) ==
        std::set<std::string>{"count", "count_people_concerned"});
  for (const auto& name : bundle().collections()) {
    if (name == "headcount") continue;
    INFO(name);
    CHECK(bundle().collection(name)->counter_fields.empty());
  }
  for (const char* counter : {"count", "count_people_concerned"}) {
    const json& p = schema_of("headcount").at("properties").at(counter);
    CHECK(p.at("type") == "integer");
    CHECK(p.at("minimum") == 0);
  }
}

TEST_CASE("Answers name their questionnaire and version, set at creation only") {
  for (const char* name : {"feedback_response", "evaluation"}) {
    INFO(name);
    const auto* c = bundle().collection(name);
    CHECK(c->is_immutable("questionnaire_id"));
    CHECK(c->is_immutable("questionnaire_version"));
    CHECK_FALSE(c->is_immutable("answers"));
    const json& hook = schema_of(name).at("x-terrain").at("questionnaire");
    CHECK(hook.at("id_field") == "questionnaire_id");
    CHECK(hook.at("version_field") == "questionnaire_version");
    CHECK(hook.at("answers_field") == "answers");
  }
  const auto* q = bundle().collection("questionnaire");
  CHECK(q->is_immutable("questionnaire_id"));
  CHECK(q->is_immutable("version"));
  CHECK(q->is_immutable("definition"));
}

TEST_CASE("Every collection schema refuses unknown fields and titles each field in French") {
  for (const auto& name : bundle().collections()) {
    INFO(name);
    const json& s = schema_of(name);
    CHECK(s.at("$schema") == "http://json-schema.org/draft-07/schema#");
    CHECK(s.at("type") == "object");
    CHECK(s.at("additionalProperties") == false);
    CHECK(s.at("title").is_string());
    CHECK(s.at("description").is_string());
    for (const auto& [field, p] : s.at("properties").items()) {
      INFO(field);
      CHECK(p.at("title").is_string());
      CHECK_FALSE(p.at("title").get<std::string>().empty());
      CHECK(p.at("description").is_string());
      CHECK(p.at("description").get<std::string>().size() > 10);
    }
    for (const auto& r : s.at("required")) CHECK(s.at("properties").contains(r));
  }
}

TEST_CASE("Collection schemas avoid what the validator or the registry handle poorly") {
  for (const auto& name : bundle().collections()) {
    INFO(name);
    // valijson 1.0's "format" throws on a non-empty array or object: dates use "pattern".
    CHECK_FALSE(uses_keyword(schema_of(name), "format"));
    // Each property stands alone (validate_fields checks fields one by one).
    CHECK_FALSE(uses_keyword(schema_of(name), "$ref"));
  }
}

TEST_CASE("Enumerations in the schemas are exactly the codes of the reference data") {
  const json& meeting = schema_of("meeting").at("properties");
  CHECK(enum_of(meeting.at("type")) == codes_of(reference("meeting_types")));
  CHECK(enum_of(meeting.at("format")) == codes_of(reference("meeting_formats")));
  CHECK(enum_of(meeting.at("status")) == codes_of(reference("meeting_statuses")));
  CHECK(enum_of(meeting.at("region")) == codes_of(reference("regions")));
  CHECK(enum_of(meeting.at("departments")) == codes_of(reference("departments")));

  const json& attendance = schema_of("attendance").at("properties");
  CHECK(enum_of(attendance.at("actor_type")) == codes_of(reference("actor_types")));
  CHECK(enum_of(attendance.at("department")) == codes_of(reference("departments")));
  CHECK(enum_of(attendance.at("role")) == codes_of(reference("attendance_roles")));
  CHECK(enum_of(attendance.at("people_concerned")) == codes_of(reference("people_concerned")));

  const json& contribution = schema_of("contribution").at("properties");
  CHECK(enum_of(contribution.at("principles")) == codes_of(reference("principles")));
  CHECK(enum_of(contribution.at("values")) == codes_of(reference("values")));
  CHECK(contribution.at("priorities").at("items").at("minimum") == 1);
  CHECK(contribution.at("priorities").at("items").at("maximum") == 11);
  CHECK(contribution.at("text").at("maxLength") == 8000);
}

TEST_CASE("Every department, region and actor type of the reference data is accepted") {
  const std::string meeting = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
  for (const auto& d : reference("departments").at("items")) {
    json r = {{"meeting", meeting},
              {"actor_type", "cd"},
              {"consent", true},
              {"department", d.at("code")}};
    INFO(d.at("code"));
    CHECK(bundle().validate_record("attendance", r).ok());
  }
  for (const auto& a : reference("actor_types").at("items")) {
    json r = {{"meeting", meeting}, {"actor_type", a.at("code")}, {"consent", false}};
    INFO(a.at("code"));
    CHECK(bundle().validate_record("attendance", r).ok());
  }
  for (const auto& reg : reference("regions").at("items")) {
    json r = {{"region", reg.at("code")}};
    INFO(reg.at("code"));
    CHECK(bundle().validate_fields("meeting", r).ok());
  }
}
