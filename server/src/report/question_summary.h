// Per-question summaries of questionnaire answers (satisfaction questionnaires,
// evaluation grids): for each question of the definition, how many answered it
// and, by type:
//   single_choice, multiple_choice, labelled scale: a count per option (for a
//     multiple choice, the share is of those who answered, so shares may add up to
//     more than 100 %); a labelled scale also gets the average of its scores;
//   numeric scale: a count per value from min to max, and the average;
//   yes_no: Oui / Non;
//   free_text: only how many answered. Free texts are never shown by aggregate
//     reports: they may name people.
// Answers that do not fit the definition (unknown option, wrong type) are left
// out of that question's figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report_table.h"

namespace terrain::server::report {

struct OptionCount {
  std::string code;
  std::string label;
  std::int64_t count = 0;
};

struct QuestionSummary {
  std::string id;
  std::string type;  // single_choice, multiple_choice, scale, yes_no, free_text
  std::string label;
  std::int64_t answered = 0;
  std::vector<OptionCount> options;
  std::optional<double> average;  // scales
  bool free_text = false;
};

// `answers`: the answers objects of records that name this definition.
std::vector<QuestionSummary> summarise_answers(const nlohmann::json& definition,
                                               const std::vector<const nlohmann::json*>& answers);

nlohmann::json summary_json(const QuestionSummary& q);
// Long-format rows: one per option (or one for a free text), prefixed by `prefix`.
void summary_rows(const QuestionSummary& q, const std::vector<Cell>& prefix,
                  std::vector<std::vector<Cell>>& rows);
// Headers matching summary_rows after the prefix's headers.
std::vector<std::string> summary_headers();

}  // namespace terrain::server::report
