#include "admin/admin_auth.h"

#include <sodium.h>

#include "http/json_input.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "server.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

constexpr std::string_view kCookie = "terrain_session";

std::string token_hash(std::string_view token) {
  Hash32 h = blake2b256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

// The CSRF token of a cookie session: a hash of the session token under its own
// label. The page learns it from the login or session answer; another site can
// neither read the cookie nor compute it.
std::string csrf_of(std::string_view token) {
  std::string labelled = "terrain-csrf:";
  labelled += token;
  const Hash32 h = blake2b256(labelled);
  std::string out = to_hex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
  secure_wipe(labelled.data(), labelled.size());
  return out;
}

// The session token of a request and how it came: bearer first, else the cookie.
struct PresentedToken {
  std::string token;
  bool via_cookie = false;
};

std::optional<PresentedToken> presented_token(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view prefix = "Bearer ";
  if (auth.rfind(prefix, 0) == 0) return PresentedToken{auth.substr(prefix.size()), false};
  // Cookie: a=b; terrain_session=<hex>; c=d
  const std::string cookies = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < cookies.size()) {
    std::size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::string_view pair(cookies.data() + at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > kCookie.size() && pair.substr(0, kCookie.size()) == kCookie &&
        pair[kCookie.size()] == '=')
      return PresentedToken{std::string(pair.substr(kCookie.size() + 1)), true};
    at = end + 1;
  }
  return std::nullopt;
}

bool secure_transport(const ServerContext& ctx, const httplib::Request& req) {
  if (!ctx.config.tls_cert.empty()) return true;
  return ctx.config.trust_forwarded_for && req.get_header_value("X-Forwarded-Proto") == "https";
}

std::string session_cookie(const ServerContext& ctx, const httplib::Request& req,
                           const std::string& token, std::int64_t max_age_s) {
  std::string c = std::string(kCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (secure_transport(ctx, req)) c += "; Secure";
  return c;
}

nlohmann::json session_json(const http::AdminPrincipal& a, std::int64_t expires_ms) {
  return {{"id", a.id},
          {"name", a.name},
          {"role", admin_role_name(a.role)},
          {"expires_ms", expires_ms},
          {"server_time_ms", now_ms()}};
}

}  // namespace

std::string_view admin_role_name(http::AdminRole role) {
  return role == http::AdminRole::analyst ? "analyst" : "administrator";
}

std::optional<http::AdminRole> admin_role_of(std::string_view name) {
  if (name == "administrator") return http::AdminRole::administrator;
  if (name == "analyst") return http::AdminRole::analyst;
  return std::nullopt;
}

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
                 const std::string& password, http::AdminRole role) {
  if (name.empty() || name.size() > 100 || !is_valid_utf8(name))
    return make_error(Errc::invalid_argument, "an administrator's name is 1 to 100 characters");
  if (password.size() < 12)
    return make_error(Errc::invalid_argument,
                      "an administrator's password has 12 characters or more");
  auto h = hash_password(password, config.pwhash_opslimit, config.pwhash_memlimit);
  if (!h) return h.error();
  return store.write([&](sqlite::Database& db) -> Status {
    auto q = db.prepare("SELECT 1 FROM admins WHERE name = ?");
    if (!q) return q.error();
    q->bind(1, name);
    auto row = q->step();
    if (!row) return row.error();
    if (*row) return make_error(Errc::conflict, "an administrator with that name exists");
    auto ins =
        db.prepare("INSERT INTO admins(name, password_hash, created_ms, role) VALUES (?, ?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, name).bind(2, *h).bind(3, now_ms()).bind(4, admin_role_name(role));
    TERRAIN_RETURN_IF_ERROR(ins->run());
    return journal_append(db, Actor{}, "account_added", name, {{"role", admin_role_name(role)}});
  });
}

Result<bool> has_admins(Store& store) {
  return store.read([](sqlite::Database& db) -> Result<bool> {
    auto q = db.prepare("SELECT COUNT(*) FROM admins");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    return q->int64(0) > 0;
  });
}

Result<http::AdminPrincipal> authenticate_admin(ServerContext& ctx, const httplib::Request& req) {
  auto presented = presented_token(req);
  if (!presented)
    return make_error(Errc::unauthorized, "administrator session required: log in first");
  std::string h = token_hash(presented->token);
  std::string csrf = presented->via_cookie ? csrf_of(presented->token) : std::string();
  secure_wipe(presented->token.data(), presented->token.size());
  return ctx.store->read([&](sqlite::Database& db) -> Result<http::AdminPrincipal> {
    auto q = db.prepare(
        "SELECT s.token_hash, s.expires_ms, a.id, a.name, a.role FROM admin_sessions s JOIN "
        "admins a ON a.id = s.admin_id WHERE s.token_hash = ?");
    if (!q) return q.error();
    q->bind_blob(1, h);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row || !constant_time_equal(q->blob(0), h))
      return make_error(Errc::unauthorized, "unknown administrator session: log in again");
    if (q->int64(1) < now_ms())
      return make_error(Errc::unauthorized, "administrator session expired: log in again");
    http::AdminPrincipal p;
    p.id = q->int64(2);
    p.name = q->text(3);
    // An unknown role (a later version's) gets the least rights.
    p.role = admin_role_of(q->text(4)).value_or(http::AdminRole::analyst);
    p.via_cookie = presented->via_cookie;
    p.csrf = csrf;
    return p;
  });
}

