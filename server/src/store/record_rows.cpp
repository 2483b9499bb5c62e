#include "store/record_rows.h"

namespace terrain::server {
namespace {

Result<Hlc> hlc_column(const sqlite::Statement& q, int col, const RecordKey& key) {
  auto h = Hlc::parse(q.text(col));
  if (!h)
    return make_error(Errc::storage,
                      "stored version of " + key.first + "/" + key.second + " is not an HLC");
  return *h;
}

Result<nlohmann::json> json_column(const sqlite::Statement& q, int col, const RecordKey& key) {
  auto j = nlohmann::json::parse(q.text(col), nullptr, false);
  if (j.is_discarded())
    return make_error(Errc::storage,
                      "stored value of " + key.first + "/" + key.second + " is not JSON");
  return j;
}

// Reads a write (t, seq, value, redacted, value_hash) from five columns from `col`.
Result<WriteVersion> write_columns(const sqlite::Statement& q, int col, const RecordKey& key) {
  WriteVersion w;
  auto t = hlc_column(q, col, key);
  if (!t) return t.error();
  w.t = std::move(*t);
  w.seq = static_cast<std::uint64_t>(q.int64(col + 1));
  auto v = json_column(q, col + 2, key);
  if (!v) return v.error();
  w.value = std::move(*v);
  w.redacted = q.int64(col + 3) != 0;
  w.value_hash = q.opt_text(col + 4).value_or("");
  return w;
}

void bind_write(sqlite::Statement& q, int col, const WriteVersion& w) {
  q.bind(col, w.t.to_string())
      .bind(col + 1, w.seq)
      .bind(col + 2, w.value.dump())
      .bind(col + 3, w.redacted ? 1 : 0);
  if (w.value_hash.empty())
    q.bind_null(col + 4);
  else
    q.bind(col + 4, w.value_hash);
}

nlohmann::json seen_to_json(const std::map<std::string, std::set<Hlc>>& seen) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [field, versions] : seen) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& v : versions) a.push_back(v.to_string());
    j[field] = std::move(a);
  }
  return j;
}

Status seen_from_json(const nlohmann::json& j, std::map<std::string, std::set<Hlc>>& out,
                      const RecordKey& key) {
  if (!j.is_object())
    return make_error(Errc::storage,
                      "stored delete of " + key.first + "/" + key.second + " is not an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    auto& versions = out[it.key()];
    if (!it->is_array()) return make_error(Errc::storage, "stored delete: seen is not a list");
    for (const auto& v : *it) {
      auto h = v.is_string() ? Hlc::parse(v.get<std::string>()) : std::nullopt;
      if (!h) return make_error(Errc::storage, "stored delete: seen is not an HLC");
      versions.insert(std::move(*h));
    }
  }
  return {};
}

// Runs q (already bound) and calls row() for every row.
template <class F>
Status each_row(sqlite::Statement& q, F&& row) {
  for (;;) {
    auto r = q.step();
    if (!r) return r.error();
    if (!*r) return {};
    TERRAIN_RETURN_IF_ERROR(row());
  }
}

// The rows that do not grow with the history: records, fields, counters, deletes
// and conflicts.
Result<StoredState> load_bounded(sqlite::Database& db, const RecordKey& key) {
  StoredState out;
  RecordState& s = out.state;
  s.collection = key.first;
  s.id = key.second;
  auto rec =
      db.prepare("SELECT meeting, cl, max_version FROM records WHERE collection = ? AND id = ?");
  if (!rec) return rec.error();
  rec->bind(1, key.first).bind(2, key.second);
  auto row = rec->step();
  if (!row) return row.error();
  if (!*row) return out;
  out.stored = true;
  out.meeting = rec->text(0);
  s.cl = static_cast<std::uint32_t>(rec->int64(1));
  if (!rec->text(2).empty()) {
    auto m = hlc_column(*rec, 2, key);
    if (!m) return m.error();
    s.max_version = std::move(*m);
  }

  auto fields = db.prepare(
      "SELECT cl, field, t, seq, value, redacted, value_hash FROM record_fields "
      "WHERE collection = ? AND id = ?");
  if (!fields) return fields.error();
  fields->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*fields, [&]() -> Status {
    auto w = write_columns(*fields, 2, key);
    if (!w) return w.error();
    s.winners[{static_cast<std::uint32_t>(fields->int64(0)), fields->text(1)}] = std::move(*w);
    return {};
  }));

  auto counters = db.prepare(
      "SELECT cl, field, device, total FROM record_counters WHERE collection = ? AND id = ?");
  if (!counters) return counters.error();
  counters->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*counters, [&]() -> Status {
    s.increments[{static_cast<std::uint32_t>(counters->int64(0)), counters->text(1)}]
                [counters->text(2)] = counters->int64(3);
    return {};
  }));

  auto deletes =
      db.prepare("SELECT cl, last, seen FROM record_deletes WHERE collection = ? AND id = ?");
  if (!deletes) return deletes.error();
  deletes->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*deletes, [&]() -> Status {
    DeleteGroup& d = s.deletes[static_cast<std::uint32_t>(deletes->int64(0))];
    auto last = hlc_column(*deletes, 1, key);
    if (!last) return last.error();
    d.last = std::move(*last);
    auto seen = json_column(*deletes, 2, key);
    if (!seen) return seen.error();
    return seen_from_json(*seen, d.seen, key);
  }));

  auto conflicts = db.prepare(
      "SELECT field, kind, cl, loser, seq, value, redacted, value_hash FROM record_conflicts "
      "WHERE collection = ? AND id = ?");
  if (!conflicts) return conflicts.error();
  conflicts->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*conflicts, [&]() -> Status {
    auto w = write_columns(*conflicts, 3, key);
    if (!w) return w.error();
    const std::string field = conflicts->text(0);
    const auto kind =
        conflicts->int64(1) == 0 ? Conflict::Kind::concurrent_edit : Conflict::Kind::edit_vs_delete;
    s.conflict_index[w->t].insert(field);
    Hlc loser = w->t;
    s.conflicts[{field, std::move(loser), kind}] =
        ConflictItem{static_cast<std::uint32_t>(conflicts->int64(2)), std::move(*w)};
    return {};
  }));
  return out;
}

