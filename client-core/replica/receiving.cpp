// Receiving: pulled pages, server retractions and redactions, and full rebuilds.
//
// Invariants:
//  1. Exactly once: a change set is applied only if its hash is neither in `received`
//     nor in the outbox; it is stored in the same transaction as its effect.
//  2. All or nothing: every change set of a page is verified before anything is
//     written; one that does not verify refuses the whole page (nothing applied, the
//     cursor unchanged), with an error naming its position and hash.
//  3. The cursor is saved in the same transaction as the page it follows.
//  4. A retracted device's change sets after its after_seq are kept (they are signed
//     history) but have no effect; a redacted value is dropped from the store and
//     merges as redacted, including in change sets that arrive later.
//  5. rebuild_state_locked() computes every record from the stored change sets alone,
//     so it equals the incremental result (merge is order-independent).
#include <map>
#include <set>

#include "draft_codec.h"
#include "fault_points.h"
#include "replica_impl.h"

namespace terrain {

using replica_detail::RecordState;
using sqlite::Transaction;

namespace {

using RecordKey = std::pair<std::string, std::string>;

bool is_hex(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// The values one change refers to.
DetachedValues values_of(const Change& c, const DetachedValues& all) {
  DetachedValues out;
  for (const auto& w : c.fields)
    if (w.detached)
      if (auto it = all.find(w.value_hash); it != all.end()) out[w.value_hash] = it->second;
  return out;
}

Hlc max_version_of(const ChangeSet& cs) {
  Hlc hi;
  for (const auto& c : cs.changes)
    if (hi.is_null() || hi < c.t) hi = c.t;
  return hi;
}

}  // namespace

namespace {

Result<std::map<std::string, std::uint64_t>> load_retractions(sqlite::Database& db) {
  std::map<std::string, std::uint64_t> out;
  auto st = db.prepare("SELECT device, after_seq FROM retractions");
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out[st->text(0)] = static_cast<std::uint64_t>(st->int64(1));
  }
  return out;
}

bool is_retracted(const std::map<std::string, std::uint64_t>& retractions,
                  const std::string& device, std::uint64_t seq) {
  auto it = retractions.find(device);
  return it != retractions.end() && seq > it->second;
}

}  // namespace

Result<ApplyReport> Replica::apply_remote(const std::vector<RemoteChangeSet>& page,
                                          const std::string& cursor) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  ApplyReport report;

  struct Verified {
    const RemoteChangeSet* remote;
    ChangeSet cs;
    std::string hash;
    DetachedValues values;
  };
  std::vector<Verified> todo;
  std::set<std::string> in_page;
  auto held = m.db.prepare(
      "SELECT 1 FROM received WHERE hash=?1 UNION ALL SELECT 1 FROM outbox WHERE hash=?1");
  if (!held) return held.error();
  auto redacted = m.db.prepare("SELECT redacted FROM detached_values WHERE hash=?");
  if (!redacted) return redacted.error();
  for (std::size_t i = 0; i < page.size(); ++i) {
    const RemoteChangeSet& rc = page[i];
    const std::string hash = rc.signed_change_set.hash();
    const std::string where =
        "change set " + std::to_string(i + 1) + " of the page (" + hash.substr(0, 16) + ")";
    if (in_page.count(hash) != 0) {
      ++report.duplicates;
      continue;
    }
    held->reset();
    held->bind(1, hash);
    auto row = held->step();
    if (!row) return row.error();
    if (*row) {
      ++report.duplicates;
      continue;
    }
    auto cs = verify_and_parse(rc.signed_change_set, rc.author, m.limits);
    if (!cs) {
      const Error& e = cs.error();
      return make_error(e.code, where + " refused, nothing applied: " + e.message, e.record,
                        e.field);
    }
    if (cs->device != device_id_of(rc.author))
      return make_error(Errc::bad_signature, where + " refused, nothing applied: its device " +
                                                 cs->device +
                                                 " is not the device of the key it verified with");
    in_page.insert(hash);
    Verified v{&rc, std::move(*cs), hash, rc.signed_change_set.values};
    // A value erased before it arrived stays erased.
    for (auto& [h, dv] : v.values) {
      redacted->reset();
      redacted->bind(1, h);
      auto r = redacted->step();
      if (!r) return r.error();
      if (*r && redacted->int64(0) != 0) dv = DetachedValue{{}, {}, true};
    }
    todo.push_back(std::move(v));
  }
  auto retractions = load_retractions(m.db);
  if (!retractions) return retractions.error();

  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  std::map<RecordKey, RecordState> touched;
  auto ins = m.db.prepare(
      "INSERT INTO received(hash, device, seq, meeting, author_key, body, sig, value_hashes, "
      "max_version, received_ms) VALUES (?,?,?,?,?,?,?,?,?,?)");
  if (!ins) return ins.error();
  for (const auto& v : todo) {
    const bool retracted = is_retracted(*retractions, v.cs.device, v.cs.seq);
    for (const auto& c : v.cs.changes) {
      m.clock->observe(c.t);
      const DetachedValues vals = values_of(c, v.values);
      TERRAIN_RETURN_IF_ERROR(m.save_values(vals, c.collection, c.id));
      if (retracted) continue;
      RecordKey key{c.collection, c.id};
      auto it = touched.find(key);
      if (it == touched.end()) {
        auto st = m.load_record(c.collection, c.id);
        if (!st) return st.error();
        if (!st->stored) st->meeting = v.cs.meeting;
        it = touched.emplace(key, std::move(*st)).first;
      }
      apply_change(it->second.history, c, v.cs.seq, vals);
    }
    const Hlc hi = max_version_of(v.cs);
    ins->bind(1, v.hash)
        .bind(2, v.cs.device)
        .bind(3, static_cast<std::int64_t>(v.cs.seq))
        .bind(4, v.cs.meeting)
        .bind(5, hex_of(v.remote->author))
        .bind_blob(6, v.remote->signed_change_set.body)
        .bind_blob(7, replica_detail::sig_to_bytes(v.remote->signed_change_set.sig))
        .bind(8, replica_detail::hashes_json(v.values))
        .bind(9, hi.is_null() ? std::string() : hi.to_string())
        .bind(10, m.now_ms());
    TERRAIN_RETURN_IF_ERROR(ins->run());
  }
  for (const auto& [key, st] : touched) TERRAIN_RETURN_IF_ERROR(m.save_record(st));
  auto cur = m.db.prepare("UPDATE server SET cursor=? WHERE id=1");
  if (!cur) return cur.error();
  cur->bind(1, cursor);
  TERRAIN_RETURN_IF_ERROR(cur->run());
  TERRAIN_RETURN_IF_ERROR(m.save_clock());
  replica_detail::fault_point("apply.before_commit");
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  report.applied = todo.size();
  auto n = m.count("SELECT COUNT(*) FROM conflicts");
  if (!n) return n.error();
  report.conflicts = static_cast<std::size_t>(*n);
  return report;
}

