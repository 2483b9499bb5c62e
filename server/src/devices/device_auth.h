// Device authentication of sync requests: each request is signed with the
// device's Ed25519 key (the key registered at enrolment).
//
// Headers:
//   X-Terrain-Device:    the device id (16 hex)
//   X-Terrain-Timestamp: the device's clock, Unix milliseconds (decimal)
//   X-Terrain-Signature: base64 Ed25519 signature of
//       kRequestContext || METHOD "\n" TARGET "\n" TIMESTAMP "\n" hex(BLAKE2b-256(body))
//     TARGET is the request target exactly as sent (path and query string).
// A timestamp more than request_tolerance_ms away from the server clock is refused
// with clock_skew (401, with server_time_ms so the device can correct its clock and
// retry; checked before the device lookup and the signature):
// a captured request cannot be replayed for long, and replaying a push within the
// window only returns its stored receipt.
#pragma once

#include <string>
#include <string_view>

#include <httplib.h>

#include "http/api.h"

namespace terrain::server {

struct ServerContext;

// The bytes signed (after the context) for one request.
std::string request_signing_bytes(std::string_view method, std::string_view target,
                                  std::string_view timestamp, std::string_view body);

// unauthorized, clock_skew, unknown_device or device_revoked; the device otherwise.
Result<http::DevicePrincipal> authenticate_device(ServerContext& ctx, const httplib::Request& req);

}  // namespace terrain::server
