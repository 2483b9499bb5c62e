#include <map>

#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {
namespace {

struct Tally {
  std::map<std::string, std::int64_t> n;
  void add(const std::string& code) { ++n[code]; }
  std::int64_t get(const std::string& code) const {
    auto it = n.find(code);
    return it == n.end() ? 0 : it->second;
  }
};

// Rows and JSON of one breakdown: every code of `codes`, then codes met that are
// not in the list (kept, never dropped), then "non renseigné".
void breakdown(const char* key, Table& table, nlohmann::json& json, const Tally& tally,
               const std::vector<CodeLabel>& codes, std::int64_t total) {
  nlohmann::json arr = nlohmann::json::array();
  auto emit = [&](const std::string& code, const std::string& label) {
    std::int64_t c = tally.get(code);
    arr.push_back({{"code", code},
                   {"label", label},
                   {"count", c},
                   {"percent", json_number(percent(c, total))}});
    table.rows.push_back({code.empty() ? Cell::none() : Cell::str(code), Cell::str(label),
                          Cell::count(c), Cell::percent(percent(c, total))});
  };
  for (const auto& c : codes) emit(c.code, c.label);
  for (const auto& [code, count] : tally.n) {
    if (code.empty()) continue;
    bool listed = false;
    for (const auto& c : codes) listed = listed || c.code == code;
    if (!listed) emit(code, code);
  }
  if (tally.get("") > 0) emit("", "Non renseigné");
  json[key] = arr;
}

}  // namespace

