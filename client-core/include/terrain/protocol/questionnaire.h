// Questionnaires as data: the definition format (format 1) and the checks of answers.
//
// A questionnaire (satisfaction feedback, evaluation grid) is a versioned JSON
// document, shipped in schemas/questionnaires/<id>-v<version>.json or published
// centrally as a `questionnaire` record. Its format is described in
// docs/domain-data.md and, as far as JSON Schema can express it, in
// schemas/questionnaires/questionnaire.schema.json. Answers are an object from
// question id to value, stored in the `answers` field of feedback_response and
// evaluation records.
//
// Rules (the same on the tablet and on the server):
//  1. A question is displayed when it has no show_if, or when the question its
//     show_if names (always an earlier one) is displayed, answered, and its answer
//     equals the value (or one of the values of `in`; for multiple_choice, any
//     selected code).
//  2. An answer to a question that is not displayed is refused; a required
//     question that is displayed must be answered; an unanswered question is
//     simply absent (never null, never an empty string or array).
//  3. Answer types: single_choice -> option code; multiple_choice -> array of
//     distinct option codes; scale -> option code (labelled scale) or integer in
//     [min, max] (numeric scale); yes_no -> boolean; free_text -> non-empty string
//     of at most max_length characters (Unicode code points).
//  4. Every failure is Errc::schema_violation (Errc::unsupported_version for an
//     unknown `format`) with the question id in Error::field (a top-level key such
//     as "title" for faults outside the questions). Messages never repeat an
//     answer's value: free text may hold personal data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"

namespace terrain {

// The definition format this code reads.
inline constexpr int kQuestionnaireFormat = 1;

// Tunables of questionnaire definitions, each with its reason.
struct QuestionnaireLimits {
  // A questionnaire filled on a tablet in a meeting room: beyond a few dozen
  // questions nobody answers; 100 leaves room for long evaluation grids.
  static constexpr std::size_t max_questions = 100;
  // Options of one question: the longest list in use is the 11 priorities.
  static constexpr std::size_t max_options = 50;
  // Ids of questionnaires, questions and options: short stable codes.
  static constexpr std::size_t max_id_chars = 64;
  // A label or help text (French or English), in characters.
  static constexpr std::size_t max_label_chars = 500;
  // Free text answers: as long as a contribution at most (8,000 characters,
  // within Limits::max_value_bytes once the answers object is serialised)...
  static constexpr std::int64_t max_free_text_chars = 8000;
  // ...and 2,000 characters when the definition says nothing.
  static constexpr std::int64_t default_free_text_chars = 2000;
  // Numeric scales and option scores stay small integers (e.g. 1..5, 0..10).
  static constexpr std::int64_t max_scale_bound = 100;
  // Versions of one questionnaire.
  static constexpr std::int64_t max_version = 1000;
};

// Checks a definition: structure, types, unique ids, labels in French and English,
// options, scale bounds, show_if naming an earlier question with a possible answer,
// headline naming a labelled scale.
Status validate_questionnaire_definition(const nlohmann::json& def);

// Checks answers against a definition (which is checked first): unknown question,
// wrong type, option not in the list, scale out of range, required question
// missing while displayed, answer to a hidden question, free text too long.
Status validate_answers(const nlohmann::json& def, const nlohmann::json& answers);

// Where a shipped definition lives in the schema bundle:
// "questionnaires/<id>-v<version>.json".
std::string questionnaire_document_path(std::string_view id, std::int64_t version);

// Checks the fields of a `questionnaire` record: its definition is valid and its
// questionnaire_id and version equal the definition's id and version.
Status validate_questionnaire_record(const nlohmann::json& fields);

// Checks a feedback_response or evaluation record's fields against the definition
// they name (def == nullptr: the questionnaire is unknown, field
// "questionnaire_id"): the definition's id and version equal questionnaire_id and
// questionnaire_version, and the answers are valid. Only fields present are
// checked, so it also serves for a `set` of answers when the caller passes the
// record's current questionnaire_id and questionnaire_version with them.
Status validate_answer_record(const nlohmann::json& fields, const nlohmann::json* def);

// Ids of the questions displayed for these answers, in order (for the app).
// Answers that are not valid count as not given. Empty if the definition is invalid.
std::vector<std::string> displayed_questions(const nlohmann::json& def,
                                             const nlohmann::json& answers);

// For reports: whether the answer to the definition's headline question (e.g.
// overall satisfaction) is one of its "positive" options ("satisfaits ou très
// satisfaits"). nullopt when there is no headline, no valid answer to it, or the
// definition is invalid.
std::optional<bool> headline_is_positive(const nlohmann::json& def, const nlohmann::json& answers);

}  // namespace terrain
