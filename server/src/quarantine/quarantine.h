// Quarantine: authentic change sets held out of the merged state, for review.
// A change set lands here when it fails schema validation or falls outside its
// device's scope (ingest step 7), or when its device is revoked with a cut-off
// before it (reason device_revoked). An administrator lists them and either
// releases one (merged and appended to the log as if just accepted) or rejects it
// (kept, never merged). The device's chain never waits for a decision.
//
//   quarantined --release--> accepted      (not for device_revoked ones)
//   quarantined --reject---> rejected
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_quarantine_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
