// POST /v1/push: one change set envelope per request (see ingest.h).
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_push_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
