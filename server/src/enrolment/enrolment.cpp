#include "enrolment/enrolment.h"

#include <cctype>
#include <optional>

#include "admin/admin_auth.h"
#include "devices/scope.h"
#include "http/json_input.h"
#include "logging/log.h"
#include "server.h"
#include "store/store.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

std::string code_hash(std::string_view code) {
  Hash32 h = blake2b256(normalise_code(code));
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

std::string format_code(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += raw[i];
  }
  return out;
}

bool canonical_hex(const std::string& s, std::size_t digits) {
  if (s.size() != digits) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool valid_role(const std::string& r) {
  return r == "facilitator" || r == "evaluator";
}

}  // namespace

std::string normalise_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

Result<CreatedCode> create_enrolment_code(Store& store, const std::string& role, const Scope& scope,
                                          std::int64_t ttl_s, const Actor& who) {
  if (!valid_role(role))
    return make_error(Errc::invalid_argument, "role must be facilitator or evaluator", "", "role");
  if (scope.meetings.empty() && !scope.cycle)
    return make_error(Errc::invalid_argument, "scope names no meeting and no cycle", "", "scope");
  if (ttl_s < 0 || ttl_s > 365 * 86400)
    return make_error(Errc::invalid_argument, "ttl_s must be between 0 s and 365 days", "",
                      "ttl_s");
  std::string raw = generate_secret_text(16);
  const std::int64_t now = now_ms();
  CreatedCode out;
  out.role = role;
  out.scope = scope_to_json(scope);
  out.expires_ms = now + ttl_s * 1000;
  auto st = store.write([&](sqlite::Database& db) -> Status {
    auto q = db.prepare(
        "INSERT INTO enrolment_codes(code_hash, role, scope, created_ms, expires_ms, "
        "created_by) VALUES (?,?,?,?,?,?)");
    if (!q) return q.error();
    q->bind_blob(1, code_hash(raw))
        .bind(2, role)
        .bind(3, out.scope.dump())
        .bind(4, now)
        .bind(5, out.expires_ms)
        .bind(6, who.admin_id);
    TERRAIN_RETURN_IF_ERROR(q->run());
    return journal_append(db, who, "enrolment_code_created", role,
                          {{"scope", out.scope}, {"expires_ms", out.expires_ms}});
  });
  if (!st.ok()) return st.error();
  out.code = format_code(raw);
  secure_wipe(raw.data(), raw.size());
  nlohmann::json fields = {{"role", role}, {"expires_ms", out.expires_ms}};
  if (who.admin_id)
    fields["admin"] = *who.admin_id;
  else
    fields["origin"] = "command_line";
  log::info("enrolment_code_created", fields);
  return out;
}

