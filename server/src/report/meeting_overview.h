// One meeting as the console's "Rencontre" page shows it to every reader: the
// meeting record, its contributions with their texts, evaluations, head counts and
// the number of attendance records and feedback responses, with every personal
// field (x-personal in the schemas) and every conflict on one left out. Names are
// only in the attendance export (administrators, journaled).
#pragma once

#include "http/api.h"

namespace terrain::server {

struct ServerContext;

// GET /admin/meetings/<uuid>/overview (administrators and analysts).
void add_meeting_overview_route(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
