#include "report/report_filter.h"

#include <algorithm>

#include "terrain/protocol/encoding.h"
#include "terrain/protocol/ids.h"

namespace terrain::server::report {

bool is_calendar_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  int year = std::stoi(s.substr(0, 4));
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = days[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max;
}

nlohmann::json ReportFilter::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  auto put = [&](const char* k, const std::optional<std::string>& v) {
    if (v) j[k] = *v;
  };
  put("cycle", cycle);
  put("from", from);
  put("to", to);
  put("type", type);
  put("region", region);
  put("department", department);
  put("meeting", meeting);
  return j;
}

bool ReportFilter::empty() const {
  return !cycle && !from && !to && !type && !region && !department && !meeting;
}

Result<ReportFilter> parse_filter(const QueryParams& params, const Reference& ref,
                                  const std::vector<std::string>& extra) {
  static const std::vector<std::string> known = {"cycle",  "from",       "to",     "type",
                                                 "region", "department", "meeting"};
  ReportFilter f;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& key = it->first;
    const std::string& value = it->second;
    bool is_known = std::find(known.begin(), known.end(), key) != known.end();
    bool is_extra = std::find(extra.begin(), extra.end(), key) != extra.end();
    if (!is_known && !is_extra)
      return make_error(Errc::invalid_argument, "unknown report parameter '" + key + "'", "", key);
    if (params.count(key) > 1)
      return make_error(Errc::invalid_argument, "parameter '" + key + "' is given twice", "", key);
    if (is_extra) continue;
    if (!is_valid_utf8(value) || value.empty() || value.size() > 200)
      return make_error(Errc::invalid_argument,
                        "parameter '" + key + "' must be 1 to 200 bytes of UTF-8 text", "", key);
    if (key == "cycle") {
      f.cycle = value;
    } else if (key == "from" || key == "to") {
      if (!is_calendar_date(value))
        return make_error(Errc::invalid_argument,
                          "parameter '" + key + "' must be a date YYYY-MM-DD", "", key);
      (key == "from" ? f.from : f.to) = value;
    } else if (key == "type") {
      bool ok = std::any_of(ref.meeting_types.begin(), ref.meeting_types.end(),
                            [&](const CodeLabel& c) { return c.code == value; });
      if (!ok)
        return make_error(Errc::invalid_argument,
                          "parameter 'type' must be a meeting type code (e.g. "
                          "rencontre_territoriale)",
                          "", key);
      f.type = value;
    } else if (key == "region") {
      if (!ref.region(value))
        return make_error(Errc::invalid_argument,
                          "parameter 'region' must be an INSEE region code (e.g. 53)", "", key);
      f.region = value;
    } else if (key == "department") {
      if (!ref.department(value))
        return make_error(Errc::invalid_argument,
                          "parameter 'department' must be an INSEE department code (e.g. 35, 2A)",
                          "", key);
      f.department = value;
    } else if (key == "meeting") {
      if (!is_uuid(value))
        return make_error(Errc::invalid_argument, "parameter 'meeting' must be a meeting id (UUID)",
                          "", key);
      f.meeting = value;
    }
  }
  if (f.from && f.to && *f.from > *f.to)
    return make_error(Errc::invalid_argument, "'from' is after 'to'", "", "from");
  return f;
}

}  // namespace terrain::server::report