Status load_versions(sqlite::Database& db, const RecordKey& key, const std::set<Hlc>& versions,
                     RecordState& s) {
  auto applied =
      db.prepare("SELECT seq FROM record_versions WHERE collection = ? AND id = ? AND t = ?");
  if (!applied) return applied.error();
  auto seen = db.prepare("SELECT 1 FROM record_seen WHERE collection = ? AND id = ? AND t = ?");
  if (!seen) return seen.error();
  for (const auto& v : versions) {
    const std::string t = v.to_string();
    applied->reset();
    applied->bind(1, key.first).bind(2, key.second).bind(3, t);
    auto a = applied->step();
    if (!a) return a.error();
    if (*a) s.applied.emplace(v, static_cast<std::uint64_t>(applied->int64(0)));
    seen->reset();
    seen->bind(1, key.first).bind(2, key.second).bind(3, t);
    auto r = seen->step();
    if (!r) return r.error();
    if (*r) s.seen.insert(v);
  }
  return {};
}

}  // namespace

nlohmann::json view_json(const RecordState& state, const RecordView& v) {
  nlohmann::json j = v.to_json(state.collection, state.id);
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& c : v.conflicts) conflicts.push_back(c.to_json());
  j["_conflicts"] = conflicts;
  return j;
}

Result<StoredState> load_state(sqlite::Database& db, const RecordKey& key,
                               const std::set<Hlc>& versions) {
  auto out = load_bounded(db, key);
  if (!out) return out.error();
  if (!out->stored) return out;
  std::set<Hlc> wanted = versions;
  for (const auto& [k, w] : out->state.winners) wanted.insert(w.t);
  TERRAIN_RETURN_IF_ERROR(load_versions(db, key, wanted, out->state));
  return out;
}

Result<StoredState> load_full_state(sqlite::Database& db, const RecordKey& key) {
  auto out = load_bounded(db, key);
  if (!out) return out.error();
  if (!out->stored) return out;
  RecordState& s = out->state;
  auto applied = db.prepare("SELECT t, seq FROM record_versions WHERE collection = ? AND id = ?");
  if (!applied) return applied.error();
  applied->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*applied, [&]() -> Status {
    auto t = hlc_column(*applied, 0, key);
    if (!t) return t.error();
    s.applied.emplace(std::move(*t), static_cast<std::uint64_t>(applied->int64(1)));
    return {};
  }));
  auto seen = db.prepare("SELECT t FROM record_seen WHERE collection = ? AND id = ?");
  if (!seen) return seen.error();
  seen->bind(1, key.first).bind(2, key.second);
  TERRAIN_RETURN_IF_ERROR(each_row(*seen, [&]() -> Status {
    auto t = hlc_column(*seen, 0, key);
    if (!t) return t.error();
    s.seen.insert(std::move(*t));
    return {};
  }));
  return out;
}

