// The journal: who did what from the console or the server's command line, and
// when (sign-ins, views and exports of names, enrolment codes, revocations,
// quarantine decisions, central changes, erasures). It answers an auditor's "who
// exported this list?" without holding a single participant's name: targets are
// ids (device, change set, meeting, record), details are counts and codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "store/store.h"
#include "terrain/sqlite/database.h"

namespace terrain::server {

struct ServerContext;

// Who acted: an administrator of the console, or the host's command line (nullopt).
struct Actor {
  std::optional<std::int64_t> admin_id;
  std::string admin_name;
};
Actor actor_of(const http::Caller& caller);

// Appends one entry inside the caller's write transaction (so it is kept exactly
// when the action is).
Status journal_append(sqlite::Database& db, const Actor& who, const std::string& action,
                      const std::string& target,
                      const nlohmann::json& detail = nlohmann::json::object());
// The same in its own transaction, for actions that write nothing else (a view).
Status journal_append(Store& store, const Actor& who, const std::string& action,
                      const std::string& target,
                      const nlohmann::json& detail = nlohmann::json::object());

// GET /admin/journal?limit=N&before=ID&action=A (administrators).
void add_journal_routes(http::Api& api, ServerContext& ctx);

}  // namespace terrain::server
