// Questionnaire versions as the console shows them: the bundle's (shipped with
// every build) and those published centrally (`questionnaire` records signed by the
// server's key), with how many answers each received, and, for a closed
// (`retired`) version, how many of them arrived after it was closed: answers that
// tablets captured before they learned of the closing are still accepted, and
// counted apart here. Publishing and closing are central changes
// (POST /admin/changes); see docs/console.md, "Questionnaires".
#pragma once

#include "http/api.h"

namespace terrain::server {

struct ServerContext;

// GET /admin/questionnaires (administrators).
void add_questionnaire_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
