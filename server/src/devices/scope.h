// A device's scope: the meetings it may read and write.
//   {"meetings": ["<uuid>", ...]}   those meetings
//   {"cycle": "Rencontres territoriales 2024"}   every meeting whose `cycle` is that
// (both members may be given: the union). Decided on what the server stores, never on
// what a writer claims (docs/protocol.md, "Scope"):
//  - a meeting the server stores is in scope when listed, or when its stored cycle is
//    the scope's cycle; a meeting stored without a cycle is in the scope of the
//    devices that list it only;
//  - a device's write must leave a stored meeting's cycle as it is (it is changed
//    centrally only; a deleted meeting keeps its cycle);
//  - a meeting the server does not store yet may be created by a device that lists
//    it, or by a cycle-scoped device in its own cycle; it is given a cycle only if no
//    other device sent anything for it yet;
//  - every other record stays in the meeting it was first stored in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/errors.h"
#include "terrain/sqlite/database.h"

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

// ok when in scope and every record is of a collection the device's role (as stored
// for it) may write (protocol/roles.h); out_of_scope naming the meeting or the record
// otherwise.
Status check_scope(sqlite::Database& db, const Scope& scope, std::string_view role,
                   const ChangeSet& cs);

}  // namespace terrain::server
