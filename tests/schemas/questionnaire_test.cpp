// Questionnaires as data: the shipped definitions, the definition format (C++
// rules and their JSON Schema agree), and the checks of answers.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "schema_files.h"
#include "terrain/protocol/questionnaire.h"
#include "terrain/protocol/schema.h"

using nlohmann::json;
using terrain::Errc;
using terrain::test::json_files;
using terrain::test::read_json;
using terrain::test::schemas_dir;

namespace {

const terrain::SchemaRegistry& bundle() {
  return terrain::SchemaRegistry::embedded();
}

const json& shipped(const std::string& id, int version) {
  const json* def = bundle().document(terrain::questionnaire_document_path(id, version));
  REQUIRE(def != nullptr);
  return *def;
}

const json& satisfaction() {
  return shipped("satisfaction-rencontre-territoriale", 1);
}
const json& evaluation_grid() {
  return shipped("evaluation-grid", 1);
}

// questionnaires/questionnaire.schema.json, as valijson reads it.
bool definition_schema_accepts(const json& def) {
  static const auto schema = [] {
    auto s = std::make_unique<valijson::Schema>();
    const json* doc = bundle().document("questionnaires/questionnaire.schema.json");
    REQUIRE(doc != nullptr);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(*doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(def);
  return validator.validate(*schema, target, nullptr);
}

std::string describe(const terrain::Status& st) {
  return st.ok() ? std::string("ok") : st.error().to_string();
}

}  // namespace

TEST_CASE(
    "Both shipped questionnaires are valid definitions, for the C++ rules and the JSON Schema") {
  for (const auto& path : bundle().documents("questionnaires/")) {
    if (path == "questionnaires/questionnaire.schema.json") continue;
    INFO(path);
    const json& def = *bundle().document(path);
    auto st = terrain::validate_questionnaire_definition(def);
    INFO(describe(st));
    CHECK(st.ok());
    CHECK(definition_schema_accepts(def));
    // Each lives where its id and version say.
    CHECK(path == terrain::questionnaire_document_path(def.at("id").get<std::string>(),
                                                       def.at("version").get<std::int64_t>()));
  }
  CHECK(bundle().documents("questionnaires/").size() == 3);
}

TEST_CASE("The satisfaction questionnaire's headline is the four-level scale of the CNSA") {
  const json& def = satisfaction();
  CHECK(def.at("anonymous") == true);
  CHECK(def.at("audience") == "participants");
  REQUIRE(def.at("headline") == "satisfaction_globale");
  const json& q = def.at("questions").at(0);
  CHECK(q.at("id") == "satisfaction_globale");
  CHECK(q.at("type") == "scale");
  CHECK(q.at("required") == true);
  const json& o = q.at("options");
  REQUIRE(o.size() == 4);
  CHECK(o[0].at("code") == "tres_satisfait");
  CHECK(o[0].at("label").at("fr") == "Très satisfait");
  CHECK(o[1].at("code") == "satisfait");
  CHECK(o[1].at("label").at("fr") == "Satisfait");
  CHECK(o[2].at("code") == "peu_satisfait");
  CHECK(o[2].at("label").at("fr") == "Peu satisfait");
  CHECK(o[3].at("code") == "pas_du_tout_satisfait");
  CHECK(o[3].at("label").at("fr") == "Pas du tout satisfait");
  // "satisfaits ou très satisfaits" are the positive answers.
  CHECK(o[0].at("positive") == true);
  CHECK(o[1].at("positive") == true);
  CHECK_FALSE(o[2].value("positive", false));
  CHECK_FALSE(o[3].value("positive", false));
}

TEST_CASE(
    "The evaluation grid measures objectives, participation of people concerned and follow-up") {
  const json& def = evaluation_grid();
  CHECK(def.at("audience") == "evaluators");
  CHECK(def.at("anonymous") == false);
  std::vector<std::string> ids;
  for (const auto& q : def.at("questions")) ids.push_back(q.at("id").get<std::string>());
  for (const char* id :
       {"objectifs_atteints", "participation_personnes_concernees", "actions_de_suivi",
        "actions_de_suivi_detail", "priorites_abordees", "principes_mis_en_oeuvre"}) {
    INFO(id);
    CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
  }
}

TEST_CASE("Definition examples: valid ones accepted, invalid ones refused naming the question") {
  int valid = 0, invalid = 0;
  for (const auto& file : json_files(schemas_dir() / "examples" / "definitions")) {
    json e = read_json(file);
    INFO(file.filename().string() << ": " << e.at("description"));
    const json& def = e.at("definition");
    auto st = terrain::validate_questionnaire_definition(def);
    INFO(describe(st));
    if (e.at("valid").get<bool>()) {
      ++valid;
      CHECK(st.ok());
      CHECK(definition_schema_accepts(def));
    } else {
      ++invalid;
      REQUIRE_FALSE(st.ok());
      CHECK(st.error().field == e.at("error_field").get<std::string>());
      CHECK((st.code() == Errc::schema_violation || st.code() == Errc::unsupported_version));
      // What JSON Schema can express, the schema refuses too.
      if (e.at("json_schema_detects").get<bool>()) CHECK_FALSE(definition_schema_accepts(def));
    }
  }
  CHECK(valid >= 2);
  CHECK(invalid >= 10);
}

TEST_CASE("A definition format this build does not know is unsupported_version") {
  json def = satisfaction();
  def["format"] = 2;
  auto st = terrain::validate_questionnaire_definition(def);
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Errc::unsupported_version);
  CHECK(st.error().field == "format");
}

TEST_CASE(
    "Answer examples of each shipped questionnaire are accepted or refused naming the question") {
  for (const auto& dir : {"satisfaction-rencontre-territoriale-v1", "evaluation-grid-v1"}) {
    int valid = 0, invalid = 0;
    for (const auto& file : json_files(schemas_dir() / "examples" / "answers" / dir)) {
      json e = read_json(file);
      INFO(dir << "/" << file.filename().string() << ": " << e.at("description"));
      const json& def = shipped(e.at("questionnaire").at("id").get<std::string>(),
                                e.at("questionnaire").at("version").get<int>());
      auto st = terrain::validate_answers(def, e.at("answers"));
      INFO(describe(st));
      if (e.at("valid").get<bool>()) {
        ++valid;
        CHECK(st.ok());
      } else {
        ++invalid;
        REQUIRE_FALSE(st.ok());
        CHECK(st.code() == Errc::schema_violation);
        CHECK(st.error().field == e.at("error_field").get<std::string>());
      }
    }
    INFO(dir);
    CHECK(valid >= 2);
    CHECK(invalid >= 5);
  }
}

TEST_CASE("Conditions decide which questions are displayed") {
  const json& def = satisfaction();
  auto shown = terrain::displayed_questions(def, json::object());
  CHECK(std::find(shown.begin(), shown.end(), "satisfaction_atelier") == shown.end());
  CHECK(std::find(shown.begin(), shown.end(), "raison_non_participation") == shown.end());
  CHECK(std::find(shown.begin(), shown.end(), "satisfaction_globale") != shown.end());

  shown = terrain::displayed_questions(
      def, json{{"atelier", "atelier_3"}, {"participer_a_nouveau", false}});
  CHECK(std::find(shown.begin(), shown.end(), "satisfaction_atelier") != shown.end());
  CHECK(std::find(shown.begin(), shown.end(), "raison_non_participation") != shown.end());

  // An invalid answer does not open the questions that depend on it.
  shown = terrain::displayed_questions(def, json{{"atelier", "atelier_9"}});
  CHECK(std::find(shown.begin(), shown.end(), "satisfaction_atelier") == shown.end());
}

TEST_CASE("The headline answer tells whether a participant is satisfied or very satisfied") {
  const json& def = satisfaction();
  CHECK(terrain::headline_is_positive(def, json{{"satisfaction_globale", "tres_satisfait"}}) ==
        true);
  CHECK(terrain::headline_is_positive(def, json{{"satisfaction_globale", "satisfait"}}) == true);
  CHECK(terrain::headline_is_positive(def, json{{"satisfaction_globale", "peu_satisfait"}}) ==
        false);
  CHECK(terrain::headline_is_positive(
            def, json{{"satisfaction_globale", "pas_du_tout_satisfait"}}) == false);
  CHECK_FALSE(terrain::headline_is_positive(def, json::object()).has_value());
  CHECK_FALSE(terrain::headline_is_positive(def, json{{"satisfaction_globale", 4}}).has_value());
}

TEST_CASE("Error messages never repeat what a participant wrote") {
  const json& def = satisfaction();
  const std::string secret = "Claire Martin, 12 rue des Lilas";
  std::string long_text;
  while (long_text.size() <= 2100) long_text += secret + " ";
  json answers = {{"satisfaction_globale", "satisfait"},
                  {"participer_a_nouveau", true},
                  {"commentaire", long_text}};
  auto st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "commentaire");
  CHECK(st.error().to_string().find("Claire") == std::string::npos);

