#include "devices/scope.h"

#include <algorithm>

#include "merge/server_state.h"
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

namespace {

// What the server holds for a meeting: whether its record was ever stored, and the
// cycle it stores (kept across a delete).
struct StoredMeeting {
  bool stored = false;
  std::optional<std::string> cycle;
};

Result<StoredMeeting> stored_meeting(sqlite::Database& db, const std::string& meeting) {
  auto q = db.prepare("SELECT cycle FROM meetings WHERE id = ?");
  if (!q) return q.error();
  q->bind(1, meeting);
  auto row = q->step();
  if (!row) return row.error();
  StoredMeeting m;
  m.stored = *row;
  if (*row && !q->is_null(0)) m.cycle = q->text(0);
  return m;
}

// True when another device (or the server) already sent a change set for the meeting,
// in any state: giving the meeting a cycle would show that data to the cycle's devices.
Result<bool> others_wrote(sqlite::Database& db, const std::string& meeting,
                          const std::string& device) {
  auto q = db.prepare("SELECT 1 FROM change_sets WHERE meeting = ? AND device_id != ? LIMIT 1");
  if (!q) return q.error();
  q->bind(1, meeting).bind(2, device);
  auto row = q->step();
  if (!row) return row.error();
  return *row;
}

}  // namespace

// Decided on what the server stores, never on what the writer claims: a device may
// write a record only if it may write it as stored and as it would be after the
// write. The fields that decide who may read (a meeting's cycle, a record's meeting)
// are set when the record is created and changed centrally only.
Status check_scope(sqlite::Database& db, const Scope& scope, std::string_view role,
                   const ChangeSet& cs) {
  auto out = [&](std::string why, std::string record = "") {
    return make_error(Errc::out_of_scope, "meeting " + cs.meeting + " " + why,
                      record.empty() ? std::string(kMeetingCollection) + "/" + cs.meeting : record);
  };
  if (cs.meeting == kGlobalMeeting)
    return make_error(Errc::out_of_scope, "global reference data is defined centrally only");
  // The collections the device's role may write (protocol/roles.h).
  TERRAIN_RETURN_IF_ERROR(check_role(role, cs));
  bool writes_meeting = false;
  for (const auto& c : cs.changes) {
    if (c.collection != kMeetingCollection || c.id != cs.meeting) continue;
    writes_meeting = true;
    for (const auto& f : c.fields)
      if (f.name == kCycleField && f.detached)
        return out("has its cycle written as a detached value: a cycle is written in the clear");
  }
  auto stored = stored_meeting(db, cs.meeting);
  if (!stored) return stored.error();
  const bool listed = std::binary_search(scope.meetings.begin(), scope.meetings.end(), cs.meeting);
  // The meeting record as it would be after the write (only when the write touches it).
  std::optional<MeetingAfter> after;
  if (writes_meeting) {
    auto a = meeting_after(db, cs);
    if (!a) return a.error();
    after = *a;
  }

  if (stored->stored) {
    // As stored: listed, or of the scope's cycle.
    if (!listed && !(scope.cycle && stored->cycle == scope.cycle))
      return out(stored->cycle ? "belongs to a cycle outside this device's scope"
                               : "has no cycle and is not listed in this device's scope");
    // As after the write: the same cycle (a deleted meeting keeps its cycle).
    if (after && after->exists && after->cycle != stored->cycle)
      return out(stored->cycle ? "belongs to the cycle \"" + *stored->cycle +
                                     "\": a meeting's cycle is changed centrally only"
                               : "has no cycle: a meeting's cycle is changed centrally only");
  } else {
    // Not stored yet: a listed device may create it; a cycle-scoped device only in
    // its own cycle. Either way a cycle is given only to a meeting no one else wrote to.
    const bool gives_cycle = after && after->cycle.has_value();
    if (!listed) {
      if (!scope.cycle) return out("is not in this device's scope");
      if (!gives_cycle)
        return out(
            "is unknown to the server: a cycle-scoped device writes to a meeting "
            "once it is created in its cycle");
      if (after->cycle != scope.cycle)
        return out("would be created in a cycle outside this device's scope");
    }
    if (gives_cycle) {
      auto others = others_wrote(db, cs.meeting, cs.device);
      if (!others) return others.error();
      if (*others) return out("already holds other devices' data: its cycle is set centrally only");
    }
  }

  // Every other record stays in the meeting it was created in.
  auto rq = db.prepare("SELECT meeting FROM records WHERE collection = ? AND id = ?");
  if (!rq) return rq.error();
  for (const auto& c : cs.changes) {
    if (c.collection == kMeetingCollection) continue;
    rq->reset();
    rq->bind(1, c.collection).bind(2, c.id);
    auto row = rq->step();
    if (!row) return row.error();
    if (*row && rq->text(0) != cs.meeting)
      return out("does not hold this record: it belongs to another meeting",
                 c.collection + "/" + c.id);
  }
  return {};
}

}  // namespace terrain::server
