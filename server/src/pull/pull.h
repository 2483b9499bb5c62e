// GET /v1/pull?after=<cursor>&limit=<n>: what a device has not seen yet, in pages.
//
// The log is the server's ordered list of merged change sets and server-signed
// notices (retractions, redactions), numbered by position. A device's cursor is
// "<epoch>:<position>": the last position it has applied, in the epoch it was
// given in. A page holds, after the cursor, in position order:
//   - change sets of OTHER devices (and the server's own) whose meeting is in the
//     device's scope and which are still accepted (a revoked device's withdrawn
//     change sets are skipped);
//   - every retraction and redaction notice;
// with the public keys needed to verify the change sets. The returned cursor is
// the last position covered (positions outside the scope are covered too).
// A cursor from another epoch, or beyond the log's head, means the server was
// restored from a backup: epoch_mismatch {epoch, last_seq, head}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/api.h"

namespace terrain::server {
struct ServerContext;

std::string make_cursor(const std::string& epoch, std::uint64_t position);
struct ParsedCursor {
  std::string epoch;  // empty for the empty cursor
  std::uint64_t position = 0;
};
std::optional<ParsedCursor> parse_cursor(const std::string& cursor);

void add_pull_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
