// GDPR erasure of a personal value (POST /admin/redactions {collection, id, field}).
//
// Personal values travel detached: a change set's signed body holds only
// BLAKE2b-256(salt || value). Erasing drops value and salt everywhere on the server
// (every stored change set holding that hash, the record's state rows and view), so
// every signature and hash chain still verifies; then a redaction notice signed by
// the server (kRetractionContext, "type":"redaction") is appended to the log for
// every device:
//   {"type":"redaction","collection":"...","id":"...","field":"...",
//    "value_hashes":["<hex>",...],"epoch":"...","issued_ms":T,"server":"<id>"}
// A value erased once stays erased: a later push carrying it stores it redacted.
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_erasure_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
