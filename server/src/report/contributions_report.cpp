#include <map>
#include <set>

#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {
namespace {

std::vector<std::string> string_list(const nlohmann::json& view, const char* field) {
  std::vector<std::string> out;
  auto it = view.find(field);
  if (it == view.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<int> int_list(const nlohmann::json& view, const char* field) {
  std::vector<int> out;
  auto it = view.find(field);
  if (it == view.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_number_integer()) out.push_back(v.get<int>());
  return out;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

}  // namespace

Report contributions_report(const Snapshot& s, const ReportFilter& f, const Reference& ref) {
  Report r;
  r.name = "contributions";
  r.json =
      report_header("contributions", "Contributions par priorité stratégique et principe", f, s);
  r.json["definitions"] = {
      {"count",
       "Une contribution taguée avec plusieurs priorités compte pour chacune ; les parts sont "
       "rapportées au nombre de contributions."}};

  std::map<int, std::int64_t> by_priority;
  std::map<std::string, std::int64_t> by_axis, by_principle, by_value;
  std::int64_t total = 0, with_priority = 0, with_principle = 0;
  Table per_meeting{"rencontres",
                    "Contributions par rencontre",
                    {"Identifiant", "Intitulé", "Date", "Contributions"},
                    {}};
  Table texts{"textes",
              "Contributions de la rencontre",
              {"Identifiant", "Atelier", "Contribution", "Priorités stratégiques",
               "Principes d'action", "Valeurs"},
              {}};
  nlohmann::json meetings = nlohmann::json::array();
  nlohmann::json texts_json = nlohmann::json::array();
  std::map<std::string, std::int64_t> workshops;
  for (const auto* m : s.active()) {
    const auto& rec = s.records_of(m->id);
    for (const auto& c : rec.contributions) {
      ++total;
      auto priorities = int_list(c, "priorities");
      auto principles = string_list(c, "principles");
      auto values = string_list(c, "values");
      std::set<std::string> axes;
      for (int p : priorities) {
        ++by_priority[p];
        for (const auto& pr : ref.priorities)
          if (pr.code == p) axes.insert(pr.axis);
      }
      for (const auto& a : axes) ++by_axis[a];
      for (const auto& p : principles) ++by_principle[p];
      for (const auto& v : values) ++by_value[v];
      if (!priorities.empty()) ++with_priority;
      if (!principles.empty()) ++with_principle;
      if (f.meeting) {
        std::string workshop = text_field(c, "workshop");
        ++workshops[workshop];
        nlohmann::json pj = nlohmann::json::array();
        std::vector<std::string> ptext;
        for (int p : priorities) {
          std::string label;
          for (const auto& pr : ref.priorities)
            if (pr.code == p) label = pr.label;
          pj.push_back({{"code", p}, {"label", label}});
          ptext.push_back(std::to_string(p) + ". " + label);
        }
        nlohmann::json prj = nlohmann::json::array();
        std::vector<std::string> prtext;
        for (const auto& p : principles) {
          std::string label = Reference::label_of(ref.principles, p);
          prj.push_back({{"code", p}, {"label", label}});
          prtext.push_back(label);
        }
        nlohmann::json vj = nlohmann::json::array();
        std::vector<std::string> vtext;
        for (const auto& v : values) {
          std::string label = Reference::label_of(ref.values, v);
          vj.push_back({{"code", v}, {"label", label}});
          vtext.push_back(label);
        }
        texts_json.push_back({{"id", text_field(c, "_id")},
                              {"workshop", workshop},
                              {"text", text_field(c, "text")},
                              {"priorities", pj},
                              {"principles", prj},
                              {"values", vj}});
        texts.rows.push_back({Cell::str(text_field(c, "_id")), Cell::str(workshop),
                              Cell::str(text_field(c, "text")), Cell::str(join(ptext, " | ")),
                              Cell::str(join(prtext, " | ")), Cell::str(join(vtext, " | "))});
      }
    }
    meetings.push_back({{"id", m->id},
                        {"title", m->title},
                        {"date", m->date},
                        {"contributions", rec.contributions.size()}});
    per_meeting.rows.push_back({Cell::str(m->id), Cell::str(m->title), Cell::str(m->date),
                                Cell::count(static_cast<std::int64_t>(rec.contributions.size()))});
  }

  r.json["totals"] = {{"contributions", total},
                      {"with_priority", with_priority},
                      {"without_priority", total - with_priority},
                      {"with_principle", with_principle}};

  Table prio{"priorites",
             "Contributions par priorité stratégique",
             {"Priorité", "Axe", "Libellé de la priorité", "Contributions", "Part (%)"},
             {}};
  nlohmann::json pj = nlohmann::json::array();
  for (const auto& p : ref.priorities) {
    std::int64_t c = by_priority.count(p.code) ? by_priority[p.code] : 0;
    pj.push_back({{"code", p.code},
                  {"axis", p.axis},
                  {"axis_label", ref.axis_label(p.axis)},
                  {"label", p.label},
                  {"count", c},
                  {"percent", json_number(percent(c, total))}});
    prio.rows.push_back({Cell::count(p.code), Cell::str(ref.axis_label(p.axis)), Cell::str(p.label),
                         Cell::count(c), Cell::percent(percent(c, total))});
  }
  prio.rows.push_back({Cell::none(), Cell::none(), Cell::str("Sans priorité"),
                       Cell::count(total - with_priority),
                       Cell::percent(percent(total - with_priority, total))});
  r.json["priorities"] = pj;

  auto simple = [&](const char* name, const char* title, const char* header,
                    const std::vector<CodeLabel>& codes, std::map<std::string, std::int64_t>& n,
                    const char* key) {
    Table t{name, title, {"Code", header, "Contributions", "Part (%)"}, {}};
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& c : codes) {
      std::int64_t k = n.count(c.code) ? n[c.code] : 0;
      arr.push_back({{"code", c.code},
                     {"label", c.label},
                     {"count", k},
                     {"percent", json_number(percent(k, total))}});
      t.rows.push_back({Cell::str(c.code), Cell::str(c.label), Cell::count(k),
                        Cell::percent(percent(k, total))});
    }
    r.json[key] = arr;
    return t;
  };
  Table axes = simple("axes", "Contributions par axe", "Axe", ref.axes, by_axis, "axes");
  Table principles = simple("principes", "Contributions par principe d'action", "Principe d'action",
                            ref.principles, by_principle, "principles");
  Table values =
      simple("valeurs", "Contributions par valeur", "Valeur", ref.values, by_value, "values");
  r.json["meetings"] = meetings;
  r.tables = {std::move(prio), std::move(axes), std::move(principles), std::move(values),
              std::move(per_meeting)};
  if (f.meeting) {
    nlohmann::json wj = nlohmann::json::array();
    for (const auto& [w, n] : workshops) wj.push_back({{"workshop", w}, {"contributions", n}});
    r.json["workshops"] = wj;
    r.json["texts"] = texts_json;
    r.tables.push_back(std::move(texts));
  }
  return r;
}

}  // namespace terrain::server::report
