#include "report/report_routes.h"

#include <functional>
#include <string>
#include <vector>

#include "journal/journal.h"
#include "logging/log.h"
#include "report/csv.h"
#include "report/meeting_overview.h"
#include "report/report_config.h"
#include "report/reports.h"
#include "server.h"
#include "store/store.h"
#include "terrain/protocol/ids.h"

namespace terrain::server {
namespace {

using report::Reference;
using report::Report;
using report::ReportFilter;
using report::Snapshot;

using report::Builder;

struct ReportSpec {
  const char* name;
  const char* title;
  std::vector<const char*> tables;  // CSV tables, the first is the default
  Builder build;
};

const std::vector<ReportSpec>& specs() {
  static const std::vector<ReportSpec> s = {
      {"summary", "Synthèse", {"synthese"}, report::summary_report},
      {"meetings",
       "Rencontres tenues, par type et par territoire",
       {"rencontres", "par_type", "par_region", "par_departement"},
       report::meetings_report},
      {"coverage", "Couverture territoriale", {"departements", "regions"}, report::coverage_report},
      {"participants",
       "Participants",
       {"rencontres", "par_acteur", "par_departement", "par_role", "personnes_concernees",
        "comptages"},
       report::participants_report},
      {"satisfaction",
       "Satisfaction des participants",
       {"rencontres", "repartition", "questions"},
       report::satisfaction_report},
      {"contributions",
       "Contributions par priorité stratégique et principe",
       {"priorites", "axes", "principes", "valeurs", "rencontres", "textes"},
       report::contributions_report},
      {"evaluations",
       "Évaluations des rencontres",
       {"questions", "rencontres"},
       report::evaluations_report},
  };
  return s;
}

std::string today(std::int64_t ms) {
  return report::iso_utc(ms).substr(0, 10);
}

// The download is named <stem>-<table>-<date>.csv (ASCII only).
http::Reply csv_reply(const Report& r, const httplib::Request& req, const std::string& stem,
                      const std::string& date) {
  const report::Table* t = nullptr;
  std::string wanted = req.has_param("table") ? req.get_param_value("table") : std::string();
  if (wanted.empty()) {
    t = r.tables.empty() ? nullptr : &r.tables.front();
  } else {
    t = r.table(wanted);
    if (!t) {
      std::string names;
      for (const auto& x : r.tables) names += (names.empty() ? "" : ", ") + x.name;
      std::string hint = (wanted == "textes" && r.name == "contributions")
                             ? " (the table 'textes' needs meeting=<id>)"
                             : "";
      return http::Reply::fail(make_error(
          Errc::invalid_argument,
          "unknown table '" + wanted + "' for report " + r.name + ": one of " + names + hint, "",
          "table"));
    }
  }
  if (!t) return http::Reply::fail(make_error(Errc::not_found, "this report has no table"));
  http::Reply reply = http::Reply::text(report::to_csv(*t), "text/csv; charset=utf-8");
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + "-" +
                                                        t->name + "-" + date + ".csv\"");
  return reply;
}

// Personal data of one meeting: read for this request only, never kept.
Result<Snapshot> uncached_snapshot(ServerContext& ctx, const ReportFilter& f,
                                   const report::LoadOptions& options) {
  return ctx.store->read([&](sqlite::Database& db) -> Result<Snapshot> {
    return report::load_snapshot(db, f, Reference::embedded(), options);
  });
}

nlohmann::json catalogue() {
  nlohmann::json reports = nlohmann::json::array();
  auto entry = [](const std::string& name, const std::string& title, const std::string& path,
                  const std::vector<const char*>& tables, bool personal) {
    nlohmann::json t = nlohmann::json::array();
    for (const char* x : tables) t.push_back(x);
    return nlohmann::json{{"name", name},         {"title", title}, {"json", path},
                          {"csv", path + ".csv"}, {"tables", t},    {"personal_data", personal}};
  };
  for (const auto& s : specs())
    reports.push_back(
        entry(s.name, s.title, std::string("/admin/reports/") + s.name, s.tables, false));
  reports.push_back(entry("freshness", "Fraîcheur des données", "/admin/reports/freshness",
                          {"appareils", "conflits", "quarantaine"}, false));
  reports.push_back(entry("attendance", "Liste de présence d'une rencontre (données personnelles)",
                          "/admin/reports/meetings/{id}/attendance", {"presences"}, true));
  return {{"reports", reports},
          {"filters",
           {{"cycle", "nom exact du cycle (« Rencontres territoriales 2024 »)"},
            {"from", "date de début AAAA-MM-JJ (incluse)"},
            {"to", "date de fin AAAA-MM-JJ (incluse)"},
            {"type", "code du type de rencontre (rencontre_territoriale...)"},
            {"region", "code INSEE de la région (53)"},
            {"department", "code INSEE du département (35, 2A, 974)"},
            {"meeting", "identifiant d'une rencontre"},
            {"table", "CSV seulement : le tableau à télécharger"}}}};
}

}  // namespace

