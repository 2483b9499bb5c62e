// HTTP endpoints of the consolidated reports: GET /admin/reports/..., for
// administrators only (bearer session, see admin/admin_auth.h). Each report is
// JSON, or CSV with the ".csv" suffix (one table per download, chosen with
// ?table=). Documented in docs/reports.md.
#pragma once

#include "http/api.h"

namespace terrain::server {

struct ServerContext;

void add_report_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
