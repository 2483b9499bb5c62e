#include "journal/journal.h"

#include "http/json_input.h"
#include "server.h"

namespace terrain::server {

Actor actor_of(const http::Caller& caller) {
  if (!caller.admin) return {};
  return {caller.admin->id, caller.admin->name};
}

Status journal_append(sqlite::Database& db, const Actor& who, const std::string& action,
                      const std::string& target, const nlohmann::json& detail) {
  auto q = db.prepare(
      "INSERT INTO journal(time_ms, admin_id, admin_name, action, target, detail) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!q) return q.error();
  q->bind(1, now_ms()).bind(2, who.admin_id);
  if (who.admin_id)
    q->bind(3, who.admin_name);
  else
    q->bind_null(3);
  q->bind(4, action).bind(5, target).bind(6, detail.dump());
  return q->run();
}

Status journal_append(Store& store, const Actor& who, const std::string& action,
                      const std::string& target, const nlohmann::json& detail) {
  return store.write([&](sqlite::Database& db) -> Status {
    return journal_append(db, who, action, target, detail);
  });
}

namespace {

Result<std::int64_t> positive_param(const httplib::Request& req, const std::string& name,
                                    std::int64_t fallback, std::int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::int64_t n = 0;
  if (v.empty() || v.size() > 18)
    return make_error(Errc::invalid_argument, name + " must be a positive integer", "", name);
  for (char c : v) {
    if (c < '0' || c > '9')
      return make_error(Errc::invalid_argument, name + " must be a positive integer", "", name);
    n = n * 10 + (c - '0');
  }
  if (n < 1)
    return make_error(Errc::invalid_argument, name + " must be a positive integer", "", name);
  return std::min(n, max);
}

}  // namespace

void add_journal_routes(http::Api& api, ServerContext& ctx) {
  api.get("/admin/journal", "admin_journal", http::Auth::admin,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            for (const auto& [k, v] : req.params)
              if (k != "limit" && k != "before" && k != "action")
                return http::Reply::fail(
                    make_error(Errc::invalid_argument, "unknown parameter '" + k + "'", "", k));
            auto limit = positive_param(req, "limit", 100, 1000);
            if (!limit) return http::Reply::fail(limit.error());
            auto before = positive_param(req, "before", INT64_MAX, INT64_MAX);
            if (!before) return http::Reply::fail(before.error());
            const std::string action = req.get_param_value("action");
            auto list = ctx.store->read([&](sqlite::Database& db) -> Result<nlohmann::json> {
              auto q = db.prepare(
                  "SELECT id, time_ms, admin_id, admin_name, action, target, detail FROM journal "
                  "WHERE id < ? AND (? = '' OR action = ?) ORDER BY id DESC LIMIT ?");
              if (!q) return q.error();
              q->bind(1, *before).bind(2, action).bind(3, action).bind(4, *limit);
              nlohmann::json out = nlohmann::json::array();
              for (;;) {
                auto row = q->step();
                if (!row) return row.error();
                if (!*row) break;
                nlohmann::json e = {{"id", q->int64(0)},
                                    {"time_ms", q->int64(1)},
                                    {"admin_id", nullptr},
                                    {"admin_name", nullptr},
                                    {"action", q->text(4)},
                                    {"target", q->text(5)},
                                    {"detail", nlohmann::json::parse(q->text(6), nullptr, false)}};
                if (!q->is_null(2)) {
                  e["admin_id"] = q->int64(2);
                  e["admin_name"] = q->text(3);
                }
                out.push_back(std::move(e));
              }
              return out;
            });
            if (!list) return http::Reply::fail(list.error());
            nlohmann::json body = {{"entries", *list}};
            if (list->size() == static_cast<std::size_t>(*limit))
              body["next_before"] = list->back()["id"];
            return http::Reply::json(body);
          });
}

}  // namespace terrain::server
