#include "terrain/protocol/roles.h"

#include <algorithm>
#include <array>
#include <string>

namespace terrain {

bool role_may_write(std::string_view role, std::string_view collection) noexcept {
  static constexpr std::array<std::string_view, 5> kFacilitator = {
      "meeting", "attendance", "headcount", "contribution", "feedback_response"};
  static constexpr std::array<std::string_view, 1> kEvaluator = {"evaluation"};
  auto in = [&](const auto& list) {
    return std::find(list.begin(), list.end(), collection) != list.end();
  };
  if (role == kRoleFacilitator) return in(kFacilitator);
  if (role == kRoleEvaluator) return in(kEvaluator);
  return false;
}

Status check_role(std::string_view role, const ChangeSet& cs) {
  for (const auto& c : cs.changes)
    if (!role_may_write(role, c.collection))
      return make_error(Errc::out_of_scope,
                        "a device of role '" + std::string(role) + "' may not write '" +
                            c.collection + "' records",
                        c.collection + "/" + c.id);
  return Status::Ok();
}

}  // namespace terrain
