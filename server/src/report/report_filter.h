// Filters common to every report, from the query string:
//   cycle=Rencontres territoriales 2024   meetings of that cycle (exact name)
//   from=2024-01-01 & to=2024-12-31       meetings starting on those days (inclusive; the
//                                         local date written in the meeting's starts_at)
//   type=rencontre_territoriale           meeting type code
//   region=53                             meetings in that region (their region, or one
//                                         of the departments they cover)
//   department=35                         meetings covering that department
//   meeting=<uuid>                        one meeting
// A meeting covers its `departments`; a regional meeting that lists none covers
// every department of its region; a national meeting covers none.
// Unknown parameters, parameters given twice and invalid values are refused with
// invalid_argument naming the parameter, so a typo never silently widens a report.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/reference.h"
#include "terrain/protocol/errors.h"

namespace terrain::server::report {

struct ReportFilter {
  std::optional<std::string> cycle;
  std::optional<std::string> from;  // YYYY-MM-DD
  std::optional<std::string> to;    // YYYY-MM-DD
  std::optional<std::string> type;
  std::optional<std::string> region;
  std::optional<std::string> department;
  std::optional<std::string> meeting;

  nlohmann::json to_json() const;  // only the members given
  bool empty() const;
};

using QueryParams = std::multimap<std::string, std::string>;

// `extra` lists the report's own parameters (e.g. "table"), accepted and ignored here.
Result<ReportFilter> parse_filter(const QueryParams& params, const Reference& ref,
                                  const std::vector<std::string>& extra = {});

// True for a YYYY-MM-DD calendar date.
bool is_calendar_date(const std::string& s);

}  // namespace terrain::server::report
