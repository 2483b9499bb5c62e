#include <map>

#include "report/figures.h"
#include "report/question_summary.h"
#include "report/reports.h"
#include "terrain/protocol/questionnaire.h"
#include "terrain/protocol/schema.h"

namespace terrain::server::report {
namespace {

// The shipped satisfaction questionnaire: its headline options are always shown,
// even before any response, so the CSV columns never change shape.
constexpr const char* kSatisfactionId = "satisfaction-rencontre-territoriale";

void seed_options(HeadlineTally& t) {
  const auto* def =
      SchemaRegistry::embedded().document(questionnaire_document_path(kSatisfactionId, 1));
  if (!def) return;
  std::string headline = def->value("headline", std::string());
  for (const auto& q : (*def)["questions"]) {
    if (q.value("id", std::string()) != headline) continue;
    for (const auto& o : q["options"])
      t.options.push_back({o.value("code", std::string()), o["label"].value("fr", std::string())});
  }
}

nlohmann::json distribution_json(const HeadlineTally& t, const std::vector<CodeLabel>& options) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& o : options) {
    auto it = t.counts.find(o.code);
    std::int64_t c = it == t.counts.end() ? 0 : it->second;
    arr.push_back({{"code", o.code},
                   {"label", o.label},
                   {"count", c},
                   {"percent", json_number(percent(c, t.answered))}});
  }
  return arr;
}

std::string headline_text(const HeadlineTally& t) {
  if (!t.positive_percent()) return "Aucune réponse";
  return french_percent(t.positive_percent()) + " satisfaits ou très satisfaits";
}

}  // namespace

Report satisfaction_report(const Snapshot& s, const ReportFilter& f, const Reference&) {
  Report r;
  r.name = "satisfaction";
  r.json = report_header("satisfaction", "Satisfaction des participants", f, s);
  r.json["definitions"] = {
      {"satisfied",
       "Part des réponses « Très satisfait » ou « Satisfait » à la question principale du "
       "questionnaire (« Globalement, êtes-vous satisfait de cette rencontre ? »), parmi les "
       "réponses à cette question."},
      {"response_rate", "Réponses au questionnaire / participants distincts de la rencontre."}};

  HeadlineTally overall;
  seed_options(overall);
  std::int64_t participants = 0;
  struct PerMeeting {
    const MeetingInfo* m;
    HeadlineTally tally;
    std::int64_t participants;
  };
  std::vector<PerMeeting> per;
  // Answers grouped by questionnaire version, for the per-question summaries.
  std::map<std::pair<std::string, std::int64_t>, std::vector<const nlohmann::json*>> by_def;
  for (const auto* m : s.active()) {
    const auto& rec = s.records_of(m->id);
    PerMeeting pm{m, {}, distinct_participants(rec).participants()};
    participants += pm.participants;
    for (const auto& fb : rec.feedback) {
      pm.tally.add(fb, s);
      auto v = fb.find("questionnaire_version");
      auto a = fb.find("answers");
      if (v != fb.end() && v->is_number_integer() && a != fb.end())
        by_def[{text_field(fb, "questionnaire_id"), v->get<std::int64_t>()}].push_back(&*a);
    }
    overall.merge(pm.tally);
    per.push_back(std::move(pm));
  }
  const auto& options = overall.options;

  std::vector<std::string> headers = {"Identifiant",  "Intitulé", "Date",
                                      "Participants", "Réponses", "Taux de réponse (%)"};
  for (const auto& o : options) headers.push_back(o.label);
  headers.push_back("Satisfaits ou très satisfaits (%)");
  Table table{"rencontres", "Satisfaction par rencontre", headers, {}};
  auto row_of = [&](const std::string& id, const std::string& title, const std::string& date,
                    std::int64_t parts, const HeadlineTally& t) {
    std::vector<Cell> row = {id.empty() ? Cell::none() : Cell::str(id),
                             Cell::str(title),
                             date.empty() ? Cell::none() : Cell::str(date),
                             Cell::count(parts),
                             Cell::count(t.responses),
                             Cell::percent(percent(t.responses, parts))};
    for (const auto& o : options) {
      auto it = t.counts.find(o.code);
      row.push_back(Cell::count(it == t.counts.end() ? 0 : it->second));
    }
    row.push_back(Cell::percent(t.positive_percent()));
    return row;
  };
  nlohmann::json meetings = nlohmann::json::array();
  for (const auto& pm : per) {
    meetings.push_back(
        {{"id", pm.m->id},
         {"title", pm.m->title},
         {"date", pm.m->date},
         {"participants", pm.participants},
         {"responses", pm.tally.responses},
         {"response_rate_percent", json_number(percent(pm.tally.responses, pm.participants))},
         {"answered", pm.tally.answered},
         {"distribution", distribution_json(pm.tally, options)},
         {"satisfied",
          {{"count", pm.tally.positive}, {"percent", json_number(pm.tally.positive_percent())}}},
         {"headline", headline_text(pm.tally)}});
    table.rows.push_back(row_of(pm.m->id, pm.m->title, pm.m->date, pm.participants, pm.tally));
  }
  table.rows.push_back(row_of("", "Total", "", participants, overall));

  r.json["totals"] = {
      {"meetings", per.size()},
      {"participants", participants},
      {"responses", overall.responses},
      {"response_rate_percent", json_number(percent(overall.responses, participants))},
      {"answered", overall.answered},
      {"unknown_questionnaire", overall.unknown_questionnaire},
      {"distribution", distribution_json(overall, options)},
      {"satisfied",
       {{"count", overall.positive}, {"percent", json_number(overall.positive_percent())}}},
      {"headline", headline_text(overall)}};
  r.json["meetings"] = meetings;

  Table dist{"repartition",
             "Répartition des réponses à la question principale",
             {"Code", "Niveau", "Réponses", "Part (%)"},
             {}};
  for (const auto& o : options) {
    auto it = overall.counts.find(o.code);
    std::int64_t c = it == overall.counts.end() ? 0 : it->second;
    dist.rows.push_back({Cell::str(o.code), Cell::str(o.label), Cell::count(c),
                         Cell::percent(percent(c, overall.answered))});
  }
  dist.rows.push_back({Cell::none(), Cell::str("Satisfaits ou très satisfaits"),
                       Cell::count(overall.positive), Cell::percent(overall.positive_percent())});

  std::vector<std::string> qheaders = {"Questionnaire", "Version"};
  for (auto& h : summary_headers()) qheaders.push_back(h);
  Table questions{"questions", "Réponses question par question", qheaders, {}};
  nlohmann::json qjson = nlohmann::json::array();
  for (const auto& [key, answers] : by_def) {
    const auto* def = s.questionnaire(key.first, key.second);
    if (!def) continue;
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
                     {"responses", answers.size()},
                     {"questions", qs}});
  }
  r.json["questionnaires"] = qjson;
  r.tables = {std::move(table), std::move(dist), std::move(questions)};
  return r;
}

}  // namespace terrain::server::report
