// The examples of schemas/examples/<collection>/: each valid one is accepted by the
// embedded bundle, each invalid one is refused with an error naming the expected
// field. Records that hold answers or a questionnaire definition are also checked
// by the questionnaire rules, as the registry's hook will do.
#include <catch2/catch.hpp>

#include <string>

#include "schema_files.h"
#include "terrain/protocol/questionnaire.h"
#include "terrain/protocol/schema.h"

using nlohmann::json;
using terrain::SchemaRegistry;
using terrain::test::json_files;
using terrain::test::read_json;
using terrain::test::schemas_dir;

namespace {

const SchemaRegistry& bundle() {
  return SchemaRegistry::embedded();
}

// The questionnaire definition an answers record names, from the bundle.
const json* definition_named_by(const json& record) {
  if (!record.contains("questionnaire_id") || !record.contains("questionnaire_version"))
    return nullptr;
  return bundle().document(
      terrain::questionnaire_document_path(record.at("questionnaire_id").get<std::string>(),
                                           record.at("questionnaire_version").get<std::int64_t>()));
}

}  // namespace

TEST_CASE("Every collection has at least two valid and three invalid examples") {
  for (const auto& collection : bundle().collections()) {
    INFO(collection);
    int valid = 0, invalid = 0;
    for (const auto& file : json_files(schemas_dir() / "examples" / collection)) {
      json e = read_json(file);
      INFO(file.filename().string());
      REQUIRE(e.at("description").is_string());
      REQUIRE(e.at("record").is_object());
      if (e.at("valid").get<bool>()) {
        ++valid;
        CHECK_FALSE(e.contains("error_field"));
      } else {
        ++invalid;
        CHECK(e.at("error_field").is_string());
      }
    }
    CHECK(valid >= 2);
    CHECK(invalid >= 3);
  }
}

TEST_CASE("Valid examples are accepted whole, and field by field as a set would send them") {
  for (const auto& collection : bundle().collections()) {
    for (const auto& file : json_files(schemas_dir() / "examples" / collection)) {
      json e = read_json(file);
      if (!e.at("valid").get<bool>()) continue;
      INFO(collection << "/" << file.filename().string() << ": " << e.at("description"));
      const json& record = e.at("record");
      auto st = bundle().validate_record(collection, record);
      INFO((st.ok() ? std::string("ok") : st.error().to_string()));
      CHECK(st.ok());
      for (const auto& [field, value] : record.items()) {
        INFO("field " << field);
        auto one = bundle().validate_fields(collection, json{{field, value}});
        INFO((one.ok() ? std::string("ok") : one.error().to_string()));
        CHECK(one.ok());
      }
    }
  }
}

TEST_CASE("Invalid examples are refused, and the error names the field at fault") {
  for (const auto& collection : bundle().collections()) {
    for (const auto& file : json_files(schemas_dir() / "examples" / collection)) {
      json e = read_json(file);
      if (e.at("valid").get<bool>()) continue;
      INFO(collection << "/" << file.filename().string() << ": " << e.at("description"));
      auto st = bundle().validate_record(collection, e.at("record"));
      REQUIRE_FALSE(st.ok());
      INFO(st.error().to_string());
      CHECK((st.code() == terrain::Errc::schema_violation ||
             st.code() == terrain::Errc::unknown_field));
      CHECK(st.error().field == e.at("error_field").get<std::string>());
    }
  }
}

TEST_CASE("Valid answer records satisfy the questionnaire they name") {
  for (const char* collection : {"feedback_response", "evaluation"}) {
    for (const auto& file : json_files(schemas_dir() / "examples" / collection)) {
      json e = read_json(file);
      if (!e.at("valid").get<bool>()) continue;
      INFO(collection << "/" << file.filename().string());
      const json* def = definition_named_by(e.at("record"));
      REQUIRE(def != nullptr);
      auto st = terrain::validate_answer_record(e.at("record"), def);
      INFO((st.ok() ? std::string("ok") : st.error().to_string()));
      CHECK(st.ok());
    }
  }
}

TEST_CASE("Valid questionnaire records hold a valid definition with the record's id and version") {
  for (const auto& file : json_files(schemas_dir() / "examples" / "questionnaire")) {
    json e = read_json(file);
    if (!e.at("valid").get<bool>()) continue;
    INFO(file.filename().string());
    auto st = terrain::validate_questionnaire_record(e.at("record"));
    INFO((st.ok() ? std::string("ok") : st.error().to_string()));
    CHECK(st.ok());
  }
}

TEST_CASE("A questionnaire record whose id differs from its definition's is refused") {
  json record = read_json(schemas_dir() / "examples" / "questionnaire" / "valid-webinaire-v2.json")
                    .at("record");
  record["questionnaire_id"] = "satisfaction-autre";
  auto st = terrain::validate_questionnaire_record(record);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "questionnaire_id");
  record["questionnaire_id"] = "satisfaction-webinaire";
  record["version"] = 3;
  st = terrain::validate_questionnaire_record(record);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "version");
  record["version"] = 2;
  record["definition"]["questions"][0]["type"] = "date";
  st = terrain::validate_questionnaire_record(record);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "definition");
}

TEST_CASE("An answer record naming an unknown questionnaire, or another version, is refused") {
  json record =
      read_json(schemas_dir() / "examples" / "feedback_response" / "valid-full.json").at("record");
  auto st = terrain::validate_answer_record(record, nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "questionnaire_id");

  const json* def = definition_named_by(record);
  REQUIRE(def != nullptr);
  record["questionnaire_version"] = 2;
  st = terrain::validate_answer_record(record, def);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "questionnaire_version");

  record["questionnaire_version"] = 1;
  record["answers"]["organisation"] = 9;
  st = terrain::validate_answer_record(record, def);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().field == "organisation");
}
