#include "report/report_data.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "report/report_table.h"
#include "store/meeting_stamps.h"
#include "store/store.h"
#include "terrain/protocol/merge.h"
#include "terrain/protocol/questionnaire.h"
#include "terrain/protocol/schema.h"

namespace terrain::server::report {
namespace {

nlohmann::json parse_view(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return nlohmann::json::object();
  return j;
}

bool deleted(const nlohmann::json& view) {
  return view.value("_deleted", false);
}

bool has_conflicts(const nlohmann::json& view) {
  auto c = view.find("_conflicts");
  return c != view.end() && c->is_array() && !c->empty();
}

// Per-device tallies of a head count's counters in its current incarnation.
Result<nlohmann::json> counters_of(sqlite::Statement& q, const std::string& id, std::int64_t cl) {
  nlohmann::json out = nlohmann::json::object();
  q.reset();
  q.bind(1, id).bind(2, cl);
  for (;;) {
    auto row = q.step();
    if (!row) return row.error();
    if (!*row) return out;
    out[q.text(0)][q.text(1)] = q.int64(2);
  }
}

}  // namespace

std::string text_field(const nlohmann::json& view, const char* field) {
  auto it = view.find(field);
  if (it == view.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool is_redacted(const nlohmann::json& view, const char* field) {
  auto r = view.find("_redacted");
  if (r == view.end() || !r->is_array()) return false;
  for (const auto& f : *r)
    if (f.is_string() && f.get<std::string>() == field) return true;
  return false;
}

MeetingInfo meeting_info(const std::string& id, const nlohmann::json& view, const Reference& ref) {
  MeetingInfo m;
  m.id = id;
  m.type = text_field(view, "type");
  m.format = text_field(view, "format");
  m.title = text_field(view, "title");
  m.cycle = text_field(view, "cycle");
  m.status = text_field(view, "status");
  m.starts_at = text_field(view, "starts_at");
  m.date = m.starts_at.size() >= 10 ? m.starts_at.substr(0, 10) : std::string();
  m.venue = text_field(view, "venue");
  m.region = text_field(view, "region");
  m.conflicted = has_conflicts(view);
  if (auto d = view.find("departments"); d != view.end() && d->is_array()) {
    for (const auto& code : *d)
      if (code.is_string()) m.departments.push_back(code.get<std::string>());
  }
  if (m.departments.empty() && !m.region.empty()) {
    for (const auto& d : ref.departments)
      if (d.region == m.region) m.departments.push_back(d.code);
  }
  if (m.region.empty() && !m.departments.empty()) {
    std::set<std::string> regions;
    for (const auto& code : m.departments)
      if (const auto* d = ref.department(code)) regions.insert(d->region);
    if (regions.size() == 1) m.region = *regions.begin();
  }
  return m;
}

bool matches(const MeetingInfo& m, const ReportFilter& f, const Reference& ref) {
  if (f.meeting && m.id != *f.meeting) return false;
  if (f.cycle && m.cycle != *f.cycle) return false;
  if (f.type && m.type != *f.type) return false;
  if (f.from && (m.date.empty() || m.date < *f.from)) return false;
  if (f.to && (m.date.empty() || m.date > *f.to)) return false;
  if (f.department &&
      std::find(m.departments.begin(), m.departments.end(), *f.department) == m.departments.end())
    return false;
  if (f.region && m.region != *f.region) {
    bool any = std::any_of(m.departments.begin(), m.departments.end(), [&](const std::string& c) {
      const auto* d = ref.department(c);
      return d && d->region == *f.region;
    });
    if (!any) return false;
  }
  return true;
}

std::shared_ptr<BuiltReports::Slot> BuiltReports::slot(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& s = slots_[key];
  if (!s) s = std::make_shared<Slot>();
  return s;
}

const Report& BuiltReports::build_once(Slot& slot, const std::function<Report()>& build) {
  // A build that throws leaves the slot unbuilt: the next caller builds it.
  std::call_once(slot.once, [&] { slot.report = std::make_unique<Report>(build()); });
  return *slot.report;
}

const Report& BuiltReports::get(const std::string& key, const std::function<Report()>& build) {
  return build_once(*slot(key), build);
}

const std::string& BuiltReports::json_text(const std::string& key,
                                           const std::function<Report()>& build) {
  auto s = slot(key);
  const Report& r = build_once(*s, build);
  std::call_once(s->text_once, [&] {
    s->text = r.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  });
  return s->text;
}

const nlohmann::json* Snapshot::questionnaire(const std::string& id, std::int64_t version) const {
  if (const auto* doc =
          SchemaRegistry::embedded().document(questionnaire_document_path(id, version)))
    return doc;
  for (const auto& q : questionnaires) {
    if (text_field(q, "questionnaire_id") != id) continue;
    auto v = q.find("version");
    if (v == q.end() || !v->is_number_integer() || v->get<std::int64_t>() != version) continue;
    auto d = q.find("definition");
    if (d != q.end() && d->is_object()) return &*d;
  }
  return nullptr;
}

const MeetingRecords& Snapshot::records_of(const std::string& meeting) const {
  static const MeetingRecords none;
  auto it = records.find(meeting);
  return it == records.end() || !it->second ? none : *it->second;
}

std::vector<const MeetingInfo*> Snapshot::active() const {
  std::vector<const MeetingInfo*> out;
  for (const auto* m : selected)
    if (!m->cancelled()) out.push_back(m);
  return out;
}

namespace {

// Meetings (all existing ones, sorted, the filter's selection) and questionnaires.
Status load_meetings(sqlite::Database& db, Snapshot& s, const ReportFilter& filter,
                     const Reference& ref) {
  {
    auto q = db.prepare("SELECT id, view FROM records WHERE collection = 'meeting'");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      auto view = parse_view(q->text(1));
      if (deleted(view)) {
        ++s.deleted_meetings;
        continue;
      }
      s.meetings.push_back(meeting_info(q->text(0), view, ref));
    }
  }
  std::sort(s.meetings.begin(), s.meetings.end(), [](const MeetingInfo& a, const MeetingInfo& b) {
    return std::tie(a.starts_at, a.id) < std::tie(b.starts_at, b.id);
  });
  for (const auto& m : s.meetings)
    if (matches(m, filter, ref)) s.selected.push_back(&m);

  auto q = db.prepare("SELECT view FROM records WHERE collection = 'questionnaire'");
  if (!q) return q.error();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};
    auto view = parse_view(q->text(0));
    if (!deleted(view)) s.questionnaires.push_back(std::move(view));
  }
}

// The records of one meeting (R1, R2), with head counts' per-device tallies.
class MeetingLoader {
 public:
  static Result<MeetingLoader> prepare(sqlite::Database& db) {
    auto q = db.prepare(
        "SELECT collection, view, id, cl FROM records "
        "WHERE meeting = ? AND collection != 'meeting' ORDER BY collection, id");
    if (!q) return q.error();
    auto counters = db.prepare(
        "SELECT field, device, total FROM record_counters WHERE collection = 'headcount' AND id "
        "= ? AND cl = ? ORDER BY field, device");
    if (!counters) return counters.error();
    return MeetingLoader(std::move(*q), std::move(*counters));
  }

