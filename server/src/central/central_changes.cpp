#include "central/central_changes.h"

#include <mutex>

#include "devices/scope.h"
#include "http/json_input.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "merge/server_state.h"
#include "push/ingest.h"
#include "server.h"
#include "terrain/protocol/ids.h"

namespace terrain::server {
namespace {

std::mutex g_central_mutex;  // one central change set at a time: the server's chain

Result<Hlc> parse_hlc(const nlohmann::json& j, const std::string& what) {
  if (!j.is_string()) return make_error(Errc::invalid_argument, what + " must be a version string");
  auto h = Hlc::parse(j.get<std::string>());
  if (!h) return make_error(Errc::invalid_argument, what + " is not a version");
  return *h;
}

struct Built {
  SignedChangeSet scs;
  std::vector<std::string> ids;
};

Result<Built> build(ServerContext& ctx, const nlohmann::json& req) {
  auto meeting = http::string_member(req, "meeting");
  if (!meeting) return meeting.error();
  if (!is_uuid(*meeting) && *meeting != kGlobalMeeting)
    return make_error(Errc::invalid_argument, "meeting must be a UUID or \"global\"", "",
                      "meeting");
  auto it = req.find("changes");
  if (it == req.end() || !it->is_array() || it->empty())
    return make_error(Errc::invalid_argument, "changes must be a non-empty list", "", "changes");
  if (it->size() > ctx.config.limits.max_changes_per_set)
    return make_error(Errc::too_large, "too many changes in one central change set");
  const auto& server_id = ctx.identity.device_id;

  // Chain head and fresh timestamps, in one short write.
  ChangeSet cs;
  cs.device = server_id;
  cs.meeting = *meeting;
  cs.schema = ctx.schemas->version();
  std::vector<Hlc> stamps;
  auto head = ctx.store->write([&](sqlite::Database& db) -> Status {
    auto q = db.prepare("SELECT last_seq, last_hash FROM devices WHERE device_id = ?");
    if (!q) return q.error();
    q->bind(1, server_id);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::internal, "the server is not registered as a device");
    cs.seq = static_cast<std::uint64_t>(q->int64(0)) + 1;
    cs.prev = q->text(1);
    for (std::size_t i = 0; i < it->size(); ++i) {
      auto t = ctx.clock->now(db);
      if (!t) return t.error();
      stamps.push_back(*t);
    }
    return {};
  });
  if (!head.ok()) return head.error();

  DetachedValues values;
  Built out;
  std::size_t i = 0;
  for (const auto& spec : *it) {
    if (!spec.is_object())
      return make_error(Errc::invalid_argument, "each change must be an object", "", "changes");
    auto op = http::string_member(spec, "op");
    if (!op) return op.error();
    auto collection = http::string_member(spec, "collection");
    if (!collection) return collection.error();
    const CollectionInfo* info = ctx.schemas->collection(*collection);
    if (!info) return make_error(Errc::unknown_collection, "no collection '" + *collection + "'");
    auto id_opt = http::optional_string_member(spec, "id");
    if (!id_opt) return id_opt.error();
    std::string id = id_opt->value_or("");
    if (id.empty()) {
      if (*op != "create")
        return make_error(Errc::invalid_argument, "'id' is required for " + *op, "", "id");
      id = *collection == "meeting" ? *meeting : new_uuid_v7();
    }
    if (!is_uuid(id)) return make_error(Errc::invalid_argument, "id must be a UUID", "", "id");
    const std::string record = *collection + "/" + id;
    auto view = ctx.store->read([&](sqlite::Database& db) {
      return load_record_view(db, {*collection, id});
    });
    if (!view) return view.error();
    const bool exists = view->has_value() && (*view)->exists;
    const std::uint32_t cl = view->has_value() ? (*view)->cl : 0;

    Change c;
    c.collection = *collection;
    c.id = id;
    c.t = stamps[i++];
    auto add_fields = [&](const nlohmann::json& fields) -> Status {
      if (!fields.is_object())
        return make_error(Errc::invalid_argument, "fields must be an object", record, "fields");
      for (auto f = fields.begin(); f != fields.end(); ++f) {
        FieldWrite w;
        w.name = f.key();
        if (view->has_value()) {
          auto v = (*view)->versions.find(w.name);
          if (v != (*view)->versions.end()) w.base = v->second;
        }
        if (info->is_personal(w.name) && !f.value().is_null()) {
          w.detached = true;
          w.value_hash = make_detached(f.value(), values);
        } else {
          w.value = f.value();
        }
        c.fields.push_back(std::move(w));
      }
      return {};
    };
    if (*op == "create") {
      if (exists) return make_error(Errc::conflict, "record " + record + " exists", record);
      c.op = Op::create;
      c.cl = cl == 0 ? 1 : cl + 1;
      TERRAIN_RETURN_IF_ERROR(add_fields(spec.value("fields", nlohmann::json::object())));
    } else {
      if (!exists) return make_error(Errc::not_found, "no record " + record, record);
      c.cl = cl;
      if (*op == "set") {
        c.op = Op::set;
        TERRAIN_RETURN_IF_ERROR(add_fields(spec.value("fields", nlohmann::json())));
        if (spec.contains("resolves")) {
          if (!spec["resolves"].is_array())
            return make_error(Errc::invalid_argument, "resolves must be a list", record);
          for (const auto& v : spec["resolves"]) {
            auto h = parse_hlc(v, "resolves[]");
            if (!h) return h.error();
            c.resolves.push_back(*h);
          }
        }
      } else if (*op == "delete") {
        c.op = Op::del;
        c.cl = cl + 1;
        c.seen = (*view)->versions;
      } else if (*op == "inc") {
        c.op = Op::inc;
        auto field = http::string_member(spec, "field");
        if (!field) return field.error();
        auto by = http::optional_int_member(spec, "by");
        if (!by) return by.error();
        if (!by->has_value()) return make_error(Errc::invalid_argument, "'by' is required", record);
        c.counter = *field;
        c.by = **by;
      } else if (*op == "resolve") {
        c.op = Op::resolve;
        auto vs = spec.find("versions");
        if (vs == spec.end() || !vs->is_array() || vs->empty())
          return make_error(Errc::invalid_argument, "versions must be a non-empty list", record);
        for (const auto& v : *vs) {
          auto h = parse_hlc(v, "versions[]");
          if (!h) return h.error();
          c.resolves.push_back(*h);
        }
      } else {
        return make_error(Errc::invalid_argument, "op must be create, set, delete, inc or resolve",
                          record, "op");
      }
    }
    out.ids.push_back(id);
    cs.changes.push_back(std::move(c));
  }
  out.scs = seal(cs, std::move(values), ctx.identity.keys.secret_key);
  return out;
}

}  // namespace

