// Records, conflicts and detached values in the SQLite file, personal data sealed.
//
// What is in clear and what is sealed (XChaCha20-Poly1305 with the data key):
//   records.view      clear   the view WITHOUT personal fields (queries use json_extract)
//   records.personal  sealed  the visible personal fields
//   records.history   sealed  the merge history (it holds every value ever written)
//   conflicts.detail  sealed  both values of a conflict
//   detached_values   sealed  salt and JSON text of each detached value
// A collection this build does not know has all its fields treated as personal.
#include "replica_impl.h"
#include "terrain/protocol/encoding.h"

namespace terrain {

using replica_detail::RecordState;

namespace {

std::string where_of(std::string_view what, std::string_view collection, std::string_view id) {
  return std::string(what) + "|" + std::string(collection) + "/" + std::string(id);
}

bool is_personal(const CollectionInfo* info, const std::string& field) {
  return info == nullptr || info->is_personal(field);
}

}  // namespace

Result<RecordState> Replica::Impl::load_record(std::string_view collection, std::string_view id) {
  RecordState st;
  st.collection = std::string(collection);
  st.id = std::string(id);
  st.history.collection = st.collection;
  st.history.id = st.id;
  auto q = db.prepare("SELECT meeting, history FROM records WHERE collection=? AND id=?");
  if (!q) return q.error();
  q->bind(1, collection).bind(2, id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return st;
  st.stored = true;
  st.meeting = q->text(0);
  auto plain = at_rest.open(q->blob(1), where_of("history", collection, id));
  if (!plain) return plain.error();
  auto j = nlohmann::json::parse(*plain, nullptr, false);
  secure_wipe(plain->data(), plain->size());
  if (j.is_discarded())
    return make_error(Errc::storage, "the stored history is damaged",
                      replica_detail::record_label(collection, id));
  auto h = RecordHistory::from_json(j);
  if (!h)
    return make_error(Errc::storage, h.error().message,
                      replica_detail::record_label(collection, id));
  st.history = std::move(*h);
  return st;
}

Status Replica::Impl::save_record(const RecordState& st) {
  const RecordView view = materialise(st.history);
  nlohmann::json clear = view.to_json(st.collection, st.id);
  nlohmann::json personal = nlohmann::json::object();
  const CollectionInfo* info = schemas->collection(st.collection);
  std::vector<std::string> moved;
  for (const auto& [k, v] : clear.items())
    if (!k.empty() && k[0] != '_' && is_personal(info, k)) moved.push_back(k);
  for (const auto& k : moved) {
    personal[k] = std::move(clear[k]);
    clear.erase(k);
  }
  std::string history = st.history.to_json().dump();
  auto up = db.prepare(
      "INSERT INTO records(collection, id, meeting, cl, present, view, personal, history, "
      "max_version) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(collection, id) DO UPDATE SET "
      "meeting=excluded.meeting, cl=excluded.cl, present=excluded.present, view=excluded.view, "
      "personal=excluded.personal, history=excluded.history, max_version=excluded.max_version");
  if (!up) return up.error();
  up->bind(1, st.collection)
      .bind(2, st.id)
      .bind(3, st.meeting)
      .bind(4, static_cast<std::int64_t>(view.cl))
      .bind(5, static_cast<std::int64_t>(view.exists ? 1 : 0))
      .bind(6, clear.dump())
      .bind_blob(7, at_rest.seal(personal.dump(), where_of("personal", st.collection, st.id)))
      .bind_blob(8, at_rest.seal(history, where_of("history", st.collection, st.id)))
      .bind(9, view.max_version.is_null() ? std::string() : view.max_version.to_string());
  secure_wipe(history.data(), history.size());
  TERRAIN_RETURN_IF_ERROR(up->run());

  auto del = db.prepare("DELETE FROM conflicts WHERE collection=? AND id=?");
  if (!del) return del.error();
  del->bind(1, st.collection).bind(2, st.id);
  TERRAIN_RETURN_IF_ERROR(del->run());
  if (view.conflicts.empty()) return {};
  auto ins = db.prepare(
      "INSERT OR REPLACE INTO conflicts(collection, id, field, loser_version, kind, "
      "winner_version, detail) VALUES (?,?,?,?,?,?,?)");
  if (!ins) return ins.error();
  for (const auto& c : view.conflicts) {
    const std::string loser = c.loser_version.to_string();
    ins->bind(1, st.collection)
        .bind(2, st.id)
        .bind(3, c.field)
        .bind(4, loser)
        .bind(5, conflict_kind_name(c.kind))
        .bind(6, c.winner_version.to_string())
        .bind_blob(7,
                   at_rest.seal(c.to_json().dump(), where_of("conflict", st.collection,
                                                             st.id + "/" + c.field + "/" + loser)));
    TERRAIN_RETURN_IF_ERROR(ins->run());
  }
  return {};
}

Status Replica::Impl::save_values(const DetachedValues& values, std::string_view collection,
                                  std::string_view id) {
  if (values.empty()) return {};
  auto ins = db.prepare(
      "INSERT INTO detached_values(hash, collection, record_id, value, redacted) VALUES "
      "(?,?,?,?,?) ON CONFLICT(hash) DO UPDATE SET collection=excluded.collection, "
      "record_id=excluded.record_id, value=CASE WHEN detached_values.redacted=1 THEN NULL WHEN "
      "detached_values.value IS NULL THEN excluded.value ELSE detached_values.value END");
  if (!ins) return ins.error();
  for (const auto& [hash, v] : values) {
    ins->bind(1, hash).bind(2, collection).bind(3, id);
    if (v.redacted) {
      ins->bind_null(4).bind(5, std::int64_t{1});
    } else {
      std::string plain = nlohmann::json{{"s", to_hex(v.salt)}, {"j", v.json}}.dump();
      ins->bind_blob(4, at_rest.seal(plain, "value|" + hash)).bind(5, std::int64_t{0});
      secure_wipe(plain.data(), plain.size());
    }
    TERRAIN_RETURN_IF_ERROR(ins->run());
  }
  return {};
}

Result<DetachedValues> Replica::Impl::load_values(const std::vector<std::string>& hashes) {
  DetachedValues out;
  if (hashes.empty()) return out;
  auto q = db.prepare("SELECT value, redacted FROM detached_values WHERE hash=?");
  if (!q) return q.error();
  for (const auto& hash : hashes) {
    q->reset();
    q->bind(1, hash);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) continue;
    DetachedValue v;
    if (q->int64(1) != 0 || q->is_null(0)) {
      v.redacted = true;
      out[hash] = v;
      continue;
    }
    auto plain = at_rest.open(q->blob(0), "value|" + hash);
    if (!plain) return plain.error();
    auto j = nlohmann::json::parse(*plain, nullptr, false);
    secure_wipe(plain->data(), plain->size());
    if (j.is_discarded() || !j.contains("s") || !j.contains("j"))
      return make_error(Errc::storage, "a stored detached value is damaged");
    auto salt = from_hex(j["s"].get<std::string>());
    if (!salt) return make_error(Errc::storage, "a stored detached value is damaged");
    v.salt = *salt;
    v.json = j["j"].get<std::string>();
    out[hash] = std::move(v);
  }
  return out;
}

Result<std::optional<nlohmann::json>> Replica::Impl::load_view(std::string_view collection,
                                                               std::string_view id) {
  auto q = db.prepare("SELECT view, personal FROM records WHERE collection=? AND id=?");
  if (!q) return q.error();
  q->bind(1, collection).bind(2, id);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<nlohmann::json>();
  auto view = nlohmann::json::parse(q->text(0), nullptr, false);
  if (view.is_discarded())
    return make_error(Errc::storage, "a stored view is damaged",
                      replica_detail::record_label(collection, id));
  if (!q->is_null(1)) {
    auto plain = at_rest.open(q->blob(1), where_of("personal", collection, id));
    if (!plain) return plain.error();
    auto personal = nlohmann::json::parse(*plain, nullptr, false);
    secure_wipe(plain->data(), plain->size());
    if (!personal.is_object())
      return make_error(Errc::storage, "a stored view is damaged",
                        replica_detail::record_label(collection, id));
    for (auto& [k, v] : personal.items()) view[k] = std::move(v);
  }
  return std::optional<nlohmann::json>(std::move(view));
}

}  // namespace terrain