  answers = {{"satisfaction_globale", secret}, {"participer_a_nouveau", true}};
  st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().to_string().find("Claire") == std::string::npos);

  answers = {{"satisfaction_globale", "satisfait"}, {secret, true}};
  st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "answers");
  CHECK(st.error().to_string().find("Claire") == std::string::npos);
}

TEST_CASE("Nonsense instead of a definition or answers is refused without crashing") {
  for (const json& garbage :
       {json(), json(42), json("questionnaire"), json::array(), json::object(), json{{"format", 1}},
        json{{"format", 1.5}}, json{{"format", -1}}, json{{"format", 18446744073709551615ull}}}) {
    INFO(garbage.dump());
    CHECK_FALSE(terrain::validate_questionnaire_definition(garbage).ok());
    CHECK_FALSE(terrain::validate_answers(garbage, json::object()).ok());
    CHECK(terrain::displayed_questions(garbage, json::object()).empty());
    CHECK_FALSE(terrain::headline_is_positive(garbage, json::object()).has_value());
  }
  for (const json& garbage : {json(), json(42), json::array(), json("x")}) {
    INFO(garbage.dump());
    auto st = terrain::validate_answers(satisfaction(), garbage);
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().field == "answers");
  }
  json def = satisfaction();
  def["questions"][0]["options"] = json{{"code", "a"}};
  CHECK_FALSE(terrain::validate_questionnaire_definition(def).ok());
  def = satisfaction();
  def["questions"][3]["show_if"] = json::array({1, 2});
  CHECK_FALSE(terrain::validate_questionnaire_definition(def).ok());
}

TEST_CASE("An answer given to an unknown question names it and integers beyond range are refused") {
  const json& def = evaluation_grid();
  json answers = read_json(schemas_dir() / "examples" / "answers" / "evaluation-grid-v1" /
                           "valid-complete.json")
                     .at("answers");
  answers["note_globale"] = 3;
  auto st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "note_globale");
  answers.erase("note_globale");
  answers["prise_en_compte_parole"] = 18446744073709551615ull;
  st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "prise_en_compte_parole");
  answers["prise_en_compte_parole"] = 4.0;
  st = terrain::validate_answers(def, answers);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "prise_en_compte_parole");
  answers["prise_en_compte_parole"] = 5;
  CHECK(terrain::validate_answers(def, answers).ok());
}