Result<std::size_t> Replica::apply_retraction(const SignedRetraction& retraction) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto sv = m.db.prepare("SELECT public_key FROM server WHERE id=1");
  if (!sv) return sv.error();
  auto row = sv->step();
  if (!row) return row.error();
  if (!*row || sv->text(0).empty())
    return make_error(Errc::not_enrolled, "no server key to verify a retraction with");
  auto pk = public_key_from_hex(sv->text(0));
  if (!pk) return make_error(Errc::storage, "the stored server key is damaged");
  if (!verify(*pk, kRetractionContext, retraction.body, retraction.sig))
    return make_error(Errc::bad_signature, "the retraction is not signed by the server");
  auto j = nlohmann::json::parse(retraction.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("device") || !j["device"].is_string() ||
      !is_hex(j["device"].get<std::string>(), 16) || !j.contains("after_seq") ||
      !j["after_seq"].is_number_unsigned())
    return make_error(Errc::malformed,
                      "a retraction is {\"device\": \"<16 hex>\", \"after_seq\": N, ...}");
  const std::string device = j["device"].get<std::string>();
  const auto after_seq = j["after_seq"].get<std::uint64_t>();

  // The records it touches: those of the device's change sets after after_seq.
  std::set<RecordKey> affected;
  {
    auto st = m.db.prepare(
        "SELECT body, sig, value_hashes, author_key FROM received WHERE device=? AND seq>?");
    if (!st) return st.error();
    st->bind(1, device).bind(2, static_cast<std::int64_t>(after_seq));
    for (;;) {
      auto r = st->step();
      if (!r) return r.error();
      if (!*r) break;
      SignedChangeSet scs;
      scs.body = st->blob(0);
      auto sig = replica_detail::sig_from_bytes(st->blob(1));
      if (!sig) return sig.error();
      scs.sig = *sig;
      auto author = public_key_from_hex(st->text(3));
      if (!author) return make_error(Errc::storage, "a stored author key is damaged");
      auto cs = verify_and_parse(scs, *author, m.limits);
      if (!cs) return make_error(Errc::storage, "a stored change set does not verify any more");
      for (const auto& c : cs->changes) affected.insert({c.collection, c.id});
    }
  }
  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto ins = m.db.prepare(
      "INSERT INTO retractions(device, after_seq, body, sig) VALUES (?,?,?,?) ON "
      "CONFLICT(device) DO UPDATE SET after_seq=MIN(after_seq, excluded.after_seq), "
      "body=excluded.body, sig=excluded.sig");
  if (!ins) return ins.error();
  ins->bind(1, device)
      .bind(2, static_cast<std::int64_t>(after_seq))
      .bind_blob(3, retraction.body)
      .bind_blob(4, replica_detail::sig_to_bytes(retraction.sig));
  TERRAIN_RETURN_IF_ERROR(ins->run());
  for (const auto& [collection, id] : affected) {
    auto st = m.load_record(collection, id);
    if (!st) return st.error();
    if (!st->stored) continue;
    retract(st->history, device, after_seq);
    TERRAIN_RETURN_IF_ERROR(m.save_record(*st));
  }
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  return affected.size();
}

