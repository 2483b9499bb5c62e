#include "questionnaires/questionnaire_routes.h"

#include <map>
#include <tuple>

#include "merge/server_state.h"
#include "server.h"

namespace terrain::server {
namespace {

struct Version {
  std::string id;
  std::int64_t version = 0;
  std::string title;
  std::string source;  // bundle | central
  std::string record;  // the central record's id
  bool retired = false;
  std::int64_t retired_ms = 0;  // when the closing was written (its HLC time)
  std::int64_t answers = 0;
  std::int64_t answers_after_close = 0;
  std::map<std::string, std::int64_t> by_collection;
};

std::string title_of(const nlohmann::json& definition) {
  if (!definition.is_object()) return {};
  const auto& t = definition.value("title", nlohmann::json());
  if (t.is_string()) return t.get<std::string>();
  if (t.is_object()) return t.value("fr", t.value("en", std::string()));
  return {};
}

// The HLC time at which `retired` was last set to true in a questionnaire record:
// its winning write, when true (M2: the latest write of the current incarnation).
Result<std::int64_t> retired_at(sqlite::Database& db, const std::string& record) {
  auto view = load_record_view(db, {"questionnaire", record});
  if (!view) return view.error();
  std::int64_t at = 0;
  if (!view->has_value()) return at;
  const RecordView& v = **view;
  auto value = v.fields.find("retired");
  auto version = v.versions.find("retired");
  if (value != v.fields.end() && *value == true && version != v.versions.end())
    at = static_cast<std::int64_t>(version->second.ms);
  return at;
}

Result<nlohmann::json> list(ServerContext& ctx) {
  std::map<std::pair<std::string, std::int64_t>, Version> versions;
  for (const auto& path : ctx.schemas->documents("questionnaires/")) {
    const nlohmann::json* d = ctx.schemas->document(path);
    if (!d || !d->is_object() || !d->contains("id") || !d->contains("version")) continue;
    if (!(*d)["id"].is_string() || !(*d)["version"].is_number_integer()) continue;
    Version v;
    v.id = (*d)["id"];
    v.version = (*d)["version"];
    v.title = title_of(*d);
    v.source = "bundle";
    versions[{v.id, v.version}] = v;
  }
  return ctx.store->read([&](sqlite::Database& db) -> Result<nlohmann::json> {
    auto q =
        db.prepare("SELECT id, view FROM records WHERE collection = 'questionnaire' ORDER BY id");
    if (!q) return q.error();
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      auto view = nlohmann::json::parse(q->text(1), nullptr, false);
      if (!view.is_object() || view.value("_deleted", false)) continue;
      const auto& id = view.value("questionnaire_id", nlohmann::json());
      const auto& ver = view.value("version", nlohmann::json());
      if (!id.is_string() || !ver.is_number_integer()) continue;
      Version& v = versions[{id.get<std::string>(), ver.get<std::int64_t>()}];
      if (v.source.empty()) {
        v.id = id;
        v.version = ver;
        v.title = title_of(view.value("definition", nlohmann::json()));
        v.source = "central";
      }
      v.record = q->text(0);
      if (view.value("retired", false)) v.retired = true;
    }
    q->reset();
    for (auto& [key, v] : versions) {
      if (!v.retired) continue;
      auto at = retired_at(db, v.record);
      if (!at) return at.error();
      v.retired_ms = *at;
    }
    // Answers per questionnaire version, from the winning fields of live records
    // (store/record_rows.h): one indexed join per collection, no view parsed.
    for (const auto& name : ctx.schemas->collections()) {
      const CollectionInfo* info = ctx.schemas->collection(name);
      if (!info || info->answers_field.empty()) continue;
      static constexpr const char* kAnswers = R"sql(
FROM records r
JOIN record_fields qi ON qi.collection = r.collection AND qi.id = r.id AND qi.cl = r.cl
  AND qi.field = ?1
JOIN record_fields qv ON qv.collection = r.collection AND qv.id = r.id AND qv.cl = r.cl
  AND qv.field = ?2
WHERE r.collection = ?3 AND r.cl % 2 = 1)sql";
      auto a = db.prepare(std::string("SELECT qi.value ->> '$', qv.value ->> '$', COUNT(*) ") +
                          kAnswers + " GROUP BY 1, 2");
      if (!a) return a.error();
      a->bind(1, info->questionnaire_id_field)
          .bind(2, info->questionnaire_version_field)
          .bind(3, name);
      for (;;) {
        auto row = a->step();
        if (!row) return row.error();
        if (!*row) break;
        if (a->is_null(0) || a->is_null(1)) continue;
        auto it = versions.find({a->text(0), a->int64(1)});
        if (it == versions.end()) continue;
        it->second.answers += a->int64(2);
        it->second.by_collection[name] += a->int64(2);
      }
      // Answers to a closed version that first reached the server after its closing.
      auto late = db.prepare(
          std::string("SELECT COUNT(*) ") + kAnswers +
          " AND qi.value ->> '$' = ?4 AND qv.value ->> '$' = ?5 AND (SELECT MIN(c.received_ms) "
          "FROM record_touches t JOIN change_sets c ON c.id = t.change_set_id WHERE "
          "t.collection = r.collection AND t.record_id = r.id) > ?6");
      if (!late) return late.error();
      for (auto& [key, v] : versions) {
        if (!v.retired || v.retired_ms <= 0 || v.by_collection.count(name) == 0) continue;
        late->reset();
        late->bind(1, info->questionnaire_id_field)
            .bind(2, info->questionnaire_version_field)
            .bind(3, name)
            .bind(4, v.id)
            .bind(5, v.version)
            .bind(6, v.retired_ms);
        auto f = late->step();
        if (!f) return f.error();
        if (*f) v.answers_after_close += late->int64(0);
      }
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, v] : versions) {
      nlohmann::json j = {{"id", v.id},
                          {"version", v.version},
                          {"title", v.title},
                          {"source", v.source},
                          {"retired", v.retired},
                          {"answers", v.answers},
                          {"answers_after_close", v.answers_after_close},
                          {"answers_by_collection", v.by_collection}};
      j["record"] = v.record.empty() ? nlohmann::json() : nlohmann::json(v.record);
      j["retired_ms"] = v.retired ? nlohmann::json(v.retired_ms) : nlohmann::json();
      out.push_back(std::move(j));
    }
    return nlohmann::json{{"questionnaires", out}};
  });
}

}  // namespace

void add_questionnaire_routes(http::Api& api, ServerContext& ctx) {
  api.get("/admin/questionnaires", "admin_questionnaires", http::Auth::admin,
          [&ctx](const httplib::Request&, const http::Caller&) {
            auto l = list(ctx);
            if (!l) return http::Reply::fail(l.error());
            return http::Reply::json(*l);
          });
}

}  // namespace terrain::server
