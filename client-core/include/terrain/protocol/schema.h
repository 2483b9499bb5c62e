// Schema validation of collections (JSON Schema draft 7, valijson).
//
// The bundle is schemas/ embedded at build time (cmake/EmbedSchemas.cmake), so the
// tablet and the server validate with identical bytes. Layout of schemas/:
//   schemas/bundle.json                  {"version": N, ...}
//   schemas/collections/<name>.json      one JSON Schema per collection
//   schemas/reference/*.json             reference data (regions, departments...)
//   schemas/questionnaires/*.json        questionnaire definitions
// Terrain's annotations inside a collection schema (ignored by the validator):
//   top level:  "x-terrain": {"collection": "attendance", "meeting_field": "meeting"}
//               (meeting_field is "$id" for the meeting collection itself)
//   a property: "x-personal": true   personal data: detached, redactable, never logged
//               "x-counter": true    an integer changed only by increments
//               "x-immutable": true  set at creation only (e.g. the meeting of a record)
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/errors.h"

namespace terrain {

struct CollectionInfo {
  std::string name;
  std::string meeting_field;        // "$id" for meeting
  std::vector<std::string> fields;  // declared properties
  std::vector<std::string> personal_fields;
  std::vector<std::string> counter_fields;
  std::vector<std::string> immutable_fields;
  // Records answering a questionnaire (x-terrain.questionnaire): the fields naming
  // the questionnaire, its version and the answers; empty otherwise.
  std::string questionnaire_id_field;
  std::string questionnaire_version_field;
  std::string answers_field;
  bool is_personal(std::string_view f) const;
  bool is_counter(std::string_view f) const;
  bool is_immutable(std::string_view f) const;
  bool has_field(std::string_view f) const;
};

// Finds a questionnaire definition published centrally (a `questionnaire` record)
// when it is not shipped in the bundle; nullptr when unknown.
using QuestionnaireLookup =
    std::function<std::optional<nlohmann::json>(const std::string& id, std::int64_t version)>;
// The current fields of a record as the validating replica holds them (to check a
// `set` of answers against the record's questionnaire); nullopt when unknown.
using RecordLookup = std::function<std::optional<nlohmann::json>(const std::string& collection,
                                                                 const std::string& id)>;

class SchemaRegistry {
 public:
  // The bundle embedded in this build.
  static const SchemaRegistry& embedded();
  // A bundle from files (path relative to schemas/ -> exact bytes), e.g. for tests.
  static Result<std::unique_ptr<SchemaRegistry>> from_files(
      const std::vector<std::pair<std::string, std::string>>& files);
  ~SchemaRegistry();
  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;

  int version() const;
  const CollectionInfo* collection(std::string_view name) const;  // nullptr if unknown
  std::vector<std::string> collections() const;

  // A whole record (create): required fields, types, enums, formats.
  Status validate_record(std::string_view collection, const nlohmann::json& fields,
                         std::string_view record_id = {}) const;
  // Some fields of an existing record (set): each field against its property schema.
  Status validate_fields(std::string_view collection, const nlohmann::json& fields,
                         std::string_view record_id = {}) const;
  // Structural and schema checks of a parsed change set against the bundle:
  // collections and fields exist, inline values valid, counters only incremented,
  // immutable fields only at creation, a create's meeting field equals the header's
  // meeting. Detached values are checked when present in `values`.
  // Answers of a created feedback_response or evaluation are checked against their
  // questionnaire version (bundle first, then `lookup`); a `set` of answers too, on the
  // record as `records` holds it (skipped when the record is unknown there).
  Status validate_change_set(const ChangeSet& cs, const DetachedValues& values,
                             const QuestionnaireLookup& lookup = {},
                             const RecordLookup& records = {}) const;
  // The answers of a whole record (e.g. after a set of its answers) against its
  // questionnaire version. Ok for collections that answer no questionnaire.
  Status validate_answers_of(std::string_view collection, const nlohmann::json& record,
                             const QuestionnaireLookup& lookup = {},
                             std::string_view record_id = {}) const;

  // Any other file of the bundle (reference data, questionnaires), parsed.
  const nlohmann::json* document(std::string_view path) const;
  std::vector<std::string> documents(std::string_view prefix) const;

 private:
  SchemaRegistry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace terrain
