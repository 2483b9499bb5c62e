// The consolidated reports. Each builder is a pure function of a Snapshot (the
// merged state, report_data.h) and returns a Report: a JSON document and French
// tables for CSV (report_table.h). See docs/reports.md for every figure's
// definition; the rules are numbered there and in report_data.h (R*) and
// figures.h (F*).
//
// Personal data: only attendance_export() outputs names (and the other personal
// fields of attendance). Every other builder outputs codes, labels, counts and
// texts that carry no names by design (contribution texts, meeting titles).
#pragma once

#include <string>

#include "report/reference.h"
#include "report/report_data.h"
#include "report/report_table.h"
#include "terrain/sqlite/database.h"

namespace terrain::server::report {

// Common header of every report's JSON: name, title, filter, generation time.
nlohmann::json report_header(const std::string& name, const std::string& title,
                             const ReportFilter& filter, const Snapshot& snapshot);

using Builder = Report (*)(const Snapshot&, const ReportFilter&, const Reference&);
// build(s, f, ref), built once per snapshot (BuiltReports in report_data.h) and kept
// with it; `name` names the report.
const Report& built(const Snapshot& s, const char* name, Builder build, const ReportFilter& f,
                    const Reference& ref);
// The same report's JSON text as sent, serialised once per snapshot.
const std::string& built_json_text(const Snapshot& s, const char* name, Builder build,
                                   const ReportFilter& f, const Reference& ref);

// Meetings held, by type and territory; one line per meeting.
Report meetings_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// Regions and departments covered, planned and not yet covered.
Report coverage_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// Distinct participants, by actor type, department, role; people concerned; head counts.
Report participants_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// Satisfaction: responses, response rate, headline distribution, per meeting.
Report satisfaction_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// Contributions per priority, axis, principle and value; texts for one meeting.
Report contributions_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// Evaluation grids summarised question by question.
Report evaluations_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);
// The headline figures of the other reports on one page.
Report summary_report(const Snapshot& s, const ReportFilter& f, const Reference& ref);

// Devices, unsynced data, pending conflicts, quarantine (reads the devices and
// change_sets tables for metadata only, never bodies or values).
struct FreshnessOptions {
  std::int64_t stale_after_ms = 0;  // a device not seen for longer is "en retard"
  std::int64_t late_sync_ms = 0;    // data captured longer than this before it arrived
};
Result<Report> freshness_report(sqlite::Database& db, const FreshnessOptions& options,
                                const Reference& ref);

// PERSONAL DATA: the attendance list of one meeting, for authorised administrators.
// not_found when the meeting does not exist (or was deleted).
Result<Report> attendance_export(const Snapshot& s, const std::string& meeting,
                                 const Reference& ref);

// "2024-06-13T07:30:00Z" for Unix milliseconds; "" for 0 or less.
std::string iso_utc(std::int64_t ms);

}  // namespace terrain::server::report
