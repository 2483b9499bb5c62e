// What each device role may write. Pure policy, shared by the server (which
// quarantines a change set outside it as out_of_scope) and the replica (which refuses
// the write locally, so a tablet never captures data the server would hold back).
//
//   facilitator   meeting, attendance, headcount, contribution, feedback_response
//   evaluator     evaluation
//   (server)      everything, including questionnaire (central reference data)
//
// A role this build does not know may write nothing.
#pragma once

#include <string_view>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/errors.h"

namespace terrain {

inline constexpr std::string_view kRoleFacilitator = "facilitator";
inline constexpr std::string_view kRoleEvaluator = "evaluator";

// True when a device of this role may write records of this collection.
bool role_may_write(std::string_view role, std::string_view collection) noexcept;

// ok, or out_of_scope naming the first record the role may not write.
Status check_role(std::string_view role, const ChangeSet& cs);

}  // namespace terrain
