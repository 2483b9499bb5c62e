#include "revocation/revocation.h"

#include <set>

#include "http/json_input.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "merge/server_state.h"
#include "push/ingest.h"
#include "server.h"

namespace terrain::server {

namespace {

// What a revocation with this cut-off would withdraw, without doing it.
Result<nlohmann::json> revoke_preview(sqlite::Database& db, const std::string& device,
                                      std::optional<std::int64_t> after) {
  auto q = db.prepare(
      "SELECT last_seq, revoked_ms, is_server, label, role FROM devices WHERE device_id = ?");
  if (!q) return q.error();
  q->bind(1, device);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no device " + device);
  const std::int64_t last_seq = q->int64(0);
  const std::int64_t after_seq = after.value_or(last_seq);
  nlohmann::json out = {{"device_id", device},          {"label", q->text(3)},
                        {"role", q->text(4)},           {"last_seq", last_seq},
                        {"after_seq", after_seq},       {"revoked", !q->is_null(1)},
                        {"is_server", q->int64(2) != 0}};
  q->reset();
  auto sel = db.prepare(
      "SELECT id, state, meeting FROM change_sets WHERE device_id = ? AND seq > ? AND state IN "
      "('accepted', 'quarantined') ORDER BY seq");
  if (!sel) return sel.error();
  sel->bind(1, device).bind(2, after_seq);
  std::vector<std::int64_t> merged;
  std::size_t quarantined = 0;
  std::set<std::string> meetings;
  for (;;) {
    auto r = sel->step();
    if (!r) return r.error();
    if (!*r) break;
    if (sel->text(1) == "accepted")
      merged.push_back(sel->int64(0));
    else
      ++quarantined;
    meetings.insert(sel->text(2));
  }
  auto records = touched_records(db, merged);
  if (!records) return records.error();
  out["change_sets"] = merged.size() + quarantined;
  out["merged_change_sets"] = merged.size();
  out["quarantined_change_sets"] = quarantined;
  out["records"] = records->size();
  out["meetings"] = meetings;
  return out;
}

}  // namespace

void add_revocation_routes(http::Api& api, ServerContext& ctx) {
  api.get(
      "/admin/devices/([0-9a-f]{16})/revoke-preview", "admin_revoke_preview", http::Auth::admin,
      [&ctx](const httplib::Request& req, const http::Caller&) {
        const std::string device = req.matches[1];
        std::optional<std::int64_t> after;
        for (const auto& [k, v] : req.params) {
          if (k != "after_seq")
            return http::Reply::fail(
                make_error(Errc::invalid_argument, "unknown parameter '" + k + "'", "", k));
          if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
            return http::Reply::fail(
                make_error(Errc::invalid_argument, "after_seq must be 0 or more", "", "after_seq"));
          after = std::stoll(v);
        }
        auto p = ctx.store->read([&](sqlite::Database& db) -> Result<nlohmann::json> {
          return revoke_preview(db, device, after);
        });
        if (!p) return http::Reply::fail(p.error());
        return http::Reply::json(*p);
      });

  api.post(
      "/admin/devices/([0-9a-f]{16})/revoke", "admin_revoke", http::Auth::admin,
      [&ctx](const httplib::Request& req, const http::Caller& caller) {
        std::string device = req.matches[1];
        std::optional<std::int64_t> after;
        if (!req.body.empty()) {
          auto body = http::parse_json_body(req, ctx.config.limits);
          if (!body) return http::Reply::fail(body.error());
          auto a = http::optional_int_member(*body, "after_seq");
          if (!a) return http::Reply::fail(a.error());
          after = *a;
          if (after && *after < 0)
            return http::Reply::fail(
                make_error(Errc::invalid_argument, "after_seq must be 0 or more", "", "after_seq"));
        }
        struct Revoked {
          std::uint64_t after_seq = 0;
          std::size_t withdrawn = 0;
          std::size_t records = 0;
          std::uint64_t position = 0;
        };
        auto r = ctx.store->write([&](sqlite::Database& db) -> Result<Revoked> {
          Revoked out;
          auto q =
              db.prepare("SELECT last_seq, revoked_ms, is_server FROM devices WHERE device_id = ?");
          if (!q) return q.error();
          q->bind(1, device);
          auto row = q->step();
          if (!row) return row.error();
          if (!*row) return make_error(Errc::not_found, "no device " + device);
          if (q->int64(2) != 0)
            return make_error(Errc::forbidden, "the server's own key cannot be revoked");
          if (!q->is_null(1))
            return make_error(Errc::conflict, "device " + device + " is already revoked");
          out.after_seq =
              after ? static_cast<std::uint64_t>(*after) : static_cast<std::uint64_t>(q->int64(0));
          q->reset();
          std::int64_t now = now_ms();
          auto up = db.prepare(
              "UPDATE devices SET revoked_ms = ?, revoked_after_seq = ? WHERE device_id = ?");
          if (!up) return up.error();
          up->bind(1, now).bind(2, out.after_seq).bind(3, device);
          TERRAIN_RETURN_IF_ERROR(up->run());

          auto sel = db.prepare(
              "SELECT id, state FROM change_sets WHERE device_id = ? AND seq > ? AND state IN "
              "('accepted', 'quarantined')");
          if (!sel) return sel.error();
          sel->bind(1, device).bind(2, out.after_seq);
          std::vector<std::int64_t> merged, all;
          for (;;) {
            auto srow = sel->step();
            if (!srow) return srow.error();
            if (!*srow) break;
            all.push_back(sel->int64(0));
            if (sel->text(1) == "accepted") merged.push_back(sel->int64(0));
          }
          auto records = touched_records(db, merged);
          if (!records) return records.error();
          TERRAIN_RETURN_IF_ERROR(retract_records(db, *records, device, out.after_seq,
                                                  signed_limits(ctx.config.limits)));
          auto mv = db.prepare(
              "UPDATE change_sets SET state = 'quarantined', reason = 'device_revoked', message "
              "= 'withdrawn: its device was revoked' WHERE id = ?");
          if (!mv) return mv.error();
          for (auto id : all) {
            mv->reset();
            mv->bind(1, id);
            TERRAIN_RETURN_IF_ERROR(mv->run());
          }
          nlohmann::json notice = {
              {"type", "retraction"},       {"device", device},
              {"after_seq", out.after_seq}, {"epoch", ctx.identity.epoch},
              {"issued_ms", now},           {"server", ctx.identity.device_id}};
          std::string body = notice.dump();
          Signature sig = sign(ctx.identity.keys.secret_key, kRetractionContext, body);
          auto lq = db.prepare(
              "INSERT INTO log(kind, device_id, notice_body, notice_sig, created_ms) VALUES "
              "('retraction', ?, ?, ?, ?)");
          if (!lq) return lq.error();
          lq->bind(1, device)
              .bind(2, body)
              .bind_blob(3, std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))
              .bind(4, now);
          TERRAIN_RETURN_IF_ERROR(lq->run());
          out.position = static_cast<std::uint64_t>(db.last_insert_rowid());
          out.withdrawn = all.size();
          out.records = records->size();
          TERRAIN_RETURN_IF_ERROR(journal_append(db, actor_of(caller), "device_revoked", device,
                                                 {{"after_seq", out.after_seq},
                                                  {"withdrawn_change_sets", out.withdrawn},
                                                  {"recomputed_records", out.records}}));
          return out;
        });
        if (!r) return http::Reply::fail(r.error());
        log::warn("device_revoked", {{"device", device},
                                     {"after_seq", r->after_seq},
                                     {"withdrawn", r->withdrawn},
                                     {"admin", caller.admin->id}});
        return http::Reply::json({{"device_id", device},
                                  {"after_seq", r->after_seq},
                                  {"withdrawn_change_sets", r->withdrawn},
                                  {"recomputed_records", r->records},
                                  {"position", r->position}});
      });
}

}  // namespace terrain::server
