// PERSONAL DATA: the only report that outputs names (see reports.h).
#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {

namespace {
constexpr const char* kErased = "[effacé]";
constexpr const char* kNoConsent = "[sans consentement]";
}  // namespace

Result<Report> attendance_export(const Snapshot& s, const std::string& meeting,
                                 const Reference& ref) {
  const MeetingInfo* m = nullptr;
  for (const auto* sel : s.selected)
    if (sel->id == meeting) m = sel;
  if (!m) return make_error(Errc::not_found, "no meeting " + meeting, "meeting/" + meeting);
  const auto& rec = s.records_of(meeting);
  const auto& att = distinct_participants(rec);

  Report r;
  r.name = "attendance";
  r.json = {
      {"report", "attendance"},
      {"title", "Liste de présence"},
      {"personal_data", true},
      {"generated_at", iso_utc(s.server_time_ms)},
      {"meeting",
       {{"id", m->id},
        {"title", m->title},
        {"date", m->date},
        {"starts_at", m->starts_at},
        {"venue", m->venue},
        {"status", m->status}}},
      {"definitions",
       {{"erased", "Nom effacé à la demande de la personne (RGPD) : « [effacé] »."},
        {"consent", "Sans consentement, le nom n'est pas communiqué : « [sans consentement] »."},
        {"duplicate",
         "Doublon : même nom et même organisme qu'une présence précédente ; compté une "
         "seule fois dans les rapports."}}}};
  Table t{"presences",
          "Liste de présence — " + m->title,
          {"Nom", "Type d'acteur", "Organisme", "Département", "Rôle", "Personne concernée",
           "Consentement", "Heure d'arrivée", "Doublon de", "Conflit en attente", "Identifiant"},
          {}};
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& a : rec.attendance) {
    std::string id = text_field(a, "_id");
    bool consent = a.value("consent", false);
    nlohmann::json name = nullptr;
    if (is_redacted(a, "display_name"))
      name = kErased;
    else if (a.contains("display_name") && a["display_name"].is_string())
      name = consent ? a["display_name"].get<std::string>() : std::string(kNoConsent);
    std::string pc_code = text_field(a, "people_concerned");
    std::string pc = is_redacted(a, "people_concerned")
                         ? std::string(kErased)
                         : (pc_code.empty() ? std::string()
                                            : Reference::label_of(ref.people_concerned, pc_code));
    std::string actor = text_field(a, "actor_type");
    std::string role = text_field(a, "role");
    std::string dup = att.duplicate_of.count(id) ? att.duplicate_of.at(id) : std::string();
    bool conflicted =
        a.contains("_conflicts") && a["_conflicts"].is_array() && !a["_conflicts"].empty();
    rows.push_back(
        {{"id", id},
         {"display_name", name},
         {"actor_type", actor},
         {"actor_type_label", Reference::label_of(ref.actor_types, actor)},
         {"organisation", text_field(a, "organisation")},
         {"department", text_field(a, "department")},
         {"role", role},
         {"people_concerned", pc_code.empty() ? nlohmann::json() : nlohmann::json(pc_code)},
         {"people_concerned_label", pc},
         {"consent", consent},
         {"checked_in_at", text_field(a, "checked_in_at")},
         {"duplicate_of", dup.empty() ? nlohmann::json() : nlohmann::json(dup)},
         {"conflicted", conflicted}});
    t.rows.push_back({name.is_string() ? Cell::str(name.get<std::string>()) : Cell::none(),
                      Cell::str(Reference::label_of(ref.actor_types, actor)),
                      Cell::str(text_field(a, "organisation")),
                      Cell::str(text_field(a, "department")),
                      role.empty() ? Cell::none() : Cell::str(Reference::label_of(ref.roles, role)),
                      Cell::str(pc), Cell::str(consent ? "Oui" : "Non"),
                      Cell::str(text_field(a, "checked_in_at")), Cell::str(dup),
                      Cell::str(conflicted ? "Oui" : "Non"), Cell::str(id)});
  }
  r.json["totals"] = {{"records", att.records},
                      {"participants", att.participants()},
                      {"duplicates", att.duplicates},
                      {"erased_names", att.redacted_names}};
  r.json["rows"] = rows;
  r.tables = {std::move(t)};
  return r;
}

}  // namespace terrain::server::report
