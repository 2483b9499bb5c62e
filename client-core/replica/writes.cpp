// Local writes: create, update, remove, increment, resolve.
//
// Every write follows the same path:
//   1. check the request against the schema (validate_record / validate_fields and the
//      rules the schema annotations add: immutable, counter, personal);
//   2. build the Change: t = clock.now(), cl from the record's incarnation, each
//      field's base = its current winning version, personal values detached;
//   3. check the change exactly as the server will (validate_change_set on a one-change
//      set), so nothing the server would quarantine is ever written;
//   4. ONE transaction: detached values, the draft, the local merge (apply_change +
//      materialise into records and conflicts), the clock.
// An error at any step names the record and field and writes nothing.
#include <cstdlib>

#include "draft_codec.h"
#include "fault_points.h"
#include "replica_impl.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/roles.h"

namespace terrain {

using replica_detail::record_label;
using replica_detail::RecordState;
using sqlite::Transaction;

namespace {

Result<const CollectionInfo*> collection_info(const SchemaRegistry& schemas,
                                              std::string_view collection) {
  const CollectionInfo* info = schemas.collection(collection);
  if (info == nullptr)
    return make_error(Errc::unknown_collection,
                      "unknown collection '" + std::string(collection) + "'");
  return info;
}

Error no_record(std::string_view collection, std::string_view id, bool deleted) {
  return make_error(Errc::not_found, deleted ? "the record was deleted" : "no such record",
                    record_label(collection, id));
}

// A field write; personal values travel detached (a removal of a personal field is a
// detached null: it carries no personal data, but the rule stays simple).
FieldWrite field_write(const CollectionInfo& info, const std::string& name,
                       const nlohmann::json& value, const std::map<std::string, Hlc>& versions,
                       DetachedValues& values) {
  FieldWrite w;
  w.name = name;
  if (auto it = versions.find(name); it != versions.end()) w.base = it->second;
  if (info.is_personal(name)) {
    w.detached = true;
    w.value_hash = make_detached(value, values);
  } else {
    w.value = value;
  }
  return w;
}

nlohmann::json without_nulls(const nlohmann::json& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : fields.items())
    if (!v.is_null()) out[k] = v;
  return out;
}

}  // namespace

std::string Replica::Impl::meeting_of(const CollectionInfo& info, std::string_view id,
                                      const nlohmann::json& fields) const {
  if (info.meeting_field == "$id") return std::string(id);
  if (info.meeting_field.empty()) return "global";
  auto it = fields.find(info.meeting_field);
  if (it != fields.end() && it->is_string()) return it->get<std::string>();
  return {};
}

