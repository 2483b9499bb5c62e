#include "admin/admin_auth.h"

#include <sodium.h>

#include "http/json_input.h"
#include "logging/log.h"
#include "server.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

std::string token_hash(std::string_view token) {
  Hash32 h = blake2b256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

Result<std::string> hash_password(std::string_view password, std::uint64_t opslimit,
                                  std::uint64_t memlimit) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), opslimit,
                        static_cast<std::size_t>(memlimit)) != 0)
    return make_error(Errc::server_error, "password hashing failed (out of memory?)");
  return std::string(out);
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_secret_text(std::size_t length) {
  static constexpr std::string_view alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i)
    out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return out;
}

Status add_admin(Store& store, const ServerConfig& config, const std::string& name,
                 const std::string& password) {
  if (name.empty() || name.size() > 100 || !is_valid_utf8(name))
    return make_error(Errc::invalid_argument, "an administrator's name is 1 to 100 characters");
  if (password.size() < 12)
    return make_error(Errc::invalid_argument,
                      "an administrator's password has 12 characters or more");
  auto h = hash_password(password, config.pwhash_opslimit, config.pwhash_memlimit);
  if (!h) return h.error();
  return store.write([&](Database& db) -> Status {
    auto q = db.prepare("SELECT 1 FROM admins WHERE name = ?");
    if (!q) return q.error();
    q->bind(1, name);
    auto row = q->step();
    if (!row) return row.error();
    if (*row) return make_error(Errc::conflict, "an administrator with that name exists");
    auto ins = db.prepare("INSERT INTO admins(name, password_hash, created_ms) VALUES (?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, name).bind(2, *h).bind(3, now_ms());
    return ins->run();
  });
}

Result<bool> has_admins(Store& store) {
  return store.read([](Database& db) -> Result<bool> {
    auto q = db.prepare("SELECT COUNT(*) FROM admins");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    return q->int64(0) > 0;
  });
}

Result<http::AdminPrincipal> authenticate_admin(ServerContext& ctx, const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (auth.rfind(prefix, 0) != 0)
    return make_error(Errc::unauthorized, "administrator session required: log in first");
  std::string token = auth.substr(prefix.size());
  std::string h = token_hash(token);
  secure_wipe(token.data(), token.size());
  return ctx.store->read([&](Database& db) -> Result<http::AdminPrincipal> {
    auto q = db.prepare(
        "SELECT s.token_hash, s.expires_ms, a.id, a.name FROM admin_sessions s JOIN admins a ON "
        "a.id = s.admin_id WHERE s.token_hash = ?");
    if (!q) return q.error();
    q->bind_blob(1, h);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row || !constant_time_equal(q->blob(0), h))
      return make_error(Errc::unauthorized, "unknown administrator session: log in again");
    if (q->int64(1) < now_ms())
      return make_error(Errc::unauthorized, "administrator session expired: log in again");
    return http::AdminPrincipal{q->int64(2), q->text(3)};
  });
}

void add_admin_routes(http::Api& api, ServerContext& ctx) {
  api.post("/admin/login", "admin_login", http::Auth::none,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             http::AuthAttempt attempt(*ctx.limiter, caller.address);
             if (auto wait = attempt.blocked_for_s(); wait > 0)
               return http::Reply::fail(
                   make_error(Errc::rate_limited, "too many failed attempts: wait and retry"),
                   {{"retry_after_s", wait}});
             auto body = http::parse_json_body(req, ctx.config.limits);
             if (!body) return http::Reply::fail(body.error());
             auto name = http::string_member(*body, "name");
             if (!name) return http::Reply::fail(name.error());
             auto password = http::string_member(*body, "password");
             if (!password) return http::Reply::fail(password.error());
             auto found =
                 ctx.store->read([&](Database& db) -> Result<std::pair<std::int64_t, std::string>> {
                   auto q = db.prepare("SELECT id, password_hash FROM admins WHERE name = ?");
                   if (!q) return q.error();
                   q->bind(1, *name);
                   auto row = q->step();
                   if (!row) return row.error();
                   if (!*row) return std::pair<std::int64_t, std::string>{0, ""};
                   return std::pair<std::int64_t, std::string>{q->int64(0), q->text(1)};
                 });
             if (!found) return http::Reply::fail(found.error());
             bool ok = false;
             if (found->first != 0) {
               ok = verify_password(found->second, *password);
             } else {
               // Same cost for an unknown name, so timing does not reveal names.
               static const std::string dummy =
                   hash_password("terrain-dummy-password", ctx.config.pwhash_opslimit,
                                 ctx.config.pwhash_memlimit)
                       .value();
               (void)verify_password(dummy, *password);
             }
             secure_wipe(password->data(), password->size());
             if (!ok) {
               attempt.failed();
               return http::Reply::fail(
                   make_error(Errc::unauthorized, "wrong administrator name or password"));
             }
             std::string token = to_hex(random_bytes(32));
             std::int64_t expires = now_ms() + ctx.config.session_ttl_s * 1000;
             auto st = ctx.store->write([&](Database& db) -> Status {
               auto del = db.prepare("DELETE FROM admin_sessions WHERE expires_ms < ?");
               if (!del) return del.error();
               del->bind(1, now_ms());
               TERRAIN_RETURN_IF_ERROR(del->run());
               auto ins = db.prepare(
                   "INSERT INTO admin_sessions(token_hash, admin_id, created_ms, expires_ms) "
                   "VALUES (?, ?, ?, ?)");
               if (!ins) return ins.error();
               ins->bind_blob(1, token_hash(token))
                   .bind(2, found->first)
                   .bind(3, now_ms())
                   .bind(4, expires);
               return ins->run();
             });
             if (!st.ok()) return http::Reply::fail(st.error());
             log::info("admin_login", {{"admin", found->first}});
             return http::Reply::json({{"token", token}, {"expires_ms", expires}});
           });

  api.post("/admin/logout", "admin_logout", http::Auth::admin,
           [&ctx](const httplib::Request& req, const http::Caller&) {
             std::string token = req.get_header_value("Authorization").substr(7);
             auto st = ctx.store->write([&](Database& db) -> Status {
               auto del = db.prepare("DELETE FROM admin_sessions WHERE token_hash = ?");
               if (!del) return del.error();
               del->bind_blob(1, token_hash(token));
               return del->run();
             });
             if (!st.ok()) return http::Reply::fail(st.error());
             return http::Reply::json({{"ok", true}});
           });

  api.get("/admin/whoami", "admin_whoami", http::Auth::admin,
          [](const httplib::Request&, const http::Caller& caller) {
            return http::Reply::json({{"id", caller.admin->id}, {"name", caller.admin->name}});
          });
}

}  // namespace terrain::server
