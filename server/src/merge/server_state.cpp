#include "merge/server_state.h"

#include <cstring>
#include <map>

#include "devices/scope.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {
namespace {

Status save_meeting_mirror(sqlite::Database& db, const std::string& id, const RecordView& v) {
  // The meeting's cycle decides who may read it (devices/scope.h): mirrored from the
  // view, and kept when the meeting is deleted, so a re-creation is checked against it.
  auto m = db.prepare(v.exists ? "INSERT INTO meetings(id, cycle) VALUES (?, ?) ON CONFLICT(id) "
                                 "DO UPDATE SET cycle = excluded.cycle"
                               : "INSERT INTO meetings(id, cycle) VALUES (?, ?) ON CONFLICT(id) "
                                 "DO NOTHING");
  if (!m) return m.error();
  m->bind(1, id);
  auto it = v.fields.find(std::string(kCycleField));
  if (it != v.fields.end() && it->is_string())
    m->bind(2, it->get<std::string>());
  else
    m->bind_null(2);
  return m->run();
}

Status save(sqlite::Database& db, const StoredState& before, const RecordState& after,
            const std::string& meeting) {
  auto v = save_state(db, before, after, meeting);
  if (!v) return v.error();
  if (after.collection == kMeetingCollection) return save_meeting_mirror(db, after.id, *v);
  return {};
}

// The versions a change set carries for each record it touches.
std::map<RecordKey, std::set<Hlc>> versions_by_record(const ChangeSet& cs) {
  std::map<RecordKey, std::set<Hlc>> out;
  for (const auto& c : cs.changes) out[{c.collection, c.id}].insert(c.t);
  return out;
}

// Every detached value hash the change writes (erasure looks them up by field).
Status record_detached(sqlite::Database& db, const Change& c) {
  auto q = db.prepare(
      "INSERT OR IGNORE INTO record_detached(collection, id, field, hash) VALUES (?,?,?,?)");
  if (!q) return q.error();
  for (const auto& f : c.fields) {
    if (!f.detached) continue;
    q->reset();
    q->bind(1, c.collection).bind(2, c.id).bind(3, f.name).bind(4, f.value_hash);
    TERRAIN_RETURN_IF_ERROR(q->run());
  }
  return {};
}

struct StoredChangeSet {
  ChangeSet cs;
  DetachedValues values;
};

// The accepted change sets that touched a record, but the device's after after_seq,
// read back from their stored bytes and verified again.
Result<std::vector<StoredChangeSet>> remaining_change_sets(sqlite::Database& db,
                                                           const RecordKey& key,
                                                           const std::string& device,
                                                           std::uint64_t after_seq,
                                                           const Limits& limits) {
  auto q = db.prepare(R"sql(
SELECT c.body, c.sig, c.vals, d.public_key FROM record_touches t
JOIN change_sets c ON c.id = t.change_set_id JOIN devices d ON d.device_id = c.device_id
WHERE t.collection = ? AND t.record_id = ? AND c.state = 'accepted'
  AND NOT (c.device_id = ? AND c.seq > ?) ORDER BY c.id)sql");
  if (!q) return q.error();
  q->bind(1, key.first).bind(2, key.second).bind(3, device).bind(4, after_seq);
  std::vector<StoredChangeSet> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    nlohmann::json env = {{"body", q->blob(0)},
                          {"sig", to_base64(q->blob(1))},
                          {"values", nlohmann::json::parse(q->text(2), nullptr, false)}};
    auto scs = envelope_from_json(env, limits);
    if (!scs) return make_error(Errc::internal, "stored change set does not decode");
    const std::string pk_raw = q->blob(3);
    PublicKey pk{};
    std::memcpy(pk.data(), pk_raw.data(), std::min(pk.size(), pk_raw.size()));
    auto cs = verify_and_parse(*scs, pk, limits);
    if (!cs) return make_error(Errc::internal, "stored change set does not verify");
    out.push_back({std::move(*cs), std::move(scs->values)});
  }
  return out;
}

}  // namespace

