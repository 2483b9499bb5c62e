// Revocation of a lost or stolen tablet, with a cut-off sequence number.
//
// In one transaction:
//  1. the device is marked revoked (after_seq = the cut-off): its next push or pull
//     is refused with device_revoked, and it can never enrol again;
//  2. its change sets with seq > after_seq go to quarantine (reason device_revoked)
//     and every record they touched is recomputed without them (merge.h retract);
//  3. a retraction signed by the server (kRetractionContext) is appended to the log,
//     so every device withdraws the same changes:
//       {"type":"retraction","device":"<id>","after_seq":N,"epoch":"...",
//        "issued_ms":T,"server":"<server device id>"}
// The cut-off defaults to the device's last seq (keep all it sent, stop the rest).
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_revocation_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
