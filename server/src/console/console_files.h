// The console (console/, built into console/dist by `npm run build`): a static web
// app that terrain-server serves itself at /console/, so the CNSA needs no other
// web server and nothing is loaded from outside at run time.
//
// Every file of the console directory is read once at start into memory; a request
// is answered from that table only, so no request path ever reaches the file
// system (no traversal, no symlink surprise, no partial file during an upgrade).
// Answers carry a strict Content-Security-Policy (scripts, styles and fonts from
// this origin only, no framing) and `nosniff`. `/` redirects to `/console/`.
// Without a built console, /console/ answers 404 `not_found` naming the command
// that builds it.
#pragma once

#include "http/api.h"

namespace terrain::server {

struct ServerContext;

void add_console_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