Status merge_change_set(sqlite::Database& db, std::int64_t change_set_id, const ChangeSet& cs,
                        const DetachedValues& values) {
  // Load each touched record's rows once, apply all its changes, write back the diff.
  std::map<RecordKey, std::pair<StoredState, RecordState>> states;
  const auto versions = versions_by_record(cs);
  for (const auto& c : cs.changes) {
    RecordKey key{c.collection, c.id};
    auto it = states.find(key);
    if (it == states.end()) {
      auto loaded = load_state(db, key, versions.at(key));
      if (!loaded) return loaded.error();
      RecordState working = loaded->state;
      it = states.emplace(key, std::make_pair(std::move(*loaded), std::move(working))).first;
    }
    if (apply(it->second.second, c, cs.seq, values))
      TERRAIN_RETURN_IF_ERROR(record_detached(db, c));
  }
  auto touch = db.prepare(
      "INSERT OR IGNORE INTO record_touches(change_set_id, collection, record_id) VALUES (?,?,?)");
  if (!touch) return touch.error();
  for (const auto& [key, st] : states) {
    std::string meeting = key.first == kMeetingCollection ? key.second : cs.meeting;
    TERRAIN_RETURN_IF_ERROR(save(db, st.first, st.second, meeting));
    touch->reset();
    touch->bind(1, change_set_id).bind(2, key.first).bind(3, key.second);
    TERRAIN_RETURN_IF_ERROR(touch->run());
  }
  return {};
}

Result<MeetingAfter> meeting_after(sqlite::Database& db, const ChangeSet& cs) {
  const RecordKey key{std::string(kMeetingCollection), cs.meeting};
  std::set<Hlc> versions;
  for (const auto& c : cs.changes)
    if (c.collection == key.first && c.id == key.second) versions.insert(c.t);
  auto stored = load_state(db, key, versions);
  if (!stored) return stored.error();
  RecordState& s = stored->state;
  for (const auto& c : cs.changes)
    if (c.collection == key.first && c.id == key.second) (void)apply(s, c, cs.seq, {});
  RecordView v = view_of(s);
  MeetingAfter after;
  after.exists = v.exists;
  auto it = v.fields.find(std::string(kCycleField));
  if (it != v.fields.end() && it->is_string()) after.cycle = it->get<std::string>();
  return after;
}

Result<std::set<RecordKey>> touched_records(sqlite::Database& db,
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

Status retract_records(sqlite::Database& db, const std::set<RecordKey>& records,
                       const std::string& device, std::uint64_t after_seq, const Limits& limits) {
  for (const auto& key : records) {
    auto stored = load_state(db, key, {});
    if (!stored) return stored.error();
    if (!stored->stored) continue;
    auto remaining = remaining_change_sets(db, key, device, after_seq, limits);
    if (!remaining) return remaining.error();
    RecordState rebuilt;
    rebuilt.collection = key.first;
    rebuilt.id = key.second;
    for (const auto& r : *remaining)
      for (const auto& c : r.cs.changes)
        if (c.collection == key.first && c.id == key.second)
          (void)apply(rebuilt, c, r.cs.seq, r.values);
    TERRAIN_RETURN_IF_ERROR(delete_state(db, key));
    StoredState none;
    none.stored = true;  // the records row stays: it is updated in place
    none.meeting = stored->meeting;
    none.state.collection = key.first;
    none.state.id = key.second;
    TERRAIN_RETURN_IF_ERROR(save(db, none, rebuilt, stored->meeting));
  }
  return {};
}

Status redact_in_record(sqlite::Database& db, const RecordKey& record,
                        const std::string& value_hash) {
  auto stored = load_state(db, record, {});
  if (!stored) return stored.error();
  if (!stored->stored) return {};
  RecordState after = stored->state;
  if (!redact(after, value_hash)) return {};
  return save(db, *stored, after, stored->meeting);
}

Result<std::vector<std::string>> detached_hashes(sqlite::Database& db, const RecordKey& record,
                                                 const std::string& field) {
  auto q = db.prepare(
      "SELECT hash FROM record_detached WHERE collection = ? AND id = ? AND field = ? ORDER BY "
      "hash");
  if (!q) return q.error();
  q->bind(1, record.first).bind(2, record.second).bind(3, field);
  std::vector<std::string> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(q->text(0));
  }
  return out;
}

Result<std::optional<RecordView>> load_record_view(sqlite::Database& db, const RecordKey& key) {
  auto stored = load_state(db, key, {});
  if (!stored) return stored.error();
  if (!stored->stored) return std::optional<RecordView>();
  return std::optional<RecordView>(view_of(stored->state));
}
Result<std::optional<nlohmann::json>> load_view(sqlite::Database& db, const RecordKey& key) {
  auto q = db.prepare("SELECT view FROM records WHERE collection = ? AND id = ?");
  if (!q) return q.error();
  q->bind(1, key.first).bind(2, key.second);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<nlohmann::json>();
  return std::optional<nlohmann::json>(nlohmann::json::parse(q->text(0), nullptr, false));
}

Result<nlohmann::json> meeting_views(sqlite::Database& db, const std::string& meeting) {
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