void add_central_routes(http::Api& api, ServerContext& ctx) {
  api.post("/admin/changes", "admin_changes", http::Auth::admin,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             auto body = http::parse_json_body(req, ctx.config.limits);
             if (!body) return http::Reply::fail(body.error());
             std::lock_guard lock(g_central_mutex);
             auto built = build(ctx, *body);
             if (!built) return http::Reply::fail(built.error());
             IngestOptions opt;
             opt.device_id = ctx.identity.device_id;
             opt.public_key = ctx.identity.keys.public_key;
             opt.quarantine_invalid = false;
             auto r = ingest(ctx, built->scs, opt);
             if (!r) return http::Reply::fail(r.error());
             if (r->refused) return http::Reply::fail(r->error, r->extra);
             {
               nlohmann::json ops = nlohmann::json::object();
               for (const auto& c : (*body)["changes"]) {
                 std::string op = c.value("op", "");
                 std::string collection = c.value("collection", "");
                 ops[op + ":" + collection] = ops.value(op + ":" + collection, 0) + 1;
               }
               (void)journal_append(*ctx.store, actor_of(caller), "central_change",
                                    r->receipt.change_set,
                                    {{"meeting", (*body).value("meeting", "")}, {"ops", ops}});
             }
             log::info("central_change_set", {{"admin", caller.admin->id},
                                              {"seq", r->receipt.seq},
                                              {"position", r->receipt.position},
                                              {"changes", built->ids.size()}});
             return http::Reply::json({{"hash", r->receipt.change_set},
                                       {"seq", r->receipt.seq},
                                       {"position", r->receipt.position},
                                       {"ids", built->ids}},
                                      201);
           });

  api.get("/admin/meetings/([0-9a-f-]{36})/records", "admin_meeting_records", http::Auth::admin,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            std::string meeting = req.matches[1];
            auto views =
                ctx.store->read([&](sqlite::Database& db) { return meeting_views(db, meeting); });
            if (!views) return http::Reply::fail(views.error());
            return http::Reply::json({{"meeting", meeting}, {"records", *views}});
          });

  api.get("/admin/records/([a-z_]{1,64})/([0-9a-f-]{36})", "admin_record", http::Auth::admin,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            RecordKey key{req.matches[1], req.matches[2]};
            auto view = ctx.store->read([&](sqlite::Database& db) { return load_view(db, key); });
            if (!view) return http::Reply::fail(view.error());
            if (!view->has_value())
              return http::Reply::fail(
                  make_error(Errc::not_found, "no record " + key.first + "/" + key.second));
            return http::Reply::json(**view);
          });

  api.get("/admin/conflicts", "admin_conflicts", http::Auth::admin,
          [&ctx](const httplib::Request&, const http::Caller&) {
            auto list = ctx.store->read([](sqlite::Database& db) -> Result<nlohmann::json> {
              auto q = db.prepare(
                  "SELECT view, meeting FROM records WHERE conflicts > 0 ORDER BY collection, id");
              if (!q) return q.error();
              nlohmann::json out = nlohmann::json::array();
              for (;;) {
                auto row = q->step();
                if (!row) return row.error();
                if (!*row) break;
                auto v = nlohmann::json::parse(q->text(0), nullptr, false);
                for (auto c : v.value("_conflicts", nlohmann::json::array())) {
                  c["meeting"] = q->text(1);
                  out.push_back(std::move(c));
                }
              }
              return out;
            });
            if (!list) return http::Reply::fail(list.error());
            return http::Reply::json({{"conflicts", *list}});
          });
}

}  // namespace terrain::server