  Result<std::shared_ptr<const MeetingRecords>> load(const std::string& meeting,
                                                     const LoadOptions& options) {
    auto out = std::make_shared<MeetingRecords>();
    q_.reset();
    q_.bind(1, meeting);
    for (;;) {
      auto row = q_.step();
      if (!row) return row.error();
      if (!*row) return std::shared_ptr<const MeetingRecords>(std::move(out));
      std::string collection = q_.text(0);
      auto view = parse_view(q_.text(1));
      if (deleted(view)) {
        ++out->deleted;
        continue;
      }
      if (has_conflicts(view)) ++out->conflicted;
      if (collection == "attendance") {
        out->attendance.push_back(std::move(view));
      } else if (collection == "headcount") {
        if (options.headcount_history) {
          auto c = counters_of(counters_, q_.text(2), q_.int64(3));
          if (!c) return c.error();
          view["_counters"] = std::move(*c);
        }
        out->headcount.push_back(std::move(view));
      } else if (collection == "feedback_response") {
        out->feedback.push_back(std::move(view));
      } else if (collection == "contribution") {
        out->contributions.push_back(std::move(view));
      } else if (collection == "evaluation") {
        out->evaluations.push_back(std::move(view));
      }
    }
  }

 private:
  MeetingLoader(sqlite::Statement q, sqlite::Statement counters)
      : q_(std::move(q)), counters_(std::move(counters)) {}
  sqlite::Statement q_;
  sqlite::Statement counters_;
};

// Loads the snapshot; with `older`, reuses its records of meetings not in `changed`.
Result<Snapshot> read_snapshot(sqlite::Database& db, const ReportFilter& filter,
                               const Reference& ref, const LoadOptions& options,
                               const Snapshot* older, const std::set<std::string>& changed) {
  Snapshot s;
  s.server_time_ms = now_ms();
  auto stamp = current_stamp(db);
  if (!stamp) return stamp.error();
  s.stamp = *stamp;
  TERRAIN_RETURN_IF_ERROR(load_meetings(db, s, filter, ref));
  if (!options.records) return s;
  auto loader = MeetingLoader::prepare(db);
  if (!loader) return loader.error();
  for (const auto* m : s.selected) {
    if (older && !changed.count(m->id))
      if (auto it = older->records.find(m->id); it != older->records.end()) {
        s.records[m->id] = it->second;
        continue;
      }
    auto r = loader->load(m->id, options);
    if (!r) return r.error();
    s.records[m->id] = std::move(*r);
  }
  return s;
}

}  // namespace

Result<Snapshot> load_snapshot(sqlite::Database& db, const ReportFilter& filter,
                               const Reference& ref, const LoadOptions& options) {
  return read_snapshot(db, filter, ref, options, nullptr, {});
}

Result<Snapshot> refresh_snapshot(sqlite::Database& db, const Snapshot& older,
                                  const ReportFilter& filter, const Reference& ref,
                                  const LoadOptions& options) {
  auto changed = meetings_changed_since(db, older.stamp);
  if (!changed) return changed.error();
  if (changed->count(kEveryMeeting)) return load_snapshot(db, filter, ref, options);
  return read_snapshot(db, filter, ref, options, &older, *changed);
}

}  // namespace terrain::server::report
