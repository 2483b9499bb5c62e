#include "devices/scope.h"

#include <algorithm>

#include "terrain/protocol/ids.h"
#include "terrain/protocol/roles.h"

namespace terrain::server {

Result<Scope> scope_from_json(const nlohmann::json& j) {
  if (!j.is_object())
    return make_error(Errc::invalid_argument,
                      "scope must be {\"meetings\": [...]} or {\"cycle\": \"...\"}", "", "scope");
  Scope s;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "meetings") {
      if (!it->is_array())
        return make_error(Errc::invalid_argument, "scope.meetings must be a list of meeting ids",
                          "", "scope");
      for (const auto& m : *it) {
        if (!m.is_string() || !is_uuid(m.get<std::string>()))
          return make_error(Errc::invalid_argument, "scope.meetings must hold meeting ids (UUID)",
                            "", "scope");
        s.meetings.push_back(m.get<std::string>());
      }
    } else if (it.key() == "cycle") {
      if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 120)
        return make_error(Errc::invalid_argument, "scope.cycle must be a cycle name", "", "scope");
      s.cycle = it->get<std::string>();
    } else {
      return make_error(Errc::invalid_argument, "unknown scope member '" + it.key() + "'", "",
                        "scope");
    }
  }
  if (s.meetings.empty() && !s.cycle)
    return make_error(Errc::invalid_argument, "scope names no meeting and no cycle", "", "scope");
  std::sort(s.meetings.begin(), s.meetings.end());
  s.meetings.erase(std::unique(s.meetings.begin(), s.meetings.end()), s.meetings.end());
  return s;
}

nlohmann::json scope_to_json(const Scope& s) {
  nlohmann::json j = nlohmann::json::object();
  if (!s.meetings.empty()) j["meetings"] = s.meetings;
  if (s.cycle) j["cycle"] = *s.cycle;
  return j;
}

Status check_scope(Database& db, const Scope& scope, const ChangeSet& cs) {
  auto out = [&](std::string why) {
    return make_error(Errc::out_of_scope, "meeting " + cs.meeting + " " + why,
                      std::string(kMeetingCollection) + "/" + cs.meeting);
  };
  if (cs.meeting == kGlobalMeeting)
    return make_error(Errc::out_of_scope, "global reference data is defined centrally only");
  // The collections the device's role may write (protocol/roles.h).
  {
    auto rq = db.prepare("SELECT role FROM devices WHERE device_id = ?");
    if (!rq) return rq.error();
    rq->bind(1, cs.device);
    auto row = rq->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::unknown_device, "device is not registered");
    TERRAIN_RETURN_IF_ERROR(check_role(rq->text(0), cs));
  }
  // Cycles this change set writes on its own meeting record.
  std::vector<std::string> written_cycles;
  for (const auto& c : cs.changes) {
    if (c.collection != kMeetingCollection || c.id != cs.meeting) continue;
    for (const auto& f : c.fields)
      if (f.name == kCycleField && !f.detached && f.value.is_string())
        written_cycles.push_back(f.value.get<std::string>());
  }
  bool listed = std::binary_search(scope.meetings.begin(), scope.meetings.end(), cs.meeting);
  if (listed) return {};
  if (!scope.cycle) return out("is not in this device's scope");
  for (const auto& w : written_cycles)
    if (w != *scope.cycle) return out("would move to a cycle outside this device's scope");
  auto q = db.prepare("SELECT cycle FROM meetings WHERE id = ?");
  if (!q) return q.error();
  q->bind(1, cs.meeting);
  auto row = q->step();
  if (!row) return row.error();
  std::optional<std::string> known;
  if (*row && !q->is_null(0)) known = q->text(0);
  if (known) {
    if (*known == *scope.cycle) return {};
    return out("belongs to a cycle outside this device's scope");
  }
  if (!written_cycles.empty()) return {};  // created here, in the scope's cycle
  return out("is not in this device's scope (unknown meeting, no cycle)");
}

}  // namespace terrain::server