Status Replica::Impl::write_locked(const std::vector<Change>& changes, const DetachedValues& values,
                                   RecordState& st) {
  for (const Change& change : changes) {
    const std::string record = record_label(change.collection, change.id);
    if (change.fields.size() > limits.max_fields_per_change)
      return make_error(
          Errc::too_large,
          "more than " + std::to_string(limits.max_fields_per_change) + " fields in one change",
          record);
    for (const auto& w : change.fields) {
      std::size_t size = 0;
      if (w.detached) {
        auto it = values.find(w.value_hash);
        size = it == values.end() ? 0 : it->second.json.size();
      } else {
        size = w.value.dump().size();
      }
      if (size > limits.max_value_bytes)
        return make_error(Errc::too_large,
                          "the value exceeds " + std::to_string(limits.max_value_bytes) + " bytes",
                          record, w.name);
    }
  }
  // The server's own check, on a change set holding just these changes.
  ChangeSet probe;
  probe.device = device_id;
  probe.seq = 1;
  probe.schema = schemas->version();
  probe.meeting = st.meeting;
  probe.changes = changes;
  // Questionnaires published centrally (pulled `questionnaire` records) and the
  // record's current fields, as the server checks them.
  QuestionnaireLookup questionnaires = [this](const std::string& qid, std::int64_t version) {
    std::optional<nlohmann::json> def;
    auto q = db.prepare(
        "SELECT json_extract(view, '$.definition') FROM records WHERE collection = "
        "'questionnaire' AND present = 1 AND json_extract(view, '$.questionnaire_id') = ? AND "
        "json_extract(view, '$.version') = ?");
    if (!q) return def;
    q->bind(1, qid).bind(2, version);
    auto row = q->step();
    if (row && *row && !q->is_null(0)) {
      auto j = nlohmann::json::parse(q->text(0), nullptr, false);
      if (!j.is_discarded()) def = std::move(j);
    }
    return def;
  };
  RecordLookup current = [this](const std::string& collection, const std::string& id) {
    auto v = load_view(collection, id);
    return v ? std::move(*v) : std::optional<nlohmann::json>{};
  };
  TERRAIN_RETURN_IF_ERROR(schemas->validate_change_set(probe, values, questionnaires, current));
  // Once enrolled, only what the device's role may write (the server would hold the
  // rest back as out_of_scope).
  {
    auto q = db.prepare("SELECT role FROM server WHERE id = 1");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    if (*row && !q->text(0).empty()) TERRAIN_RETURN_IF_ERROR(check_role(q->text(0), probe));
  }
  // And the structural checks every receiver makes (the probe is signed and parsed
  // back): nothing is written that another replica would refuse.
  {
    auto parsed = verify_and_parse(terrain::seal(probe, values, secret_key), public_key, limits);
    if (!parsed) return parsed.error();
  }

  Transaction tx(db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto ins = db.prepare(
      "INSERT INTO drafts(meeting, collection, record_id, change, value_hashes, created_ms) "
      "VALUES (?,?,?,?,?,?)");
  if (!ins) return ins.error();
  for (const Change& change : changes) {
    const DetachedValues mine = [&] {
      DetachedValues out;
      for (const auto& w : change.fields)
        if (w.detached)
          if (auto it = values.find(w.value_hash); it != values.end()) out.insert(*it);
      return out;
    }();
    TERRAIN_RETURN_IF_ERROR(save_values(mine, change.collection, change.id));
    ins->bind(1, st.meeting)
        .bind(2, change.collection)
        .bind(3, change.id)
        .bind(4, replica_detail::encode_draft(change))
        .bind(5, replica_detail::hashes_json(mine))
        .bind(6, now_ms());
    TERRAIN_RETURN_IF_ERROR(ins->run());
    apply_change(st.history, change, 0, mine);
  }
  TERRAIN_RETURN_IF_ERROR(save_record(st));
  TERRAIN_RETURN_IF_ERROR(save_clock());
  replica_detail::fault_point("write.before_commit");
  return tx.commit();
}

Result<std::string> Replica::create(std::string_view collection, const nlohmann::json& fields,
                                    std::string_view id) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto info_r = collection_info(*m.schemas, collection);
  if (!info_r) return info_r.error();
  const CollectionInfo& info = **info_r;
  if (!fields.is_object())
    return make_error(Errc::malformed, "the fields of a record must be a JSON object",
                      std::string(collection));
  const std::string rid = id.empty() ? new_uuid_v7() : std::string(id);
  if (!is_uuid(rid))
    return make_error(Errc::invalid_argument, "a record id must be a lowercase UUID",
                      record_label(collection, rid));
  auto st = m.load_record(collection, rid);
  if (!st) return st.error();
  std::uint32_t cl = 1;
  if (st->stored) {
    const RecordView view = materialise(st->history);
    if (view.exists)
      return make_error(Errc::conflict, "the record already exists", record_label(collection, rid));
    cl = view.cl + 1;  // re-create after a delete: a new incarnation
  }
  // Counters start at 0 unless given: their value at creation is a write, later
  // changes are increments (kept per device, summed).
  nlohmann::json full = fields;
  for (const auto& c : info.counter_fields)
    if (!full.contains(c)) full[c] = 0;
  TERRAIN_RETURN_IF_ERROR(m.schemas->validate_record(collection, full, rid));
  const std::string meeting = m.meeting_of(info, rid, full);
  if (st->stored && st->meeting != meeting)
    return make_error(Errc::schema_violation,
                      "a re-created record stays in its meeting (field is set at creation only)",
                      record_label(collection, rid), info.meeting_field);
  st->meeting = meeting;

  Change c;
  c.op = Op::create;
  c.collection = std::string(collection);
  c.id = rid;
  c.t = m.clock->now();
  c.cl = cl;
  DetachedValues values;
  for (const auto& [k, v] : full.items()) c.fields.push_back(field_write(info, k, v, {}, values));
  TERRAIN_RETURN_IF_ERROR(m.write_locked({c}, values, *st));
  return rid;
}

