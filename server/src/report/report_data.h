// The merged state a report reads, loaded in ONE read transaction (a consistent
// snapshot: a push committing meanwhile is either wholly in it or not at all).
//
// Reports read the `records` table (each record's materialised view, the output of
// the deterministic merge) and, for head counts, each record's merge history to
// show every device's tally. They never read the log or the change sets, so a
// quarantined or rejected change set never counts, and what a report shows is what
// every synced tablet shows.
//
// Rules applied while loading (numbered as in docs/reports.md):
//  R1 Deleted records (view "_deleted": true) are left out, counted in `deleted`.
//  R2 A record with pending conflicts counts with its winning values (the merge's
//     deterministic choice); it is counted in `conflicted` so reports can say so.
//  R3 Records whose meeting record is missing or deleted belong to no report
//     figure; the freshness report counts them as orphans.
//  R4 Personal fields (x-personal) stay in the loaded views; only the attendance
//     export may output them. Every other report reads only codes and counts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/reference.h"
#include "report/report_filter.h"
#include "terrain/sqlite/database.h"

namespace terrain::server::report {

struct MeetingInfo {
  std::string id;
  std::string type;
  std::string format;
  std::string title;
  std::string cycle;
  std::string status;
  std::string starts_at;
  std::string date;    // YYYY-MM-DD of starts_at (the meeting's local date)
  std::string region;  // its region, or the one region of its departments, or "" (national)
  std::string venue;
  std::vector<std::string> departments;  // covered (see report_filter.h)
  bool conflicted = false;

  // Held: under way or over (en_cours, terminee).
  bool held() const { return status == "en_cours" || status == "terminee"; }
  bool cancelled() const { return status == "annulee"; }
};

struct MeetingAttendance;  // figures.h

// The records of one meeting (views of existing records only, R1).
struct MeetingRecords {
  std::vector<nlohmann::json> attendance;
  std::vector<nlohmann::json> headcount;  // with "_counters": {field: {device: sum}}
  std::vector<nlohmann::json> feedback;
  std::vector<nlohmann::json> contributions;
  std::vector<nlohmann::json> evaluations;
  std::size_t deleted = 0;     // R1
  std::size_t conflicted = 0;  // R2: records with pending conflicts

  // Figures of these records alone, worked out once for every report and every
  // snapshot sharing them (figures.h, distinct_participants). Records are not
  // changed once loaded.
  mutable std::once_flag attendance_once;
  mutable std::shared_ptr<const MeetingAttendance> attendance_figures;
};

struct Report;  // report_table.h

// The reports built from one snapshot, each built once: a report is a pure function
// of (snapshot, filter), so requests sharing a kept snapshot (snapshot_cache.h)
// share its reports too, and the summary reuses the six it is made of. Concurrent
// callers of one key wait for the first one's build.
class BuiltReports {
 public:
  const Report& get(const std::string& key, const std::function<Report()>& build);
  // The report's JSON as sent, serialised once: a report asked again on a kept
  // snapshot costs a copy of its text, not a walk of its tree.
  const std::string& json_text(const std::string& key, const std::function<Report()>& build);

 private:
  struct Slot {
    std::once_flag once;
    std::unique_ptr<Report> report;
    std::once_flag text_once;
    std::string text;
  };
  std::shared_ptr<Slot> slot(const std::string& key);
  static const Report& build_once(Slot& slot, const std::function<Report()>& build);
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
};

// Move-only: `selected` points into `meetings`, so a copy would dangle.
struct Snapshot {
  Snapshot() = default;
  Snapshot(Snapshot&&) = default;
  Snapshot& operator=(Snapshot&&) = default;
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  std::int64_t server_time_ms = 0;
  std::vector<MeetingInfo> meetings;  // every existing meeting, by date then id
  std::size_t deleted_meetings = 0;
  std::vector<const MeetingInfo*> selected;  // those matching the filter (cancelled included)
  // By meeting id, for selected meetings; shared with the snapshot this one was
  // refreshed from for meetings that did not change (refresh_snapshot).
  std::map<std::string, std::shared_ptr<const MeetingRecords>> records;
  std::int64_t stamp = 0;  // the store's meeting stamp it was read at (store/meeting_stamps.h)
  std::vector<nlohmann::json> questionnaires;  // central questionnaire records' views
  std::unique_ptr<BuiltReports> built = std::make_unique<BuiltReports>();

  // The definition of a questionnaire version: the bundle's, else a central record's.
  const nlohmann::json* questionnaire(const std::string& id, std::int64_t version) const;
  const MeetingRecords& records_of(const std::string& meeting) const;
  // Selected meetings that are not cancelled.
  std::vector<const MeetingInfo*> active() const;
};

struct LoadOptions {
  bool records = true;            // load the records of selected meetings
  bool headcount_history = true;  // per-device tallies of head counts
};

Result<Snapshot> load_snapshot(sqlite::Database& db, const ReportFilter& filter,
                               const Reference& ref, const LoadOptions& options = {});
// The same snapshot read again in this transaction, reusing `older`'s records for
// the meetings not stamped since `older` was read (same filter and options): the
// result equals load_snapshot's. Meetings and questionnaires are always re-read.
Result<Snapshot> refresh_snapshot(sqlite::Database& db, const Snapshot& older,
                                  const ReportFilter& filter, const Reference& ref,
                                  const LoadOptions& options = {});

// What a meeting view says, with covered departments and region worked out.
MeetingInfo meeting_info(const std::string& id, const nlohmann::json& view, const Reference& ref);
bool matches(const MeetingInfo& m, const ReportFilter& f, const Reference& ref);

// Small helpers over views.
std::string text_field(const nlohmann::json& view, const char* field);
bool is_redacted(const nlohmann::json& view, const char* field);

}  // namespace terrain::server::report
