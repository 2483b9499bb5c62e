#include "devices/device_routes.h"

#include <map>

#include "server.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

// Conflicts awaiting review, counted per device whose write lost or won.
Result<std::map<std::string, std::int64_t>> conflicts_by_device(sqlite::Database& db) {
  std::map<std::string, std::int64_t> out;
  auto q = db.prepare("SELECT view FROM records WHERE conflicts > 0");
  if (!q) return q.error();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    auto v = nlohmann::json::parse(q->text(0), nullptr, false);
    if (!v.is_object() || !v.contains("_conflicts")) continue;
    for (const auto& c : v["_conflicts"]) {
      for (const char* side : {"loser", "winner"}) {
        if (!c.contains(side) || !c[side].is_object()) continue;
        auto d = c[side].value("device", nlohmann::json());
        if (d.is_string()) ++out[d.get<std::string>()];
      }
    }
  }
  return out;
}

}  // namespace

void add_device_routes(http::Api& api, ServerContext& ctx) {
  api.get("/v1/device", "device_status", http::Auth::device,
          [&ctx](const httplib::Request&, const http::Caller& caller) {
            const auto& d = *caller.device;
            auto head = ctx.store->read([](sqlite::Database& db) -> Result<std::int64_t> {
              auto q = db.prepare("SELECT COALESCE(MAX(position), 0) FROM log");
              if (!q) return q.error();
              auto row = q->step();
              if (!row) return row.error();
              return q->int64(0);
            });
            if (!head) return http::Reply::fail(head.error());
            return http::Reply::json({{"device_id", d.device_id},
                                      {"role", d.role},
                                      {"scope", d.scope},
                                      {"last_seq", d.last_seq},
                                      {"last_hash", d.last_hash},
                                      {"epoch", ctx.identity.epoch},
                                      {"head", *head},
                                      {"server_time_ms", now_ms()},
                                      {"server_device_id", ctx.identity.device_id}});
          });

  api.get(
      "/admin/devices", "admin_devices", http::Auth::admin,
      [&ctx](const httplib::Request&, const http::Caller&) {
        auto list = ctx.store->read([](sqlite::Database& db) -> Result<nlohmann::json> {
          auto conflicts = conflicts_by_device(db);
          if (!conflicts) return conflicts.error();
          auto q = db.prepare(R"sql(
SELECT d.device_id, d.public_key, d.role, d.scope, d.label, d.enrolled_ms, d.last_seen_ms,
       d.last_seq, d.flagged, d.flag_reason, d.revoked_ms, d.revoked_after_seq, d.is_server,
       (SELECT COUNT(*) FROM change_sets c WHERE c.device_id = d.device_id
          AND c.state = 'quarantined'),
       d.app_version, d.pending_change_sets, d.pending_reported_ms
FROM devices d ORDER BY d.enrolled_ms, d.device_id)sql");
          if (!q) return q.error();
          nlohmann::json out = nlohmann::json::array();
          for (;;) {
            auto row = q->step();
            if (!row) return row.error();
            if (!*row) break;
            std::string id = q->text(0);
            auto it = conflicts->find(id);
            nlohmann::json d = {
                {"device_id", id},
                {"public_key", to_hex(q->blob(1))},
                {"role", q->text(2)},
                {"scope", nlohmann::json::parse(q->text(3), nullptr, false)},
                {"label", q->text(4)},
                {"enrolled_ms", q->int64(5)},
                {"last_seen_ms", q->is_null(6) ? nlohmann::json() : nlohmann::json(q->int64(6))},
                {"last_seq", q->int64(7)},
                {"flagged", q->int64(8) != 0},
                {"flag_reason", q->is_null(9) ? nlohmann::json() : nlohmann::json(q->text(9))},
                {"revoked", !q->is_null(10)},
                {"revoked_ms", q->is_null(10) ? nlohmann::json() : nlohmann::json(q->int64(10))},
                {"revoked_after_seq",
                 q->is_null(11) ? nlohmann::json() : nlohmann::json(q->int64(11))},
                {"is_server", q->int64(12) != 0},
                {"quarantined", q->int64(13)},
                {"pending_conflicts", it == conflicts->end() ? 0 : it->second},
                {"app_version", q->is_null(14) ? nlohmann::json() : nlohmann::json(q->text(14))},
                {"pending_change_sets",
                 q->is_null(15) ? nlohmann::json() : nlohmann::json(q->int64(15))},
                {"pending_reported_ms",
                 q->is_null(16) ? nlohmann::json() : nlohmann::json(q->int64(16))}};
            out.push_back(std::move(d));
          }
          return out;
        });
        if (!list) return http::Reply::fail(list.error());
        return http::Reply::json({{"devices", *list}});
      });
}

}  // namespace terrain::server
