#include <map>

#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {
namespace {

struct StatusCounts {
  std::int64_t held = 0, planned = 0, cancelled = 0, total = 0;
  void add(const MeetingInfo& m) {
    ++total;
    if (m.held())
      ++held;
    else if (m.cancelled())
      ++cancelled;
    else
      ++planned;
  }
  nlohmann::json json() const {
    return {{"held", held}, {"planned", planned}, {"cancelled", cancelled}, {"total", total}};
  }
  void cells(std::vector<Cell>& row) const {
    row.push_back(Cell::count(held));
    row.push_back(Cell::count(planned));
    row.push_back(Cell::count(cancelled));
    row.push_back(Cell::count(total));
  }
};

const std::vector<std::string> kCountHeaders = {"Tenues", "Prévues", "Annulées", "Total"};

std::vector<std::string> with_counts(std::vector<std::string> h) {
  h.insert(h.end(), kCountHeaders.begin(), kCountHeaders.end());
  return h;
}

std::string departments_text(const MeetingInfo& m) {
  std::string out;
  for (const auto& d : m.departments) {
    if (!out.empty()) out += ", ";
    out += d;
  }
  return out;
}

}  // namespace

Report meetings_report(const Snapshot& s, const ReportFilter& f, const Reference& ref) {
  Report r;
  r.name = "meetings";
  r.json = report_header("meetings", "Rencontres tenues, par type et par territoire", f, s);

  StatusCounts totals;
  std::map<std::string, StatusCounts> by_type, by_region, by_department, by_status;
  for (const auto* m : s.selected) {
    totals.add(*m);
    by_type[m->type].add(*m);
    by_region[m->region].add(*m);
    for (const auto& d : m->departments) by_department[d].add(*m);
  }
  nlohmann::json t = totals.json();
  t["in_progress"] = 0;
  for (const auto* m : s.selected)
    if (m->status == "en_cours") t["in_progress"] = t["in_progress"].get<int>() + 1;
  r.json["totals"] = t;

  Table by_type_table{"par_type", "Rencontres par type", with_counts({"Type", "Libellé"}), {}};
  nlohmann::json types = nlohmann::json::array();
  for (const auto& c : ref.meeting_types) {
    StatusCounts n = by_type.count(c.code) ? by_type[c.code] : StatusCounts{};
    nlohmann::json j = n.json();
    j["code"] = c.code;
    j["label"] = c.label;
    types.push_back(j);
    std::vector<Cell> row = {Cell::str(c.code), Cell::str(c.label)};
    n.cells(row);
    by_type_table.rows.push_back(std::move(row));
  }
  r.json["by_type"] = types;

  Table by_region_table{
      "par_region", "Rencontres par région", with_counts({"Région", "Libellé"}), {}};
  nlohmann::json regions = nlohmann::json::array();
  for (const auto& reg : ref.regions) {
    auto it = by_region.find(reg.code);
    if (it == by_region.end()) continue;
    nlohmann::json j = it->second.json();
    j["code"] = reg.code;
    j["label"] = reg.label;
    regions.push_back(j);
    std::vector<Cell> row = {Cell::str(reg.code), Cell::str(reg.label)};
    it->second.cells(row);
    by_region_table.rows.push_back(std::move(row));
  }
  if (auto it = by_region.find(""); it != by_region.end()) {
    nlohmann::json j = it->second.json();
    j["code"] = "";
    j["label"] = "National ou interrégional";
    regions.push_back(j);
    std::vector<Cell> row = {Cell::none(), Cell::str("National ou interrégional")};
    it->second.cells(row);
    by_region_table.rows.push_back(std::move(row));
  }
  r.json["by_region"] = regions;

  Table by_dep_table{"par_departement",
                     "Rencontres par département",
                     with_counts({"Département", "Libellé", "Région"}),
                     {}};
  nlohmann::json deps = nlohmann::json::array();
  for (const auto& d : ref.departments) {
    auto it = by_department.find(d.code);
    if (it == by_department.end()) continue;
    nlohmann::json j = it->second.json();
    j["code"] = d.code;
    j["label"] = d.label;
    j["region"] = d.region;
    deps.push_back(j);
    std::vector<Cell> row = {Cell::str(d.code), Cell::str(d.label), Cell::str(d.region)};
    it->second.cells(row);
    by_dep_table.rows.push_back(std::move(row));
  }
  r.json["by_department"] = deps;

  Table list{"rencontres",
             "Rencontres",
             {"Identifiant", "Intitulé", "Type", "Format", "Cycle", "Date", "Statut", "Région",
              "Départements", "Lieu", "Participants", "Effectif compté",
              "Réponses au questionnaire", "Satisfaits ou très satisfaits (%)", "Contributions",
              "Évaluations", "Enregistrements en conflit"},
             {}};
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto* m : s.selected) {
    const auto& rec = s.records_of(m->id);
    const auto& att = distinct_participants(rec);
    auto hc = headcounts(rec);
    HeadlineTally sat;
    for (const auto& fb : rec.feedback) sat.add(fb, s);
    const Region* reg = ref.region(m->region);
    std::string region_label = reg ? reg->label : "National ou interrégional";
    std::int64_t conflicted = static_cast<std::int64_t>(rec.conflicted) + (m->conflicted ? 1 : 0);
    meetings.push_back({{"id", m->id},
                        {"title", m->title},
                        {"type", m->type},
                        {"type_label", Reference::label_of(ref.meeting_types, m->type)},
                        {"format", m->format},
                        {"format_label", Reference::label_of(ref.meeting_formats, m->format)},
                        {"cycle", m->cycle},
                        {"starts_at", m->starts_at},
                        {"date", m->date},
                        {"status", m->status},
                        {"status_label", Reference::label_of(ref.meeting_statuses, m->status)},
                        {"region", m->region},
                        {"region_label", region_label},
                        {"departments", m->departments},
                        {"venue", m->venue},
                        {"participants", att.participants()},
                        {"headcount", hc.largest ? nlohmann::json(*hc.largest) : nlohmann::json()},
                        {"responses", sat.responses},
                        {"satisfied_percent", json_number(sat.positive_percent())},
                        {"contributions", rec.contributions.size()},
                        {"evaluations", rec.evaluations.size()},
                        {"conflicted_records", conflicted}});
    list.rows.push_back(
        {Cell::str(m->id), Cell::str(m->title),
         Cell::str(Reference::label_of(ref.meeting_types, m->type)),
         Cell::str(Reference::label_of(ref.meeting_formats, m->format)), Cell::str(m->cycle),
         Cell::str(m->date), Cell::str(Reference::label_of(ref.meeting_statuses, m->status)),
         Cell::str(region_label), Cell::str(departments_text(*m)), Cell::str(m->venue),
         Cell::count(att.participants()), hc.largest ? Cell::count(*hc.largest) : Cell::none(),
         Cell::count(sat.responses), Cell::percent(sat.positive_percent()),
         Cell::count(static_cast<std::int64_t>(rec.contributions.size())),
         Cell::count(static_cast<std::int64_t>(rec.evaluations.size())), Cell::count(conflicted)});
  }
  r.json["meetings"] = meetings;
  r.tables = {std::move(list), std::move(by_type_table), std::move(by_region_table),
              std::move(by_dep_table)};
  return r;
}

}  // namespace terrain::server::report
