#include "quarantine/quarantine.h"

#include <cstring>

#include "http/json_input.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "merge/server_state.h"
#include "push/ingest.h"
#include "server.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

const char* kHashPattern = "([0-9a-f]{64})";

struct Decision {
  bool not_found = false;
  bool refused = false;
  Error error;
  std::uint64_t position = 0;
};

Result<Decision> decide(ServerContext& ctx, const std::string& hash, bool release, const Actor& who,
                        const std::string& why) {
  return ctx.store->write([&](sqlite::Database& db) -> Result<Decision> {
    Decision d;
    auto q = db.prepare(R"sql(
SELECT c.id, c.device_id, c.body, c.sig, c.vals, c.state, c.reason, d.public_key
FROM change_sets c JOIN devices d ON d.device_id = c.device_id WHERE c.hash = ?)sql");
    if (!q) return q.error();
    q->bind(1, hash);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row || q->text(5) != "quarantined") {
      d.not_found = true;
      return d;
    }
    std::int64_t id = q->int64(0);
    std::string device = q->text(1);
    std::string reason = q->text(6);
    if (release && reason == "device_revoked") {
      d.refused = true;
      d.error =
          make_error(Errc::conflict, "this change set was withdrawn when its device was revoked");
      return d;
    }
    const nlohmann::json detail = {{"device", device}, {"reason", reason}, {"why", why}};
    if (!release) {
      auto up = db.prepare(
          "UPDATE change_sets SET state = 'rejected', decided_ms = ?, decided_by = ?, "
          "decision_reason = ? WHERE id = ?");
      if (!up) return up.error();
      up->bind(1, now_ms()).bind(2, who.admin_id).bind(3, why).bind(4, id);
      TERRAIN_RETURN_IF_ERROR(up->run());
      TERRAIN_RETURN_IF_ERROR(journal_append(db, who, "quarantine_rejected", hash, detail));
      log::info("quarantine_rejected", {{"change_set", hash}, {"admin", who.admin_id.value_or(0)}});
      return d;
    }
    nlohmann::json env = {{"body", q->blob(2)},
                          {"sig", to_base64(q->blob(3))},
                          {"values", nlohmann::json::parse(q->text(4), nullptr, false)}};
    std::string pk_raw = q->blob(7);
    q->reset();
    auto scs = envelope_from_json(env, ctx.config.limits);
    if (!scs) return make_error(Errc::internal, "stored change set does not decode");
    PublicKey pk{};
    std::memcpy(pk.data(), pk_raw.data(), std::min(pk.size(), pk_raw.size()));
    // Read with the limits it was accepted under (it may be over a tightened one).
    auto cs = verify_and_parse(*scs, pk, signed_limits(ctx.config.limits));
    if (!cs) return make_error(Errc::internal, "stored change set does not verify");
    TERRAIN_RETURN_IF_ERROR(merge_change_set(db, id, *cs, scs->values));
    auto lq = db.prepare(
        "INSERT INTO log(kind, change_set_id, meeting, device_id, created_ms) VALUES "
        "('change_set', ?, ?, ?, ?)");
    if (!lq) return lq.error();
    lq->bind(1, id).bind(2, cs->meeting).bind(3, device).bind(4, now_ms());
    TERRAIN_RETURN_IF_ERROR(lq->run());
    d.position = static_cast<std::uint64_t>(db.last_insert_rowid());
    auto up = db.prepare(
        "UPDATE change_sets SET state = 'accepted', position = ?, decided_ms = ?, decided_by = ?, "
        "decision_reason = ? WHERE id = ?");
    if (!up) return up.error();
    up->bind(1, d.position).bind(2, now_ms()).bind(3, who.admin_id).bind(4, why).bind(5, id);
    TERRAIN_RETURN_IF_ERROR(up->run());
    TERRAIN_RETURN_IF_ERROR(journal_append(db, who, "quarantine_released", hash, detail));
    log::info(
        "quarantine_released",
        {{"change_set", hash}, {"admin", who.admin_id.value_or(0)}, {"position", d.position}});
    return d;
  });
}

}  // namespace

void add_quarantine_routes(http::Api& api, ServerContext& ctx) {
  api.get("/admin/quarantine", "admin_quarantine", http::Auth::admin,
          [&ctx](const httplib::Request&, const http::Caller&) {
            auto list = ctx.store->read([](sqlite::Database& db) -> Result<nlohmann::json> {
              auto q = db.prepare(R"sql(
SELECT hash, device_id, seq, meeting, reason, message, device_time_ms, received_ms
FROM change_sets WHERE state = 'quarantined' ORDER BY received_ms, id)sql");
              if (!q) return q.error();
              nlohmann::json out = nlohmann::json::array();
              for (;;) {
                auto row = q->step();
                if (!row) return row.error();
                if (!*row) break;
                out.push_back({{"hash", q->text(0)},
                               {"device", q->text(1)},
                               {"seq", q->int64(2)},
                               {"meeting", q->text(3)},
                               {"reason", q->text(4)},
                               {"message", q->text(5)},
                               {"device_time_ms", q->int64(6)},
                               {"received_ms", q->int64(7)}});
              }
              return out;
            });
            if (!list) return http::Reply::fail(list.error());
            return http::Reply::json({{"change_sets", *list}});
          });

  for (bool release : {true, false}) {
    std::string pattern =
        std::string("/admin/quarantine/") + kHashPattern + (release ? "/release" : "/reject");
    api.post(
        pattern, release ? "admin_quarantine_release" : "admin_quarantine_reject",
        http::Auth::admin,
        [&ctx, release](const httplib::Request& req, const http::Caller& caller) {
          std::string hash = req.matches[1];
          std::string why;
          if (!req.body.empty()) {
            auto body = http::parse_json_body(req, ctx.config.limits);
            if (!body) return http::Reply::fail(body.error());
            if (body->contains("reason")) {
              auto r = http::string_member(*body, "reason");
              if (!r) return http::Reply::fail(r.error());
              if (r->size() > 500)
                return http::Reply::fail(make_error(
                    Errc::invalid_argument, "a reason has at most 500 characters", "", "reason"));
              why = *r;
            }
          }
          auto d = decide(ctx, hash, release, actor_of(caller), why);
          if (!d) return http::Reply::fail(d.error());
          if (d->not_found)
            return http::Reply::fail(
                make_error(Errc::not_found, "no quarantined change set " + hash));
          if (d->refused) return http::Reply::fail(d->error);
          nlohmann::json out = {{"hash", hash}, {"state", release ? "accepted" : "rejected"}};
          if (release) out["position"] = d->position;
          return http::Reply::json(out);
        });
  }
}

}  // namespace terrain::server
