#include <map>

#include "report/figures.h"
#include "report/question_summary.h"
#include "report/reports.h"

namespace terrain::server::report {

Report evaluations_report(const Snapshot& s, const ReportFilter& f, const Reference&) {
  Report r;
  r.name = "evaluations";
  r.json = report_header("evaluations", "Évaluations des rencontres (mesurer notre impact)", f, s);
  r.json["definitions"] = {
      {"evaluator", "Le nom de l'évaluateur (donnée personnelle) n'apparaît jamais ici."},
      {"free_text", "Les réponses libres ne sont que comptées : elles peuvent contenir des noms."}};

  using Key = std::pair<std::string, std::int64_t>;
  std::map<Key, std::vector<const nlohmann::json*>> by_def;
  std::int64_t total = 0, evaluated = 0, unknown = 0;
  Table per_meeting{"rencontres",
                    "Évaluations par rencontre",
                    {"Identifiant", "Intitulé", "Date", "Évaluations", "Réponse principale"},
                    {}};
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto* m : s.active()) {
    const auto& rec = s.records_of(m->id);
    if (!rec.evaluations.empty()) ++evaluated;
    std::map<std::string, std::int64_t> headline_answers;
    for (const auto& e : rec.evaluations) {
      ++total;
      std::string qid = text_field(e, "questionnaire_id");
      auto v = e.find("questionnaire_version");
      auto a = e.find("answers");
      if (v == e.end() || !v->is_number_integer() || a == e.end()) {
        ++unknown;
        continue;
      }
      const auto* def = s.questionnaire(qid, v->get<std::int64_t>());
      if (!def) {
        ++unknown;
        continue;
      }
      by_def[{qid, v->get<std::int64_t>()}].push_back(&*a);
      std::string headline = def->value("headline", std::string());
      if (!headline.empty() && a->is_object() && a->contains(headline) &&
          (*a)[headline].is_string()) {
        std::string code = (*a)[headline].get<std::string>();
        std::string label = code;
        for (const auto& q : (*def)["questions"])
          if (q.value("id", std::string()) == headline && q.contains("options"))
            for (const auto& o : q["options"])
              if (o.value("code", std::string()) == code) label = o["label"].value("fr", code);
        ++headline_answers[label];
      }
    }
    std::string summary;
    nlohmann::json hj = nlohmann::json::object();
    for (const auto& [label, n] : headline_answers) {
      if (!summary.empty()) summary += " ; ";
      summary += label + " : " + std::to_string(n);
      hj[label] = n;
    }
    meetings.push_back({{"id", m->id},
                        {"title", m->title},
                        {"date", m->date},
                        {"evaluations", rec.evaluations.size()},
                        {"headline_answers", hj}});
    per_meeting.rows.push_back({Cell::str(m->id), Cell::str(m->title), Cell::str(m->date),
                                Cell::count(static_cast<std::int64_t>(rec.evaluations.size())),
                                Cell::str(summary)});
  }

  std::vector<std::string> headers = {"Questionnaire", "Version"};
  for (auto& h : summary_headers()) headers.push_back(h);
  Table questions{"questions", "Grille d'évaluation question par question", headers, {}};
  nlohmann::json qjson = nlohmann::json::array();
  for (const auto& [key, answers] : by_def) {
    const auto* def = s.questionnaire(key.first, key.second);
    nlohmann::json qs = nlohmann::json::array();
    for (const auto& q : summarise_answers(*def, answers)) {
      qs.push_back(summary_json(q));
      summary_rows(q, {Cell::str(key.first), Cell::count(key.second)}, questions.rows);
    }
    std::string title;
    if (auto t = def->find("title"); t != def->end() && t->is_object())
      title = t->value("fr", std::string());
    qjson.push_back({{"id", key.first},
                     {"version", key.second},
                     {"title", title},
                     {"evaluations", answers.size()},
                     {"headline", def->value("headline", std::string())},
                     {"questions", qs}});
  }
  r.json["totals"] = {{"evaluations", total},
                      {"meetings_evaluated", evaluated},
                      {"meetings", s.active().size()},
                      {"unknown_questionnaire", unknown}};
  r.json["questionnaires"] = qjson;
  r.json["meetings"] = meetings;
  r.tables = {std::move(questions), std::move(per_meeting)};
  return r;
}

}  // namespace terrain::server::report