Status Replica::update(std::string_view collection, std::string_view id,
                       const nlohmann::json& fields) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto info_r = collection_info(*m.schemas, collection);
  if (!info_r) return info_r.error();
  const CollectionInfo& info = **info_r;
  const std::string record = record_label(collection, id);
  if (!fields.is_object() || fields.empty())
    return make_error(Errc::malformed, "an update needs a non-empty JSON object of fields", record);
  auto st = m.load_record(collection, id);
  if (!st) return st.error();
  if (!st->stored) return no_record(collection, id, false);
  const RecordView view = materialise(st->history);
  if (!view.exists) return no_record(collection, id, true);
  for (const auto& [k, v] : fields.items()) {
    (void)v;
    if (!info.has_field(k))
      return make_error(Errc::unknown_field,
                        "collection '" + info.name + "' has no field '" + k + "'", record, k);
    if (info.is_immutable(k))
      return make_error(Errc::schema_violation, "field is set at creation only", record, k);
    if (info.is_counter(k))
      return make_error(Errc::schema_violation,
                        "a counter changes only by increments (use increment)", record, k);
  }
  TERRAIN_RETURN_IF_ERROR(m.schemas->validate_fields(collection, without_nulls(fields), id));
  // The record as it will be must still be a valid record (required fields kept).
  auto current = m.load_view(collection, id);
  if (!current) return current.error();
  nlohmann::json merged = nlohmann::json::object();
  for (const auto& [k, v] : (**current).items())
    if (!k.empty() && k[0] != '_' && !v.is_null()) merged[k] = v;
  for (const auto& [k, v] : fields.items()) {
    if (v.is_null())
      merged.erase(k);
    else
      merged[k] = v;
  }
  if (view.redacted.empty()) {
    TERRAIN_RETURN_IF_ERROR(m.schemas->validate_record(collection, merged, id));
  } else {
    // An erased value cannot be shown to the validator: check what remains.
    TERRAIN_RETURN_IF_ERROR(m.schemas->validate_fields(collection, merged, id));
  }

  Change c;
  c.op = Op::set;
  c.collection = std::string(collection);
  c.id = std::string(id);
  c.t = m.clock->now();
  c.cl = view.cl;
  DetachedValues values;
  for (const auto& [k, v] : fields.items())
    c.fields.push_back(field_write(info, k, v, view.versions, values));
  return m.write_locked({c}, values, *st);
}

Status Replica::remove(std::string_view collection, std::string_view id) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto info_r = collection_info(*m.schemas, collection);
  if (!info_r) return info_r.error();
  auto st = m.load_record(collection, id);
  if (!st) return st.error();
  if (!st->stored) return no_record(collection, id, false);
  const RecordView view = materialise(st->history);
  if (!view.exists) return no_record(collection, id, true);
  Change c;
  c.op = Op::del;
  c.collection = std::string(collection);
  c.id = std::string(id);
  c.t = m.clock->now();
  c.cl = view.cl + 1;
  c.seen = view.versions;
  return m.write_locked({c}, {}, *st);
}

Status Replica::increment(std::string_view collection, std::string_view id, std::string_view field,
                          std::int64_t by) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto info_r = collection_info(*m.schemas, collection);
  if (!info_r) return info_r.error();
  const CollectionInfo& info = **info_r;
  const std::string record = record_label(collection, id);
  if (!info.has_field(field))
    return make_error(Errc::unknown_field,
                      "collection '" + info.name + "' has no field '" + std::string(field) + "'",
                      record, std::string(field));
  if (!info.is_counter(field))
    return make_error(Errc::schema_violation, "only counter fields can be incremented", record,
                      std::string(field));
  if (by == 0)
    return make_error(Errc::invalid_argument, "an increment of 0 changes nothing", record,
                      std::string(field));
  if (by > m.limits.max_counter_step || by < -m.limits.max_counter_step)
    return make_error(
        Errc::too_large,
        "an increment is at most " + std::to_string(m.limits.max_counter_step) + " either way",
        record, std::string(field));
  auto st = m.load_record(collection, id);
  if (!st) return st.error();
  if (!st->stored) return no_record(collection, id, false);
  const RecordView view = materialise(st->history);
  if (!view.exists) return no_record(collection, id, true);
  Change c;
  c.op = Op::inc;
  c.collection = std::string(collection);
  c.id = std::string(id);
  c.t = m.clock->now();
  c.cl = view.cl;
  c.counter = std::string(field);
  c.by = by;
  return m.write_locked({c}, {}, *st);
}