Report participants_report(const Snapshot& s, const ReportFilter& f, const Reference& ref) {
  Report r;
  r.name = "participants";
  r.json = report_header("participants", "Participants", f, s);
  r.json["definitions"] = {
      {"participants",
       "Personnes distinctes par rencontre : présences non supprimées, les doublons (même nom "
       "et même organisme, sans tenir compte des majuscules, accents et ponctuation) comptent "
       "une fois. Le total additionne les rencontres (participations)."},
      {"people_concerned",
       "Personnes concernées : personne concernée ou proche aidant, ou type d'acteur « Personne "
       "concernée ou proche aidant »."},
      {"representatives",
       "Représentants : représente des personnes concernées, ou type d'acteur « Représentant "
       "des personnes et de leurs familles »."},
      {"headcount",
       "Effectif compté : la plus grande session comptée de la rencontre (les comptages de "
       "toutes les tablettes additionnés)."}};

  Tally actors, departments, roles, concerned;
  std::int64_t participants = 0, records = 0, duplicates = 0, anonymous = 0, redacted = 0;
  std::int64_t n_concerned = 0, n_representatives = 0, n_either = 0;
  std::int64_t headcount_total = 0, with_headcount = 0, participants_where_counted = 0;
  std::int64_t conflicted = 0, deleted = 0;

  Table per_meeting{
      "rencontres",
      "Participants par rencontre",
      {"Identifiant", "Intitulé", "Date", "Région", "Présences enregistrées", "Doublons écartés",
       "Participants distincts", "Personnes concernées", "Représentants", "Effectif compté",
       "Réponses au questionnaire", "Enregistrements en conflit"},
      {}};
  Table sessions_table{
      "comptages",
      "Comptages par session",
      {"Identifiant de la rencontre", "Intitulé", "Session", "Effectif",
       "Dont personnes concernées", "Tablettes", "Détail par tablette", "Participants enregistrés"},
      {}};
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto* m : s.active()) {
    const auto& rec = s.records_of(m->id);
    const auto& att = distinct_participants(rec);
    auto hc = headcounts(rec);
    participants += att.participants();
    records += static_cast<std::int64_t>(att.records);
    duplicates += static_cast<std::int64_t>(att.duplicates);
    anonymous += static_cast<std::int64_t>(att.anonymous);
    redacted += static_cast<std::int64_t>(att.redacted_names);
    conflicted += static_cast<std::int64_t>(rec.conflicted);
    deleted += static_cast<std::int64_t>(rec.deleted);
    std::int64_t m_concerned = 0, m_repr = 0;
    for (const auto* p : att.people) {
      actors.add(text_field(*p, "actor_type"));
      departments.add(text_field(*p, "department"));
      roles.add(text_field(*p, "role"));
      concerned.add(text_field(*p, "people_concerned"));
      bool c = is_person_concerned(*p), rp = is_representative(*p);
      m_concerned += c ? 1 : 0;
      m_repr += rp ? 1 : 0;
      n_either += (c || rp) ? 1 : 0;
    }
    n_concerned += m_concerned;
    n_representatives += m_repr;
    if (hc.largest) {
      headcount_total += *hc.largest;
      ++with_headcount;
      participants_where_counted += att.participants();
    }
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& sess : hc.sessions) {
      nlohmann::json by_device = nlohmann::json::array();
      std::string detail;
      for (const auto& [device, n] : sess.count_by_device) {
        by_device.push_back({{"device", device}, {"count", n}});
        if (!detail.empty()) detail += ", ";
        detail += device + " : " + std::to_string(n);
      }
      sessions.push_back({{"id", sess.id},
                          {"label", sess.label},
                          {"count", sess.count},
                          {"people_concerned", sess.people_concerned},
                          {"by_device", by_device}});
      sessions_table.rows.push_back(
          {Cell::str(m->id), Cell::str(m->title), Cell::str(sess.label), Cell::count(sess.count),
           Cell::count(sess.people_concerned),
           Cell::count(static_cast<std::int64_t>(sess.count_by_device.size())), Cell::str(detail),
           Cell::count(att.participants())});
    }
    meetings.push_back({{"id", m->id},
                        {"title", m->title},
                        {"date", m->date},
                        {"region", m->region},
                        {"attendance_records", att.records},
                        {"duplicates", att.duplicates},
                        {"participants", att.participants()},
                        {"people_concerned", m_concerned},
                        {"representatives", m_repr},
                        {"headcount",
                         {{"largest", hc.largest ? nlohmann::json(*hc.largest) : nlohmann::json()},
                          {"sessions", sessions}}},
                        {"responses", rec.feedback.size()},
                        {"conflicted_records", rec.conflicted}});
    per_meeting.rows.push_back({Cell::str(m->id), Cell::str(m->title), Cell::str(m->date),
                                Cell::str(ref.region(m->region) ? ref.region(m->region)->label
                                                                : "National ou interrégional"),
                                Cell::count(static_cast<std::int64_t>(att.records)),
                                Cell::count(static_cast<std::int64_t>(att.duplicates)),
                                Cell::count(att.participants()), Cell::count(m_concerned),
                                Cell::count(m_repr),
                                hc.largest ? Cell::count(*hc.largest) : Cell::none(),
                                Cell::count(static_cast<std::int64_t>(rec.feedback.size())),
                                Cell::count(static_cast<std::int64_t>(rec.conflicted))});
  }
  per_meeting.rows.push_back(
      {Cell::none(), Cell::str("Total"), Cell::none(), Cell::none(), Cell::count(records),
       Cell::count(duplicates), Cell::count(participants), Cell::count(n_concerned),
       Cell::count(n_representatives), with_headcount ? Cell::count(headcount_total) : Cell::none(),
       Cell::none(), Cell::count(conflicted)});

  r.json["totals"] = {
      {"meetings", s.active().size()},
      {"participants", participants},
      {"attendance_records", records},
      {"duplicates_merged", duplicates},
      {"anonymous", anonymous},
      {"redacted_names", redacted},
      {"people_concerned",
       {{"count", n_concerned}, {"percent", json_number(percent(n_concerned, participants))}}},
      {"representatives",
       {{"count", n_representatives},
        {"percent", json_number(percent(n_representatives, participants))}}},
      {"people_concerned_or_representatives",
       {{"count", n_either}, {"percent", json_number(percent(n_either, participants))}}},
      {"headcount",
       {{"total", with_headcount ? nlohmann::json(headcount_total) : nlohmann::json()},
        {"meetings_counted", with_headcount},
        {"participants_in_those_meetings", participants_where_counted}}},
      {"records_with_conflicts", conflicted},
      {"deleted_records_excluded", deleted}};

  std::vector<std::string> headers = {"Code", "Libellé", "Participants", "Part (%)"};
  Table by_actor{"par_acteur", "Participants par type d'acteur", headers, {}};
  Table by_dep{"par_departement", "Participants par département de leur organisme", headers, {}};
  Table by_role{"par_role", "Participants par rôle", headers, {}};
  Table by_pc{"personnes_concernees", "Participation des personnes concernées", headers, {}};
  breakdown("by_actor_type", by_actor, r.json, actors, ref.actor_types, participants);
  std::vector<CodeLabel> dep_labels;
  for (const auto& d : ref.departments)
    if (departments.get(d.code) > 0) dep_labels.push_back({d.code, d.label});
  breakdown("by_department", by_dep, r.json, departments, dep_labels, participants);
  breakdown("by_role", by_role, r.json, roles, ref.roles, participants);
  breakdown("people_concerned", by_pc, r.json, concerned, ref.people_concerned, participants);
  r.json["meetings"] = meetings;
  r.tables = {std::move(per_meeting), std::move(by_actor), std::move(by_dep),
              std::move(by_role),     std::move(by_pc),    std::move(sessions_table)};
  return r;
}

}  // namespace terrain::server::report
