// GET /v1/device (a device's own status) and GET /admin/devices (the fleet).
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_device_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
