// Enrolment: how a tablet becomes a registered device.
//
//   admin: POST /admin/enrolment-codes {role, scope, ttl_s?} -> a code, shown once
//   tablet: POST /v1/enrol {code, public_key} -> device registered with that role
//           and scope; the answer pins the server's public key and gives the epoch.
//
// Invariants:
//  1. Codes are random (80 bits), stored only as BLAKE2b-256 hashes, single-use and
//     expiring. A used code answers again only to the same public key (a tablet
//     that lost the first answer may retry); to anyone else it is invalid.
//  2. Every failed attempt counts against the address's authentication budget,
//     which is much stricter than the request budget (rate_limited when spent).
//  3. A refused enrolment changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "devices/scope.h"
#include "http/api.h"
#include "journal/journal.h"

namespace terrain::server {
struct ServerContext;
class Store;

// Uppercase, without separators: what is hashed.
std::string normalise_code(std::string_view code);

// A code just created: the only time its text exists outside the tablet.
struct CreatedCode {
  std::string code;  // ABCD-EFGH-JKLM-NPQR
  std::string role;
  nlohmann::json scope;
  std::int64_t expires_ms = 0;
};

// Creates a single-use enrolment code for `role` (facilitator, evaluator) and
// `scope`, valid for ttl_s seconds (0 to 365 days), stored hashed. `admin` is the
// administrator who asked for it; nullopt when made on the server host
// (`terrain-server enrolment-code create`). Errors: invalid_argument naming the field.
Result<CreatedCode> create_enrolment_code(Store& store, const std::string& role, const Scope& scope,
                                          std::int64_t ttl_s, const Actor& who);

void add_enrolment_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
