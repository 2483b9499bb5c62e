// Central changes: what the CNSA central team writes (meetings, questionnaires,
// conflict resolutions) becomes change sets signed by the server's own key, with
// the server's own seq chain, and goes through the same ingest path as a push
// (refused rather than quarantined when invalid). Devices receive them by pull.
//
// POST /admin/changes {"meeting": "<uuid>", "changes": [
//    {"op":"create", "collection", "id"?, "fields": {...}},
//    {"op":"set",    "collection", "id", "fields": {...}, "resolves"?: ["<hlc>"...]},
//    {"op":"delete", "collection", "id"},
//    {"op":"inc",    "collection", "id", "field", "by"},
//    {"op":"resolve","collection", "id", "versions": ["<hlc>", ...]} ]}
// Versions, causal lengths and bases come from the server's merged state; personal
// fields are detached. Answers {"hash","seq","position","ids":[...]}.
//
// Reads for review: GET /admin/meetings/<id>/records, GET /admin/records/<c>/<id>,
// GET /admin/conflicts.
#pragma once

#include "http/api.h"

namespace terrain::server {
struct ServerContext;
void add_central_routes(http::Api& api, ServerContext& ctx);
}  // namespace terrain::server
