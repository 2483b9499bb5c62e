#include "report/figures.h"
#include "report/reports.h"

namespace terrain::server::report {

Report summary_report(const Snapshot& s, const ReportFilter& f, const Reference& ref) {
  // The same reports the console asks next to the summary: built once per snapshot.
  const Report& meetings = built(s, "meetings", meetings_report, f, ref);
  const Report& coverage = built(s, "coverage", coverage_report, f, ref);
  const Report& participants = built(s, "participants", participants_report, f, ref);
  const Report& satisfaction = built(s, "satisfaction", satisfaction_report, f, ref);
  const Report& contributions = built(s, "contributions", contributions_report, f, ref);
  const Report& evaluations = built(s, "evaluations", evaluations_report, f, ref);

  // Copies: the built reports are shared and stay unchanged.
  auto totals = [](const Report& r) {
    auto it = r.json.find("totals");
    return it == r.json.end() ? nlohmann::json::object() : *it;
  };
  nlohmann::json mt = totals(meetings);
  nlohmann::json pt = totals(participants);
  nlohmann::json st = totals(satisfaction);
  nlohmann::json ct = totals(coverage);
  nlohmann::json contributed = totals(contributions);
  nlohmann::json evaluated = totals(evaluations);
  std::int64_t held = mt["held"].get<std::int64_t>();
  std::int64_t people = pt["participants"].get<std::int64_t>();

  Report r;
  r.name = "summary";
  r.json = report_header("summary", "Synthèse", f, s);
  std::string text = std::to_string(held) +
                     (held > 1 ? " rencontres tenues, " : " rencontre tenue, ") +
                     std::to_string(people) + (people > 1 ? " participants" : " participant");
  if (!st["satisfied"]["percent"].is_null())
    text += ", " + french_percent(st["satisfied"]["percent"].get<double>()) +
            " satisfaits ou très satisfaits";
  r.json["text"] = text;
  r.json["meetings"] = mt;
  r.json["participants"] = {{"participants", people},
                            {"people_concerned", pt["people_concerned"]},
                            {"representatives", pt["representatives"]},
                            {"headcount", pt["headcount"]}};
  r.json["satisfaction"] = {{"responses", st["responses"]},
                            {"response_rate_percent", st["response_rate_percent"]},
                            {"satisfied", st["satisfied"]},
                            {"headline", st["headline"]}};
  r.json["coverage"] = ct;
  r.json["contributions"] = contributed;
  r.json["evaluations"] = evaluated;

  auto number = [](const nlohmann::json& j) {
    return j.is_number_integer() ? Cell::count(j.get<std::int64_t>()) : Cell::none();
  };
  auto pct = [](const nlohmann::json& j) {
    return j.is_number() ? Cell::percent(j.get<double>()) : Cell::none();
  };
  Table t{"synthese", "Synthèse", {"Indicateur", "Valeur"}, {}};
  t.rows = {
      {Cell::str("Rencontres tenues"), number(mt["held"])},
      {Cell::str("Rencontres prévues"), number(mt["planned"])},
      {Cell::str("Rencontres annulées"), number(mt["cancelled"])},
      {Cell::str("Participants (participations)"), number(pt["participants"])},
      {Cell::str("Personnes concernées (%)"), pct(pt["people_concerned"]["percent"])},
      {Cell::str("Représentants des personnes (%)"), pct(pt["representatives"]["percent"])},
      {Cell::str("Effectif compté (rencontres avec comptage)"), number(pt["headcount"]["total"])},
      {Cell::str("Réponses au questionnaire de satisfaction"), number(st["responses"])},
      {Cell::str("Taux de réponse (%)"), pct(st["response_rate_percent"])},
      {Cell::str("Satisfaits ou très satisfaits (%)"), pct(st["satisfied"]["percent"])},
      {Cell::str("Départements couverts"), number(ct["departments"]["covered"])},
      {Cell::str("Départements non couverts"), number(ct["departments"]["not_covered"])},
      {Cell::str("Régions couvertes"), number(ct["regions"]["covered"])},
      {Cell::str("Contributions"), number(contributed["contributions"])},
      {Cell::str("Évaluations"), number(evaluated["evaluations"])}};
  r.tables = {std::move(t)};
  return r;
}

}  // namespace terrain::server::report