void add_report_routes(http::Api& api, ServerContext& ctx) {
  api.get(
      "/admin/reports", "admin_reports", http::Auth::reader,
      [](const httplib::Request&, const http::Caller&) { return http::Reply::json(catalogue()); });

  for (const auto& spec : specs()) {
    std::string pattern = std::string("/admin/reports/") + spec.name + "(\\.csv)?";
    std::string route = std::string("admin_report_") + spec.name;
    const ReportSpec* sp = &spec;
    api.get(pattern, route, http::Auth::reader,
            [&ctx, sp](const httplib::Request& req, const http::Caller&) {
              const bool csv = req.matches[1].matched;
              auto f = report::parse_filter(req.params, Reference::embedded(), {"table"});
              if (!f) return http::Reply::fail(f.error());
              auto s = ctx.reports->get(*f);
              if (!s) return http::Reply::fail(s.error());
              if (!csv)
                return http::Reply::text(
                    report::built_json_text(**s, sp->name, sp->build, *f, Reference::embedded()),
                    "application/json");
              const Report& r = report::built(**s, sp->name, sp->build, *f, Reference::embedded());
              return csv_reply(r, req, "terrain-" + r.name, today(now_ms()));
            });
  }

  api.get("/admin/reports/freshness(\\.csv)?", "admin_report_freshness", http::Auth::reader,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            const bool csv = req.matches[1].matched;
            for (const auto& [k, v] : req.params)
              if (k != "table")
                return http::Reply::fail(make_error(
                    Errc::invalid_argument,
                    "unknown parameter '" + k + "': the freshness report takes no filter", "", k));
            report::FreshnessOptions options{report::ReportConfig::stale_after_ms,
                                             report::ReportConfig::late_sync_ms};
            auto r = ctx.store->read([&](sqlite::Database& db) -> Result<Report> {
              return report::freshness_report(db, options, Reference::embedded());
            });
            if (!r) return http::Reply::fail(r.error());
            if (csv) return csv_reply(*r, req, "terrain-freshness", today(now_ms()));
            return http::Reply::json(r->json);
          });

  add_meeting_overview_route(api, ctx);

  api.get(
      "/admin/reports/meetings/([0-9a-f-]{36})/attendance(\\.csv)?", "admin_report_attendance",
      http::Auth::admin, [&ctx](const httplib::Request& req, const http::Caller& caller) {
        const std::string meeting = req.matches[1].str();
        const bool csv = req.matches[2].matched;
        if (!is_uuid(meeting))
          return http::Reply::fail(
              make_error(Errc::invalid_argument, "the meeting id must be a UUID", "", "meeting"));
        for (const auto& [k, v] : req.params)
          if (k != "table")
            return http::Reply::fail(
                make_error(Errc::invalid_argument, "unknown parameter '" + k + "'", "", k));
        ReportFilter f;
        f.meeting = meeting;
        report::LoadOptions options;
        options.headcount_history = false;
        auto s = uncached_snapshot(ctx, f, options);
        if (!s) return http::Reply::fail(s.error());
        auto r = report::attendance_export(*s, meeting, Reference::embedded());
        if (!r) return http::Reply::fail(r.error());
        // An audit line and a journal entry: who viewed or exported which meeting's
        // personal data (no names).
        log::info("personal_data_export", {{"admin", caller.admin->id},
                                           {"meeting", meeting},
                                           {"format", csv ? "csv" : "json"},
                                           {"rows", r->json["rows"].size()}});
        if (auto st = journal_append(*ctx.store, actor_of(caller),
                                     csv ? "names_exported" : "names_viewed", meeting,
                                     {{"rows", r->json["rows"].size()}});
            !st.ok())
          return http::Reply::fail(st.error());  // no names without their journal entry
        if (csv)
          return csv_reply(*r, req, "terrain-" + meeting.substr(0, 8), today(s->server_time_ms));
        return http::Reply::json(r->json);
      });
}

}  // namespace terrain::server