void add_enrolment_routes(http::Api& api, ServerContext& ctx) {
  api.post("/admin/enrolment-codes", "admin_enrolment_code", http::Auth::admin,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             auto body = http::parse_json_body(req, ctx.config.limits);
             if (!body) return http::Reply::fail(body.error());
             auto role = http::string_member(*body, "role");
             if (!role) return http::Reply::fail(role.error());
             if (!valid_role(*role))
               return http::Reply::fail(make_error(
                   Errc::invalid_argument, "role must be facilitator or evaluator", "", "role"));
             auto scope = scope_from_json(body->value("scope", nlohmann::json()));
             if (!scope) return http::Reply::fail(scope.error());
             auto ttl = http::optional_int_member(*body, "ttl_s");
             if (!ttl) return http::Reply::fail(ttl.error());
             auto made = create_enrolment_code(*ctx.store, *role, *scope,
                                               ttl->value_or(ctx.config.enrolment_code_ttl_s),
                                               actor_of(caller));
             if (!made) return http::Reply::fail(made.error());
             return http::Reply::json({{"code", made->code},
                                       {"role", made->role},
                                       {"scope", made->scope},
                                       {"expires_ms", made->expires_ms}},
                                      201);
           });

  api.post("/v1/enrol", "enrol", http::Auth::none,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             http::AuthAttempt attempt(*ctx.limiter, caller.address);
             if (auto wait = attempt.blocked_for_s(); wait > 0)
               return http::Reply::fail(
                   make_error(Errc::rate_limited, "too many failed enrolments: wait and retry"),
                   {{"retry_after_s", wait}});
             auto body = http::parse_json_body(req, ctx.config.limits);
             if (!body) return http::Reply::fail(body.error());
             auto code = http::string_member(*body, "code");
             if (!code) return http::Reply::fail(code.error());
             auto pk_hex = http::string_member(*body, "public_key");
             if (!pk_hex) return http::Reply::fail(pk_hex.error());
             // One spelling per key: 64 lower-case hex digits (protocol.md §1). Any
             // other is refused before the code is looked at, so the code stays unused;
             // the device id (and so revocation) derives from the key's bytes anyway.
             std::optional<PublicKey> pk;
             if (canonical_hex(*pk_hex, 64))
               if (auto k = public_key_from_hex(*pk_hex)) pk = *k;
             if (!pk)
               return http::Reply::fail(make_error(Errc::invalid_argument,
                                                   "public_key must be 64 lower-case hex digits",
                                                   "", "public_key"));
             auto label = http::optional_string_member(*body, "label");
             if (!label) return http::Reply::fail(label.error());
             std::string device_id = device_id_of(*pk);
             std::string pk_raw(reinterpret_cast<const char*>(pk->data()), pk->size());
             const std::string hash = code_hash(*code);

             struct Enrolled {
               std::optional<Errc> refusal;  // unknown, expired or used code
               bool revoked = false;
               std::string role;
               nlohmann::json scope;
               std::uint64_t last_seq = 0;
             };
             auto done = ctx.store->write([&](sqlite::Database& db) -> Result<Enrolled> {
               Enrolled e;
               auto q = db.prepare(
                   "SELECT role, scope, expires_ms, used_ms, device_id FROM enrolment_codes WHERE "
                   "code_hash = ?");
               if (!q) return q.error();
               q->bind_blob(1, hash);
               auto row = q->step();
               if (!row) return row.error();
               if (!*row) {
                 e.refusal = Errc::enrolment_code_invalid;
                 return e;
               }
               if (q->int64(2) <= now_ms()) {
                 e.refusal = Errc::enrolment_code_expired;
                 return e;
               }
               e.role = q->text(0);
               e.scope = nlohmann::json::parse(q->text(1), nullptr, false);
               bool used = !q->is_null(3);
               std::string used_by = q->text(4);
               q->reset();
               if (used && used_by != device_id) {
                 e.refusal = Errc::enrolment_code_used;
                 return e;
               }
               auto d = db.prepare(
                   "SELECT revoked_ms, last_seq, is_server FROM devices WHERE device_id = ?");
               if (!d) return d.error();
               d->bind(1, device_id);
               auto drow = d->step();
               if (!drow) return drow.error();
               if (*drow) {
                 if (!d->is_null(0) || d->int64(2) != 0) {
                   e.revoked = true;
                   return e;
                 }
                 e.last_seq = static_cast<std::uint64_t>(d->int64(1));
                 d->reset();
                 auto up = db.prepare("UPDATE devices SET role = ?, scope = ? WHERE device_id = ?");
                 if (!up) return up.error();
                 up->bind(1, e.role).bind(2, e.scope.dump()).bind(3, device_id);
                 TERRAIN_RETURN_IF_ERROR(up->run());
               } else {
                 d->reset();
                 auto ins = db.prepare(
                     "INSERT INTO devices(device_id, public_key, role, scope, label, enrolled_ms, "
                     "last_hash) VALUES (?,?,?,?,?,?,?)");
                 if (!ins) return ins.error();
                 ins->bind(1, device_id)
                     .bind_blob(2, pk_raw)
                     .bind(3, e.role)
                     .bind(4, e.scope.dump())
                     .bind(5, label->value_or(""))
                     .bind(6, now_ms())
                     .bind(7, kGenesisPrev);
                 TERRAIN_RETURN_IF_ERROR(ins->run());
               }
               if (!used) {
                 auto up = db.prepare(
                     "UPDATE enrolment_codes SET used_ms = ?, device_id = ? WHERE code_hash = ?");
                 if (!up) return up.error();
                 up->bind(1, now_ms()).bind(2, device_id).bind_blob(3, hash);
                 TERRAIN_RETURN_IF_ERROR(up->run());
               }
               return e;
             });
             if (!done) return http::Reply::fail(done.error());
             if (done->refusal) {
               // Every refusal counts towards the address's limit. Telling an expired or
               // used code from an unknown one reveals nothing a guesser could use: codes
               // are random and single-use, and only their holder can name them.
               attempt.failed();
               const char* what =
                   *done->refusal == Errc::enrolment_code_expired
                       ? "this enrolment code has expired: ask for a new one"
                   : *done->refusal == Errc::enrolment_code_used
                       ? "this enrolment code already enrolled another device: ask for a new one"
                       : "this enrolment code is unknown: check it or ask for a new one";
               return http::Reply::fail(make_error(*done->refusal, what));
             }
             if (done->revoked)
               return http::Reply::fail(make_error(
                   Errc::device_revoked, "this device was revoked: it cannot enrol again"));
             log::info("device_enrolled", {{"device", device_id}, {"role", done->role}});
             return http::Reply::json({{"device_id", device_id},
                                       {"role", done->role},
                                       {"scope", done->scope},
                                       {"server_public_key", hex_of(ctx.identity.keys.public_key)},
                                       {"server_device_id", ctx.identity.device_id},
                                       {"epoch", ctx.identity.epoch},
                                       {"last_seq", done->last_seq},
                                       {"server_time_ms", now_ms()}});
           });
}

}  // namespace terrain::server