Result<RecordView> save_state(sqlite::Database& db, const StoredState& before,
                              const RecordState& after, const std::string& meeting) {
  const RecordState& b = before.state;
  const std::string& c = after.collection;
  const std::string& id = after.id;
  const RecordView v = view_of(after);

  auto rec = db.prepare(
      "INSERT INTO records(collection, id, meeting, cl, max_version, view, conflicts) "
      "VALUES (?,?,?,?,?,?,?) ON CONFLICT(collection, id) DO UPDATE SET cl = excluded.cl, "
      "max_version = excluded.max_version, view = excluded.view, conflicts = excluded.conflicts");
  if (!rec) return rec.error();
  rec->bind(1, c)
      .bind(2, id)
      .bind(3, before.stored ? before.meeting : meeting)
      .bind(4, static_cast<std::int64_t>(after.cl))
      .bind(5, after.max_version.is_null() ? std::string() : after.max_version.to_string())
      .bind(6, view_json(after, v).dump())
      .bind(7, static_cast<std::int64_t>(v.conflicts.size()));
  TERRAIN_RETURN_IF_ERROR(rec->run());

  auto field = db.prepare(
      "INSERT OR REPLACE INTO record_fields(collection, id, cl, field, t, seq, value, redacted, "
      "value_hash) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!field) return field.error();
  for (const auto& [key, w] : after.winners) {
    auto was = b.winners.find(key);
    if (was != b.winners.end() && was->second == w) continue;
    field->reset();
    field->bind(1, c).bind(2, id).bind(3, static_cast<std::int64_t>(key.first)).bind(4, key.second);
    bind_write(*field, 5, w);
    TERRAIN_RETURN_IF_ERROR(field->run());
  }

  auto counter = db.prepare(
      "INSERT OR REPLACE INTO record_counters(collection, id, cl, field, device, total) "
      "VALUES (?,?,?,?,?,?)");
  if (!counter) return counter.error();
  for (const auto& [key, per_device] : after.increments) {
    auto was = b.increments.find(key);
    for (const auto& [device, total] : per_device) {
      if (was != b.increments.end()) {
        auto d = was->second.find(device);
        if (d != was->second.end() && d->second == total) continue;
      }
      counter->reset();
      counter->bind(1, c)
          .bind(2, id)
          .bind(3, static_cast<std::int64_t>(key.first))
          .bind(4, key.second)
          .bind(5, device)
          .bind(6, total);
      TERRAIN_RETURN_IF_ERROR(counter->run());
    }
  }

  auto del = db.prepare(
      "INSERT OR REPLACE INTO record_deletes(collection, id, cl, last, seen) VALUES (?,?,?,?,?)");
  if (!del) return del.error();
  for (const auto& [cl, d] : after.deletes) {
    auto was = b.deletes.find(cl);
    if (was != b.deletes.end() && was->second == d) continue;
    del->reset();
    del->bind(1, c)
        .bind(2, id)
        .bind(3, static_cast<std::int64_t>(cl))
        .bind(4, d.last.to_string())
        .bind(5, seen_to_json(d.seen).dump());
    TERRAIN_RETURN_IF_ERROR(del->run());
  }

  auto gone = db.prepare(
      "DELETE FROM record_conflicts WHERE collection = ? AND id = ? AND field = ? AND kind = ? "
      "AND loser = ?");
  if (!gone) return gone.error();
  for (const auto& [key, item] : b.conflicts) {
    if (after.conflicts.count(key)) continue;
    const auto& [f, loser, kind] = key;
    gone->reset();
    gone->bind(1, c)
        .bind(2, id)
        .bind(3, f)
        .bind(4, kind == Conflict::Kind::concurrent_edit ? 0 : 1)
        .bind(5, loser.to_string());
    TERRAIN_RETURN_IF_ERROR(gone->run());
  }
  auto conflict = db.prepare(
      "INSERT OR REPLACE INTO record_conflicts(collection, id, field, kind, cl, loser, seq, "
      "value, redacted, value_hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!conflict) return conflict.error();
  for (const auto& [key, item] : after.conflicts) {
    auto was = b.conflicts.find(key);
    if (was != b.conflicts.end() && was->second == item) continue;
    const auto& [f, loser, kind] = key;
    conflict->reset();
    conflict->bind(1, c)
        .bind(2, id)
        .bind(3, f)
        .bind(4, kind == Conflict::Kind::concurrent_edit ? 0 : 1)
        .bind(5, static_cast<std::int64_t>(item.cl));
    bind_write(*conflict, 6, item.loser);
    TERRAIN_RETURN_IF_ERROR(conflict->run());
  }

  auto applied =
      db.prepare("INSERT OR IGNORE INTO record_versions(collection, id, t, seq) VALUES (?,?,?,?)");
  if (!applied) return applied.error();
  for (const auto& [t, seq] : after.applied) {
    if (b.applied.count(t)) continue;
    applied->reset();
    applied->bind(1, c).bind(2, id).bind(3, t.to_string()).bind(4, seq);
    TERRAIN_RETURN_IF_ERROR(applied->run());
  }
  auto seen = db.prepare("INSERT OR IGNORE INTO record_seen(collection, id, t) VALUES (?,?,?)");
  if (!seen) return seen.error();
  for (const auto& t : after.seen) {
    if (b.seen.count(t)) continue;
    seen->reset();
    seen->bind(1, c).bind(2, id).bind(3, t.to_string());
    TERRAIN_RETURN_IF_ERROR(seen->run());
  }

  return v;
}

Status delete_state(sqlite::Database& db, const RecordKey& key) {
  for (const char* table : {"record_fields", "record_counters", "record_deletes",
                            "record_conflicts", "record_versions", "record_seen"}) {
    auto q = db.prepare(std::string("DELETE FROM ") + table + " WHERE collection = ? AND id = ?");
    if (!q) return q.error();
    q->bind(1, key.first).bind(2, key.second);
    TERRAIN_RETURN_IF_ERROR(q->run());
  }
  return {};
}

}  // namespace terrain::server
