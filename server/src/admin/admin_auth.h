// Administrators: argon2id password hashes (libsodium crypto_pwhash_str), and
// bearer session tokens that are random, stored only as BLAKE2b-256 hashes, and
// expire. Failed logins count against the address's authentication budget.
#pragma once

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

// Adds an administrator (conflict if the name exists).
Status add_admin(Store& store, const ServerConfig& config, const std::string& name,
                 const std::string& password);
Result<bool> has_admins(Store& store);

// Checks "Authorization: Bearer <token>".
Result<http::AdminPrincipal> authenticate_admin(ServerContext& ctx, const httplib::Request& req);

// POST /admin/login, POST /admin/logout, GET /admin/whoami.
void add_admin_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
