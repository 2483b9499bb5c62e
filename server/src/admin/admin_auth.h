// Administrators: argon2id password hashes (libsodium crypto_pwhash_str), a role
// (administrator or analyst), and session tokens that are random, stored only as
// BLAKE2b-256 hashes, and expire. A session is carried either as a bearer token
// (scripts, curl) or, for the console, in the `terrain_session` cookie (HttpOnly,
// SameSite=Strict, Secure under HTTPS); a cookie session also has a CSRF token,
// derived from the session token, that every state-changing request must echo in
// `X-CSRF-Token` (http/api.cpp). Failed logins count against the address's
// authentication budget.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "config/config.h"
#include "http/api.h"
#include "store/store.h"

namespace terrain::server {

struct ServerContext;

Result<std::string> hash_password(std::string_view password, std::uint64_t opslimit,
                                  std::uint64_t memlimit);
bool verify_password(const std::string& stored_hash, std::string_view password);
// A random secret of `length` characters from an alphabet without look-alikes.
std::string generate_secret_text(std::size_t length);

// "administrator" / "analyst", and back (nullopt for anything else).
std::string_view admin_role_name(http::AdminRole role);
std::optional<http::AdminRole> admin_role_of(std::string_view name);

// Adds an account (conflict if the name exists).
Status add_admin(Store& store, const ServerConfig& config, const std::string& name,
                 const std::string& password,
                 http::AdminRole role = http::AdminRole::administrator);
Result<bool> has_admins(Store& store);

// Checks "Authorization: Bearer <token>", else the `terrain_session` cookie.
Result<http::AdminPrincipal> authenticate_admin(ServerContext& ctx, const httplib::Request& req);

// POST /admin/login, POST /admin/logout, GET /admin/whoami, GET /admin/session,
// POST /admin/session/extend.
void add_admin_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
