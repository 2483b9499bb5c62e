#include <map>
#include <set>

#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {
namespace {

struct Coverage {
  std::int64_t held = 0;
  std::int64_t planned = 0;
  std::string status() const {
    if (held > 0) return "couvert";
    if (planned > 0) return "prevu";
    return "non_couvert";
  }
  std::string status_label() const {
    if (held > 0) return "Couvert";
    if (planned > 0) return "Rencontre prévue";
    return "Non couvert";
  }
};

}  // namespace

Report coverage_report(const Snapshot& s, const ReportFilter& f, const Reference& ref) {
  Report r;
  r.name = "coverage";
  r.json = report_header("coverage", "Couverture territoriale", f, s);
  r.json["definition"] =
      "Un département est couvert quand une rencontre tenue (en cours ou terminée) le "
      "concerne ; une rencontre régionale sans liste de départements couvre tous ceux de sa "
      "région. Les rencontres annulées ne couvrent rien.";

  std::map<std::string, Coverage> dep_cov, reg_cov;
  for (const auto* m : s.active()) {
    std::set<std::string> regions;
    if (!m->region.empty()) regions.insert(m->region);
    for (const auto& code : m->departments) {
      (m->held() ? dep_cov[code].held : dep_cov[code].planned) += 1;
      if (const auto* d = ref.department(code)) regions.insert(d->region);
    }
    for (const auto& reg : regions) (m->held() ? reg_cov[reg].held : reg_cov[reg].planned) += 1;
  }

  auto region_in_scope = [&](const std::string& code) {
    if (f.region && code != *f.region) return false;
    if (f.department) {
      const auto* d = ref.department(*f.department);
      if (d && d->region != code) return false;
    }
    return true;
  };
  auto department_in_scope = [&](const Department& d) {
    if (f.region && d.region != *f.region) return false;
    if (f.department && d.code != *f.department) return false;
    return true;
  };

  std::map<std::string, std::int64_t> dep_totals, reg_totals;
  Table deps{"departements",
             "Couverture des départements",
             {"Département", "Libellé", "Région", "Libellé de la région", "Statut",
              "Rencontres tenues", "Rencontres prévues"},
             {}};
  nlohmann::json dep_json = nlohmann::json::array();
  nlohmann::json dep_not_covered = nlohmann::json::array();
  for (const auto& d : ref.departments) {
    if (!department_in_scope(d)) continue;
    Coverage c = dep_cov.count(d.code) ? dep_cov[d.code] : Coverage{};
    ++dep_totals[c.status()];
    const Region* reg = ref.region(d.region);
    std::string reg_label = reg ? reg->label : d.region;
    dep_json.push_back({{"code", d.code},
                        {"label", d.label},
                        {"region", d.region},
                        {"region_label", reg_label},
                        {"status", c.status()},
                        {"status_label", c.status_label()},
                        {"held_meetings", c.held},
                        {"planned_meetings", c.planned}});
    if (c.held == 0) dep_not_covered.push_back(d.code);
    deps.rows.push_back({Cell::str(d.code), Cell::str(d.label), Cell::str(d.region),
                         Cell::str(reg_label), Cell::str(c.status_label()), Cell::count(c.held),
                         Cell::count(c.planned)});
  }

  Table regs{
      "regions",
      "Couverture des régions",
      {"Région", "Libellé", "Outre-mer", "Statut", "Rencontres tenues", "Rencontres prévues"},
      {}};
  nlohmann::json reg_json = nlohmann::json::array();
  nlohmann::json reg_not_covered = nlohmann::json::array();
  for (const auto& g : ref.regions) {
    if (!region_in_scope(g.code)) continue;
    Coverage c = reg_cov.count(g.code) ? reg_cov[g.code] : Coverage{};
    ++reg_totals[c.status()];
    reg_json.push_back({{"code", g.code},
                        {"label", g.label},
                        {"overseas", g.overseas},
                        {"status", c.status()},
                        {"status_label", c.status_label()},
                        {"held_meetings", c.held},
                        {"planned_meetings", c.planned}});
    if (c.held == 0) reg_not_covered.push_back(g.code);
    regs.rows.push_back({Cell::str(g.code), Cell::str(g.label),
                         Cell::str(g.overseas ? "Oui" : "Non"), Cell::str(c.status_label()),
                         Cell::count(c.held), Cell::count(c.planned)});
  }

  auto totals_json = [](std::map<std::string, std::int64_t>& t, std::size_t all) {
    return nlohmann::json{
        {"total", all},
        {"covered", t["couvert"]},
        {"planned_only", t["prevu"]},
        {"not_covered", t["non_couvert"]},
        {"covered_percent", json_number(percent(t["couvert"], static_cast<std::int64_t>(all)))}};
  };
  r.json["totals"] = {{"departments", totals_json(dep_totals, dep_json.size())},
                      {"regions", totals_json(reg_totals, reg_json.size())}};
  r.json["not_yet_covered"] = {{"departments", dep_not_covered}, {"regions", reg_not_covered}};
  r.json["departments"] = dep_json;
  r.json["regions"] = reg_json;
  r.tables = {std::move(deps), std::move(regs)};
  return r;
}

}  // namespace terrain::server::report