namespace {

// The expiry of the request's session (it authenticated, so it exists).
Result<std::int64_t> session_expiry(ServerContext& ctx, const httplib::Request& req) {
  auto presented = presented_token(req);
  if (!presented) return make_error(Errc::unauthorized, "administrator session required");
  std::string h = token_hash(presented->token);
  secure_wipe(presented->token.data(), presented->token.size());
  return ctx.store->read([&](sqlite::Database& db) -> Result<std::int64_t> {
    auto q = db.prepare("SELECT expires_ms FROM admin_sessions WHERE token_hash = ?");
    if (!q) return q.error();
    q->bind_blob(1, h);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::unauthorized, "unknown administrator session");
    return q->int64(0);
  });
}

}  // namespace

void add_admin_routes(http::Api& api, ServerContext& ctx) {
  api.post(
      "/admin/login", "admin_login", http::Auth::none,
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
        bool cookie = false;
        if (body->contains("session")) {
          const auto& kind = (*body)["session"];
          if (!kind.is_string() || (kind != "cookie" && kind != "token"))
            return http::Reply::fail(make_error(
                Errc::invalid_argument, "session is \"cookie\" or \"token\"", "", "session"));
          cookie = kind == "cookie";
        }
        struct Account {
          std::int64_t id = 0;
          std::string hash;
          http::AdminRole role = http::AdminRole::analyst;
        };
        auto found = ctx.store->read([&](sqlite::Database& db) -> Result<Account> {
          auto q = db.prepare("SELECT id, password_hash, role FROM admins WHERE name = ?");
          if (!q) return q.error();
          q->bind(1, *name);
          auto row = q->step();
          if (!row) return row.error();
          if (!*row) return Account{};
          return Account{q->int64(0), q->text(1),
                         admin_role_of(q->text(2)).value_or(http::AdminRole::analyst)};
        });
        if (!found) return http::Reply::fail(found.error());
        bool ok = false;
        if (found->id != 0) {
          ok = verify_password(found->hash, *password);
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
          // Journaled against a known account only: a name typed by mistake
          // may be a password.
          if (found->id != 0)
            (void)journal_append(*ctx.store, Actor{found->id, *name}, "sign_in_failed",
                                 std::to_string(found->id));
          return http::Reply::fail(
              make_error(Errc::unauthorized, "wrong administrator name or password"));
        }
        std::string token = to_hex(random_bytes(32));
        std::int64_t expires = now_ms() + ctx.config.session_ttl_s * 1000;
        auto st = ctx.store->write([&](sqlite::Database& db) -> Status {
          auto del = db.prepare("DELETE FROM admin_sessions WHERE expires_ms < ?");
          if (!del) return del.error();
          del->bind(1, now_ms());
          TERRAIN_RETURN_IF_ERROR(del->run());
          auto ins = db.prepare(
              "INSERT INTO admin_sessions(token_hash, admin_id, created_ms, expires_ms) "
              "VALUES (?, ?, ?, ?)");
          if (!ins) return ins.error();
          ins->bind_blob(1, token_hash(token))
              .bind(2, found->id)
              .bind(3, now_ms())
              .bind(4, expires);
          TERRAIN_RETURN_IF_ERROR(ins->run());
          return journal_append(db, Actor{found->id, *name}, "sign_in", std::to_string(found->id),
                                {{"session", cookie ? "cookie" : "token"}});
        });
        if (!st.ok()) return http::Reply::fail(st.error());
        log::info("admin_login", {{"admin", found->id}});
        if (!cookie) {
          nlohmann::json out = {
              {"token", token}, {"expires_ms", expires}, {"role", admin_role_name(found->role)}};
          secure_wipe(token.data(), token.size());
          return http::Reply::json(out);
        }
        http::AdminPrincipal who;
        who.id = found->id;
        who.name = *name;
        who.role = found->role;
        nlohmann::json out = session_json(who, expires);
        out["csrf_token"] = csrf_of(token);
        http::Reply reply = http::Reply::json(out);
        reply.headers.emplace_back("Set-Cookie",
                                   session_cookie(ctx, req, token, ctx.config.session_ttl_s));
        secure_wipe(token.data(), token.size());
        return reply;
      });

  api.post("/admin/logout", "admin_logout", http::Auth::reader,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             auto presented = presented_token(req);
             std::string h = token_hash(presented ? presented->token : std::string());
             if (presented) secure_wipe(presented->token.data(), presented->token.size());
             auto st = ctx.store->write([&](sqlite::Database& db) -> Status {
               auto del = db.prepare("DELETE FROM admin_sessions WHERE token_hash = ?");
               if (!del) return del.error();
               del->bind_blob(1, h);
               TERRAIN_RETURN_IF_ERROR(del->run());
               return journal_append(db, actor_of(caller), "sign_out",
                                     std::to_string(caller.admin->id));
             });
             if (!st.ok()) return http::Reply::fail(st.error());
             http::Reply reply = http::Reply::json({{"ok", true}});
             if (caller.admin->via_cookie)
               reply.headers.emplace_back("Set-Cookie", session_cookie(ctx, req, "", 0));
             return reply;
           });

  api.get("/admin/whoami", "admin_whoami", http::Auth::reader,
          [](const httplib::Request&, const http::Caller& caller) {
            return http::Reply::json({{"id", caller.admin->id},
                                      {"name", caller.admin->name},
                                      {"role", admin_role_name(caller.admin->role)}});
          });

  api.get("/admin/session", "admin_session", http::Auth::reader,
          [&ctx](const httplib::Request& req, const http::Caller& caller) {
            auto expires = session_expiry(ctx, req);
            if (!expires) return http::Reply::fail(expires.error());
            nlohmann::json out = session_json(*caller.admin, *expires);
            if (caller.admin->via_cookie) out["csrf_token"] = caller.admin->csrf;
            return http::Reply::json(out);
          });

  api.post("/admin/session/extend", "admin_session_extend", http::Auth::reader,
           [&ctx](const httplib::Request& req, const http::Caller& caller) {
             auto presented = presented_token(req);
             if (!presented) return http::Reply::fail(make_error(Errc::unauthorized, "no session"));
             std::string token = presented->token;
             secure_wipe(presented->token.data(), presented->token.size());
             const std::int64_t expires = now_ms() + ctx.config.session_ttl_s * 1000;
             auto st = ctx.store->write([&](sqlite::Database& db) -> Status {
               auto up =
                   db.prepare("UPDATE admin_sessions SET expires_ms = ? WHERE token_hash = ?");
               if (!up) return up.error();
               up->bind(1, expires).bind_blob(2, token_hash(token));
               return up->run();
             });
             if (!st.ok()) {
               secure_wipe(token.data(), token.size());
               return http::Reply::fail(st.error());
             }
             nlohmann::json out = session_json(*caller.admin, expires);
             if (caller.admin->via_cookie) out["csrf_token"] = caller.admin->csrf;
             http::Reply reply = http::Reply::json(out);
             if (caller.admin->via_cookie)
               reply.headers.emplace_back(
                   "Set-Cookie", session_cookie(ctx, req, token, ctx.config.session_ttl_s));
             secure_wipe(token.data(), token.size());
             return reply;
           });
}

}  // namespace terrain::server
