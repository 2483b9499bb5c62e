#include "merge/server_state.h"

#include <map>

#include "devices/scope.h"

namespace terrain::server {
namespace {

Status save_record(Database& db, const RecordHistory& h, const std::string& meeting) {
  RecordView v = materialise(h);
  nlohmann::json view = view_json(h, v);
  auto q = db.prepare(
      "INSERT INTO records(collection, id, meeting, history, view, conflicts) VALUES (?,?,?,?,?,?) "
      "ON CONFLICT(collection, id) DO UPDATE SET history = excluded.history, view = "
      "excluded.view, conflicts = excluded.conflicts");
  if (!q) return q.error();
  q->bind(1, h.collection)
      .bind(2, h.id)
      .bind(3, meeting)
      .bind(4, h.to_json().dump())
      .bind(5, view.dump())
      .bind(6, static_cast<std::int64_t>(v.conflicts.size()));
  TERRAIN_RETURN_IF_ERROR(q->run());
  if (h.collection == kMeetingCollection) {
    // The meeting's cycle decides who may read it (devices/scope.h): mirrored from the
    // view, and kept when the meeting is deleted, so a re-creation is checked against it.
    auto m = db.prepare(v.exists ? "INSERT INTO meetings(id, cycle) VALUES (?, ?) ON CONFLICT(id) "
                                   "DO UPDATE SET cycle = excluded.cycle"
                                 : "INSERT INTO meetings(id, cycle) VALUES (?, ?) ON CONFLICT(id) "
                                   "DO NOTHING");
    if (!m) return m.error();
    m->bind(1, h.id);
    auto it = v.fields.find(std::string(kCycleField));
    if (it != v.fields.end() && it->is_string())
      m->bind(2, it->get<std::string>());
    else
      m->bind_null(2);
    TERRAIN_RETURN_IF_ERROR(m->run());
  }
  return {};
}

Result<std::string> record_meeting(Database& db, const RecordKey& key) {
  auto q = db.prepare("SELECT meeting FROM records WHERE collection = ? AND id = ?");
  if (!q) return q.error();
  q->bind(1, key.first).bind(2, key.second);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return make_error(Errc::not_found, "no record " + key.first + "/" + key.second);
  return q->text(0);
}

}  // namespace

nlohmann::json view_json(const RecordHistory& h, const RecordView& v) {
  nlohmann::json j = v.to_json(h.collection, h.id);
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& c : v.conflicts) conflicts.push_back(c.to_json());
  j["_conflicts"] = conflicts;
  return j;
}

Result<std::optional<RecordHistory>> load_history(Database& db, const RecordKey& key) {
  auto q = db.prepare("SELECT history FROM records WHERE collection = ? AND id = ?");
  if (!q) return q.error();
  q->bind(1, key.first).bind(2, key.second);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<RecordHistory>();
  auto j = nlohmann::json::parse(q->text(0), nullptr, false);
  if (j.is_discarded())
    return make_error(Errc::storage,
                      "stored history of " + key.first + "/" + key.second + " is not JSON");
  auto h = RecordHistory::from_json(j);
  if (!h) return h.error();
  return std::optional<RecordHistory>(std::move(*h));
}

Status merge_change_set(Database& db, std::int64_t change_set_id, const ChangeSet& cs,
                        const DetachedValues& values) {
  // Load each touched record once, apply all its changes, save once.
  std::map<RecordKey, RecordHistory> histories;
  for (const auto& c : cs.changes) {
    RecordKey key{c.collection, c.id};
    auto it = histories.find(key);
    if (it == histories.end()) {
      auto h = load_history(db, key);
      if (!h) return h.error();
      RecordHistory fresh;
      fresh.collection = c.collection;
      fresh.id = c.id;
      it = histories.emplace(key, h->has_value() ? std::move(**h) : std::move(fresh)).first;
    }
    (void)apply_change(it->second, c, cs.seq, values);
  }
  auto touch = db.prepare(
      "INSERT OR IGNORE INTO record_touches(change_set_id, collection, record_id) VALUES (?,?,?)");
  if (!touch) return touch.error();
  for (const auto& [key, h] : histories) {
    std::string meeting = key.first == kMeetingCollection ? key.second : cs.meeting;
    TERRAIN_RETURN_IF_ERROR(save_record(db, h, meeting));
    touch->reset();
    touch->bind(1, change_set_id).bind(2, key.first).bind(3, key.second);
    TERRAIN_RETURN_IF_ERROR(touch->run());
  }
  return {};
}

Result<MeetingAfter> meeting_after(Database& db, const ChangeSet& cs) {
  const RecordKey key{std::string(kMeetingCollection), cs.meeting};
  auto stored = load_history(db, key);
  if (!stored) return stored.error();
  RecordHistory h;
  if (stored->has_value()) {
    h = std::move(**stored);
  } else {
    h.collection = key.first;
    h.id = key.second;
  }
  for (const auto& c : cs.changes)
    if (c.collection == key.first && c.id == key.second) (void)apply_change(h, c, cs.seq, {});
  RecordView v = materialise(h);
  MeetingAfter after;
  after.exists = v.exists;
  auto it = v.fields.find(std::string(kCycleField));
  if (it != v.fields.end() && it->is_string()) after.cycle = it->get<std::string>();
  return after;
}

Result<std::set<RecordKey>> touched_records(Database& db,
                                            const std::vector<std::int64_t>& change_set_ids) {
  std::set<RecordKey> out;
  auto q = db.prepare("SELECT collection, record_id FROM record_touches WHERE change_set_id = ?");
  if (!q) return q.error();
  for (auto id : change_set_ids) {
    q->reset();
    q->bind(1, id);
    for (;;) {
      auto row = q->step();
      if (!row) return row.error();
      if (!*row) break;
      out.emplace(q->text(0), q->text(1));
    }
  }
  return out;
}

Status retract_records(Database& db, const std::set<RecordKey>& records, const std::string& device,
                       std::uint64_t after_seq) {
  for (const auto& key : records) {
    auto h = load_history(db, key);
    if (!h) return h.error();
    if (!h->has_value()) continue;
    auto meeting = record_meeting(db, key);
    if (!meeting) return meeting.error();
    (void)retract(**h, device, after_seq);
    TERRAIN_RETURN_IF_ERROR(save_record(db, **h, *meeting));
  }
  return {};
}

Status redact_in_record(Database& db, const RecordKey& record, const std::string& value_hash) {
  auto h = load_history(db, record);
  if (!h) return h.error();
  if (!h->has_value()) return {};
  auto meeting = record_meeting(db, record);
  if (!meeting) return meeting.error();
  if (!redact(**h, value_hash)) return {};
  return save_record(db, **h, *meeting);
}

Result<std::optional<nlohmann::json>> load_view(Database& db, const RecordKey& key) {
  auto q = db.prepare("SELECT view FROM records WHERE collection = ? AND id = ?");
  if (!q) return q.error();
  q->bind(1, key.first).bind(2, key.second);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<nlohmann::json>();
  return std::optional<nlohmann::json>(nlohmann::json::parse(q->text(0), nullptr, false));
}

Result<nlohmann::json> meeting_views(Database& db, const std::string& meeting) {
  auto q = db.prepare("SELECT view FROM records WHERE meeting = ? ORDER BY collection, id");
  if (!q) return q.error();
  q->bind(1, meeting);
  nlohmann::json out = nlohmann::json::array();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(nlohmann::json::parse(q->text(0), nullptr, false));
  }
  return out;
}

}  // namespace terrain::server
