#include "erasure/erasure.h"

#include <set>

#include "http/json_input.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "merge/server_state.h"
#include "server.h"

namespace terrain::server {

void add_erasure_routes(http::Api& api, ServerContext& ctx) {
  api.post(
      "/admin/redactions", "admin_redact", http::Auth::admin,
      [&ctx](const httplib::Request& req, const http::Caller& caller) {
        auto body = http::parse_json_body(req, ctx.config.limits);
        if (!body) return http::Reply::fail(body.error());
        auto collection = http::string_member(*body, "collection");
        if (!collection) return http::Reply::fail(collection.error());
        auto id = http::string_member(*body, "id");
        if (!id) return http::Reply::fail(id.error());
        auto field = http::string_member(*body, "field");
        if (!field) return http::Reply::fail(field.error());
        const RecordKey key{*collection, *id};
        const std::string record = *collection + "/" + *id;

        struct Erased {
          std::vector<std::string> hashes;
          std::size_t change_sets = 0;
          std::uint64_t position = 0;
        };
        auto r = ctx.store->write([&](sqlite::Database& db) -> Result<Erased> {
          Erased out;
          auto view = load_record_view(db, key);
          if (!view) return view.error();
          if (!view->has_value()) return make_error(Errc::not_found, "no record " + record, record);
          auto hashes = detached_hashes(db, key, *field);
          if (!hashes) return hashes.error();
          if (hashes->empty())
            return make_error(Errc::not_found,
                              "no detached (personal) value was written to this field", record,
                              *field);
          std::int64_t now = now_ms();
          auto sel = db.prepare("SELECT change_set_id FROM detached_values WHERE hash = ?");
          auto get = db.prepare("SELECT vals FROM change_sets WHERE id = ?");
          auto put = db.prepare("UPDATE change_sets SET vals = ? WHERE id = ?");
          auto mark = db.prepare(
              "INSERT OR IGNORE INTO redactions(hash, collection, record_id, field, redacted_ms) "
              "VALUES (?,?,?,?,?)");
          if (!sel) return sel.error();
          if (!get) return get.error();
          if (!put) return put.error();
          if (!mark) return mark.error();
          for (const auto& hash : *hashes) {
            TERRAIN_RETURN_IF_ERROR(redact_in_record(db, key, hash));
            sel->reset();
            sel->bind(1, hash);
            std::vector<std::int64_t> ids;
            for (;;) {
              auto row = sel->step();
              if (!row) return row.error();
              if (!*row) break;
              ids.push_back(sel->int64(0));
            }
            for (auto cs_id : ids) {
              get->reset();
              get->bind(1, cs_id);
              auto row = get->step();
              if (!row) return row.error();
              if (!*row) continue;
              auto vals = nlohmann::json::parse(get->text(0), nullptr, false);
              if (!vals.is_object()) vals = nlohmann::json::object();
              vals[hash] = {{"redacted", true}};
              put->reset();
              put->bind(1, vals.dump()).bind(2, cs_id);
              TERRAIN_RETURN_IF_ERROR(put->run());
              ++out.change_sets;
            }
            mark->reset();
            mark->bind(1, hash).bind(2, *collection).bind(3, *id).bind(4, *field).bind(5, now);
            TERRAIN_RETURN_IF_ERROR(mark->run());
            out.hashes.push_back(hash);
          }
          nlohmann::json notice = {{"type", "redaction"},
                                   {"collection", *collection},
                                   {"id", *id},
                                   {"field", *field},
                                   {"value_hashes", out.hashes},
                                   {"epoch", ctx.identity.epoch},
                                   {"issued_ms", now},
                                   {"server", ctx.identity.device_id}};
          std::string text = notice.dump();
          Signature sig = sign(ctx.identity.keys.secret_key, kRetractionContext, text);
          auto lq = db.prepare(
              "INSERT INTO log(kind, notice_body, notice_sig, created_ms) VALUES ('redaction', ?, "
              "?, ?)");
          if (!lq) return lq.error();
          lq->bind(1, text)
              .bind_blob(2, std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))
              .bind(3, now);
          TERRAIN_RETURN_IF_ERROR(lq->run());
          out.position = static_cast<std::uint64_t>(db.last_insert_rowid());
          TERRAIN_RETURN_IF_ERROR(journal_append(db, actor_of(caller), "value_erased", record,
                                                 {{"field", *field},
                                                  {"values", out.hashes.size()},
                                                  {"change_sets", out.change_sets}}));
          return out;
        });
        if (!r) return http::Reply::fail(r.error());
        log::warn("value_redacted", {{"record", record},
                                     {"field", *field},
                                     {"values", r->hashes.size()},
                                     {"admin", caller.admin->id}});
        return http::Reply::json({{"value_hashes", r->hashes},
                                  {"change_sets", r->change_sets},
                                  {"position", r->position}});
      });
}

}  // namespace terrain::server