Result<std::size_t> Replica::apply_redaction(const std::string& value_hash) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  if (!is_hex(value_hash, 64))
    return make_error(Errc::invalid_argument, "a value hash is 64 lowercase hex digits");
  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto q = m.db.prepare("SELECT collection, record_id FROM detached_values WHERE hash=?");
  if (!q) return q.error();
  q->bind(1, value_hash);
  auto row = q->step();
  if (!row) return row.error();
  std::string collection, id;
  if (*row) {
    collection = q->text(0);
    id = q->text(1);
  }
  q->reset();
  auto up = m.db.prepare(
      "INSERT INTO detached_values(hash, collection, record_id, value, redacted) VALUES "
      "(?, '', '', NULL, 1) ON CONFLICT(hash) DO UPDATE SET value=NULL, redacted=1");
  if (!up) return up.error();
  up->bind(1, value_hash);
  TERRAIN_RETURN_IF_ERROR(up->run());
  std::size_t affected = 0;
  if (!collection.empty()) {
    auto st = m.load_record(collection, id);
    if (!st) return st.error();
    if (st->stored && redact(st->history, value_hash)) {
      TERRAIN_RETURN_IF_ERROR(m.save_record(*st));
      affected = 1;
    }
  }
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  // The erased bytes may linger in free pages and the WAL: reclaim them.
  (void)m.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return affected;
}

Status Replica::Impl::rebuild_state_locked() {
  auto retractions = load_retractions(db);
  if (!retractions) return retractions.error();
  std::map<RecordKey, RecordState> records;
  auto add = [&](const ChangeSet& cs, const DetachedValues& vals, std::uint64_t seq,
                 const std::string& meeting) {
    if (is_retracted(*retractions, cs.device, seq)) return;
    for (const auto& c : cs.changes) {
      RecordKey key{c.collection, c.id};
      auto it = records.find(key);
      if (it == records.end()) {
        RecordState st;
        st.collection = c.collection;
        st.id = c.id;
        st.meeting = meeting;
        st.history.collection = c.collection;
        st.history.id = c.id;
        it = records.emplace(key, std::move(st)).first;
      }
      apply_change(it->second.history, c, seq, vals);
    }
  };
  auto load_signed = [&](const char* sql, bool own) -> Status {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      SignedChangeSet scs;
      scs.body = st->blob(0);
      auto sig = replica_detail::sig_from_bytes(st->blob(1));
      if (!sig) return sig.error();
      scs.sig = *sig;
      auto hashes = replica_detail::hashes_from_json(st->text(2));
      if (!hashes) return hashes.error();
      auto vals = load_values(*hashes);
      if (!vals) return vals.error();
      scs.values = std::move(*vals);
      PublicKey author = public_key;
      if (!own) {
        auto k = public_key_from_hex(st->text(3));
        if (!k) return make_error(Errc::storage, "a stored author key is damaged");
        author = *k;
      }
      auto cs = verify_and_parse(scs, author, limits);
      if (!cs)
        return make_error(Errc::storage,
                          "a stored change set does not verify any more: " + cs.error().message);
      add(*cs, scs.values, cs->seq, cs->meeting);
    }
    return {};
  };
  TERRAIN_RETURN_IF_ERROR(
      load_signed("SELECT body, sig, value_hashes, author_key FROM received", false));
  TERRAIN_RETURN_IF_ERROR(load_signed("SELECT body, sig, value_hashes, '' FROM outbox", true));
  {
    auto st = db.prepare("SELECT meeting, change, value_hashes FROM drafts ORDER BY n");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      auto c = replica_detail::decode_draft(st->text(1));
      if (!c) return c.error();
      auto hashes = replica_detail::hashes_from_json(st->text(2));
      if (!hashes) return hashes.error();
      auto vals = load_values(*hashes);
      if (!vals) return vals.error();
      ChangeSet one;
      one.device = device_id;
      one.changes.push_back(std::move(*c));
      add(one, *vals, 0, st->text(0));
    }
  }
  TERRAIN_RETURN_IF_ERROR(db.exec("DELETE FROM records; DELETE FROM conflicts;"));
  for (const auto& [key, st] : records) TERRAIN_RETURN_IF_ERROR(save_record(st));
  return {};
}

Status Replica::rebuild_state() {
  std::lock_guard lock(impl_->mu);
  Transaction tx(impl_->db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  TERRAIN_RETURN_IF_ERROR(impl_->rebuild_state_locked());
  return tx.commit();
}

}  // namespace terrain
