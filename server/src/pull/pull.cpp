#include "pull/pull.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "devices/scope.h"
#include "http/json_input.h"
#include "server.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

std::string b64(const std::string& raw) {
  return to_base64(raw);
}

Result<std::uint64_t> log_head(sqlite::Database& db) {
  auto q = db.prepare("SELECT COALESCE(MAX(position), 0) FROM log");
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  return static_cast<std::uint64_t>(q->int64(0));
}

}  // namespace

std::string make_cursor(const std::string& epoch, std::uint64_t position) {
  return epoch + ":" + std::to_string(position);
}

std::optional<ParsedCursor> parse_cursor(const std::string& cursor) {
  if (cursor.empty()) return ParsedCursor{};
  auto colon = cursor.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  ParsedCursor p;
  p.epoch = cursor.substr(0, colon);
  std::string pos = cursor.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(pos.data(), pos.data() + pos.size(), p.position);
  if (ec != std::errc() || ptr != pos.data() + pos.size() || pos.empty()) return std::nullopt;
  return p;
}

void add_pull_routes(http::Api& api, ServerContext& ctx) {
  api.get(
      "/v1/pull", "pull", http::Auth::device,
      [&ctx](const httplib::Request& req, const http::Caller& caller) {
        const auto& dev = *caller.device;
        auto cursor = parse_cursor(req.has_param("after") ? req.get_param_value("after") : "");
        if (!cursor)
          return http::Reply::fail(make_error(
              Errc::invalid_argument, "'after' must be a cursor returned by a previous pull"));
        auto limit = http::uint_param(req, "limit", ctx.config.pull_page_entries);
        if (!limit) return http::Reply::fail(limit.error());
        // What the device says of itself (optional; part of the signed target).
        std::optional<std::uint64_t> pending;
        if (req.has_param("pending")) {
          auto n = http::uint_param(req, "pending", 0);
          if (!n) return http::Reply::fail(n.error());
          pending = *n;
        }
        std::optional<std::int64_t> decided_after;
        if (req.has_param("decided_after")) {
          auto n = http::uint_param(req, "decided_after", 0);
          if (!n) return http::Reply::fail(n.error());
          decided_after = static_cast<std::int64_t>(*n);
        }
        std::optional<std::string> app;
        if (req.has_param("app")) {
          app = req.get_param_value("app");
          const bool ok = !app->empty() && app->size() <= 64 &&
                          app->find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                              "VWXYZ0123456789 ._/+()-") == std::string::npos;
          if (!ok)
            return http::Reply::fail(
                make_error(Errc::invalid_argument,
                           "'app' is 1 to 64 letters, digits, spaces or . _ / + ( ) -", "", "app"));
        }
        std::uint64_t page_entries =
            std::clamp<std::uint64_t>(*limit, 1, ctx.config.pull_page_entries);
        auto scope = scope_from_json(dev.scope);
        if (!scope) return http::Reply::fail(make_error(Errc::internal, "stored scope invalid"));

        struct Page {
          nlohmann::json body;
          bool mismatch = false;
          std::uint64_t head = 0;
          std::uint64_t entries = 0;
        };
        auto page = ctx.store->read([&](sqlite::Database& db) -> Result<Page> {
          Page p;
          auto head = log_head(db);
          if (!head) return head.error();
          p.head = *head;
          bool other_epoch = !cursor->epoch.empty() && cursor->epoch != ctx.identity.epoch;
          bool header_epoch = req.has_header("X-Terrain-Epoch") &&
                              req.get_header_value("X-Terrain-Epoch") != ctx.identity.epoch;
          if (other_epoch || header_epoch || cursor->position > *head) {
            p.mismatch = true;
            return p;
          }
          nlohmann::json meetings = scope->meetings;
          auto q = db.prepare(R"sql(
SELECT l.position, l.kind, l.device_id, l.notice_body, l.notice_sig, c.body, c.sig, c.vals
FROM log l
LEFT JOIN change_sets c ON c.id = l.change_set_id
LEFT JOIN meetings m ON m.id = l.meeting
WHERE l.position > ?1
  AND (l.kind != 'change_set'
       OR (l.device_id != ?2 AND c.state = 'accepted'
           AND (l.meeting = 'global' OR l.meeting IN (SELECT value FROM json_each(?3))
                OR (?4 IS NOT NULL AND m.cycle = ?4))))
ORDER BY l.position
LIMIT ?5)sql");
          if (!q) return q.error();
          q->bind(1, cursor->position)
              .bind(2, dev.device_id)
              .bind(3, meetings.dump())
              .bind(4, scope->cycle)
              .bind(5, page_entries);
          nlohmann::json entries = nlohmann::json::array();
          std::set<std::string> authors;
          std::size_t bytes = 0;
          std::uint64_t last = cursor->position;
          bool more = false;
          for (;;) {
            auto row = q->step();
            if (!row) return row.error();
            if (!*row) break;
            if (!entries.empty() && bytes >= ctx.config.pull_page_bytes) {
              more = true;
              break;
            }
            nlohmann::json e;
            auto position = static_cast<std::uint64_t>(q->int64(0));
            std::string kind = q->text(1);
            e["position"] = position;
            e["kind"] = kind;
            if (kind == "change_set") {
              std::string author = q->text(2);
              std::string body = q->blob(5);
              std::string vals = q->text(7);
              e["device"] = author;
              e["change_set"] = {{"body", body},
                                 {"sig", b64(q->blob(6))},
                                 {"values", nlohmann::json::parse(vals, nullptr, false)}};
              authors.insert(author);
              bytes += body.size() + vals.size();
            } else {
              std::string body = q->text(3);
              e["body"] = body;
              e["sig"] = b64(q->blob(4));
              bytes += body.size();
            }
            entries.push_back(std::move(e));
            last = position;
          }
          if (entries.size() >= page_entries) more = last < *head;
          // Nothing else in scope up to the head: the page covers it all.
          if (!more) last = *head;
          nlohmann::json keys = nlohmann::json::object();
          auto kq = db.prepare("SELECT public_key FROM devices WHERE device_id = ?");
          if (!kq) return kq.error();
          for (const auto& a : authors) {
            kq->reset();
            kq->bind(1, a);
            auto row = kq->step();
            if (!row) return row.error();
            if (*row) keys[a] = to_hex(kq->blob(0));
          }
          p.entries = entries.size();
          p.body = {{"epoch", ctx.identity.epoch},
                    {"cursor", make_cursor(ctx.identity.epoch, last)},
                    {"head", *head},
                    {"more", more},
                    {"server_time_ms", now_ms()},
                    {"entries", std::move(entries)},
                    {"keys", std::move(keys)}};
          if (decided_after) {
            // The CNSA's decisions on this device's quarantined change sets.
            auto dq = db.prepare(
                "SELECT hash, seq, state, reason, decided_ms, COALESCE(decision_reason, ''), "
                "position FROM change_sets WHERE device_id = ? AND decided_ms IS NOT NULL AND "
                "decided_ms > ? ORDER BY decided_ms, id LIMIT 500");
            if (!dq) return dq.error();
            dq->bind(1, dev.device_id).bind(2, *decided_after);
            nlohmann::json decisions = nlohmann::json::array();
            for (;;) {
              auto row = dq->step();
              if (!row) return row.error();
              if (!*row) break;
              nlohmann::json d = {{"hash", dq->text(0)},        {"seq", dq->int64(1)},
                                  {"state", dq->text(2)},       {"reason", dq->text(3)},
                                  {"decided_ms", dq->int64(4)}, {"decision_reason", dq->text(5)}};
              if (!dq->is_null(6)) d["position"] = dq->int64(6);
              decisions.push_back(std::move(d));
            }
            p.body["decisions"] = std::move(decisions);
          }
          return p;
        });
        if (!page) return http::Reply::fail(page.error());
        if (page->mismatch) {
          return http::Reply::fail(
              make_error(Errc::epoch_mismatch, "the server was restored from a backup (epoch " +
                                                   ctx.identity.epoch +
                                                   "): reset the cursor and push again from seq " +
                                                   std::to_string(dev.last_seq + 1)),
              {{"epoch", ctx.identity.epoch},
               {"last_seq", dev.last_seq},
               {"last_hash", dev.last_hash},
               {"head", page->head}});
        }
        ctx.metrics.pull(page->entries);
        // Last seen, at most once a minute per device (a write costs an fsync),
        // or when what the device reports of itself changed.
        (void)ctx.store->write([&](sqlite::Database& db) -> Status {
          auto u = db.prepare(
              "UPDATE devices SET last_seen_ms = ?1, app_version = COALESCE(?3, app_version), "
              "pending_change_sets = COALESCE(?4, pending_change_sets), pending_reported_ms = "
              "CASE WHEN ?4 IS NULL THEN pending_reported_ms ELSE ?1 END WHERE device_id = ?2 "
              "AND (last_seen_ms IS NULL OR last_seen_ms < ?1 - 60000 OR "
              "(?3 IS NOT NULL AND app_version IS NOT ?3) OR "
              "(?4 IS NOT NULL AND pending_change_sets IS NOT ?4))");
          if (!u) return u.error();
          u->bind(1, now_ms()).bind(2, dev.device_id).bind(3, app).bind(4, pending);
          return u->run();
        });
        return http::Reply::json(page->body);
      });
}

}  // namespace terrain::server