Status Replica::resolve(const Resolution& r) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto info_r = collection_info(*m.schemas, r.collection);
  if (!info_r) return info_r.error();
  const CollectionInfo& info = **info_r;
  const std::string record = record_label(r.collection, r.id);
  auto st = m.load_record(r.collection, r.id);
  if (!st) return st.error();
  if (!st->stored) return no_record(r.collection, r.id, false);
  const RecordView view = materialise(st->history);
  const Conflict* conflict = nullptr;
  for (const auto& k : view.conflicts)
    if (k.field == r.field && k.loser_version == r.loser_version) conflict = &k;
  if (conflict == nullptr)
    return make_error(Errc::not_found,
                      "no conflict on this field with loser version " + r.loser_version.to_string(),
                      record, r.field);

  Change c;
  c.collection = r.collection;
  c.id = r.id;
  c.resolves.push_back(r.loser_version);
  DetachedValues values;

  if (r.keep == Resolution::Keep::winner) {
    // A resolve belongs to an incarnation (odd cl): the current one, or the one the
    // delete ended.
    c.op = Op::resolve;
    c.cl = view.cl % 2 == 1 ? view.cl : view.cl - 1;
    c.t = m.clock->now();
    return m.write_locked({c}, values, *st);
  }

  nlohmann::json kept;
  if (r.keep == Resolution::Keep::loser) {
    if (conflict->loser_redacted)
      return make_error(Errc::conflict, "the losing value was erased and cannot be kept", record,
                        r.field);
    kept = conflict->loser_value;
  } else {
    kept = r.value;
  }
  if (info.is_counter(r.field) || info.is_immutable(r.field))
    return make_error(Errc::schema_violation,
                      "this field cannot be set by a resolution (counter or set at creation "
                      "only): keep the winner",
                      record, r.field);

  if (view.exists) {
    // Set the kept value over the current winner, acknowledging the loser.
    nlohmann::json one = {{r.field, kept}};
    TERRAIN_RETURN_IF_ERROR(m.schemas->validate_fields(r.collection, without_nulls(one), r.id));
    c.op = Op::set;
    c.cl = view.cl;
    c.t = m.clock->now();
    c.fields.push_back(field_write(info, r.field, kept, view.versions, values));
    return m.write_locked({c}, values, *st);
  }

  // The record is deleted and the edit lost to the delete is to be kept: re-create the
  // record as it was in the loser's incarnation, with the kept value.
  std::uint32_t loser_cl = 0;
  for (const auto& e : st->history.entries)
    if (e.t == r.loser_version) loser_cl = e.cl;
  RecordHistory former = st->history;
  std::erase_if(former.entries, [&](const HistoryEntry& e) { return e.cl > loser_cl; });
  const RecordView old = materialise(former);
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [k, v] : old.fields.items()) {
    if (v.is_null()) continue;
    if (std::find(old.redacted.begin(), old.redacted.end(), k) != old.redacted.end()) continue;
    fields[k] = v;
  }
  fields[r.field] = kept;
  TERRAIN_RETURN_IF_ERROR(m.schemas->validate_record(r.collection, fields, r.id));
  // Only set and resolve acknowledge versions: a create, then a resolve.
  c.op = Op::create;
  c.cl = view.cl + 1;
  c.t = m.clock->now();
  c.resolves.clear();
  for (const auto& [k, v] : fields.items()) c.fields.push_back(field_write(info, k, v, {}, values));
  Change ack;
  ack.op = Op::resolve;
  ack.collection = r.collection;
  ack.id = r.id;
  ack.cl = c.cl;
  ack.t = m.clock->now();
  ack.resolves.push_back(r.loser_version);
  return m.write_locked({c, ack}, values, *st);
}

}  // namespace terrain
