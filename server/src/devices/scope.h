// A device's scope: the meetings it may read and write.
//   {"meetings": ["<uuid>", ...]}   those meetings
//   {"cycle": "Rencontres territoriales 2024"}   every meeting whose `cycle` is that
// (both members may be given: the union). A change set is in scope when its meeting
// is listed, or when the meeting's cycle is the scope's cycle: the cycle the server
// knows for the meeting, or, for a meeting the change set itself creates, the cycle
// it creates it with. A cycle-scoped device may not move a meeting to another cycle.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/errors.h"

namespace terrain::server {

struct Scope {
  std::vector<std::string> meetings;
  std::optional<std::string> cycle;
};

Result<Scope> scope_from_json(const nlohmann::json& j);
nlohmann::json scope_to_json(const Scope& s);

inline constexpr std::string_view kMeetingCollection = "meeting";
inline constexpr std::string_view kCycleField = "cycle";
// The "meeting" of central reference data (questionnaires): served to every device,
// written only by the server.
inline constexpr std::string_view kGlobalMeeting = "global";

// ok when in scope and every record is of a collection the device's role may write
// (protocol/roles.h); out_of_scope naming the meeting or the record otherwise.
Status check_scope(Database& db, const Scope& scope, const ChangeSet& cs);

}  // namespace terrain::server
