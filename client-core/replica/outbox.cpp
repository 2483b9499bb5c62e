// The outbox: sealing drafts into signed change sets, and their lifecycle until the
// server's outcome.
//
//   draft --seal()--> pending --mark_sent()--> sent --receipt accepted----> accepted
//                       ^  ^                    |  \--receipt quarantined-> quarantined
//                       |  +--receipt rejected--+                            |
//                       +---- handle_epoch_change() (acknowledged,           | record_decision()
//                             lost by the server)                            v
//                                            quarantined + decision released | rejected
//   A decision (reported by the server at a pull) annotates a quarantined change set:
//   its state and receipt stay as they are; the app shows what the CNSA decided.
//
// Invariants:
//  1. seq is last_seq + 1 and prev is the previous body's hash (kGenesisPrev for seq 1):
//     device.last_seq / device.last_hash move in the same transaction as the outbox rows.
//  2. Sealing is ONE transaction: drafts deleted, change sets inserted, chain advanced.
//     A crash before COMMIT (before or after signing) leaves the drafts; the next seal
//     produces the same seq again. Those bytes were never sent, so this is no fork.
//  3. acked_once: a change set that ever held an accepted/quarantined receipt is never
//     re-stamped or re-signed (restamp refuses), even if an epoch change makes it
//     pending again: it is pushed again with its original bytes.
//  4. A restamp replaces a tail of unacknowledged change sets (same seq numbers, new
//     bytes) and the drafts, remapping every reference to the versions it changed, and
//     rebuilds local state, all in one transaction.
#include <algorithm>
#include <map>
#include <set>

#include "draft_codec.h"
#include "fault_points.h"
#include "replica_impl.h"

namespace terrain {

using sqlite::Transaction;

namespace {

struct Draft {
  std::int64_t n = 0;
  std::string meeting;
  Change change;
  std::vector<std::string> hashes;
  std::size_t bytes = 0;  // rough size on the wire
};

struct Batch {
  std::string meeting;
  std::vector<const Draft*> drafts;
  std::size_t bytes = 0;
};

std::pair<std::string, std::string> version_range(const ChangeSet& cs) {
  Hlc lo, hi;
  for (const auto& c : cs.changes) {
    if (lo.is_null() || c.t < lo) lo = c.t;
    if (hi.is_null() || hi < c.t) hi = c.t;
  }
  return {lo.is_null() ? std::string() : lo.to_string(),
          hi.is_null() ? std::string() : hi.to_string()};
}

// Applies a version remapping to every reference a change holds.
void remap_refs(Change& c, const std::map<Hlc, Hlc>& remap) {
  auto map = [&](Hlc& h) {
    if (auto it = remap.find(h); it != remap.end()) h = it->second;
  };
  for (auto& w : c.fields)
    if (w.base) map(*w.base);
  for (auto& [f, h] : c.seen) map(h);
  for (auto& h : c.resolves) map(h);
}

}  // namespace

Result<ChangeSet> Replica::Impl::parse_own(const SignedChangeSet& scs) {
  auto cs = verify_and_parse(scs, public_key, limits);
  if (!cs)
    return make_error(Errc::storage,
                      "an own change set in the outbox does not verify: " + cs.error().message);
  return cs;
}

Result<std::size_t> Replica::seal() {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  std::vector<Draft> drafts;
  {
    auto st = m.db.prepare("SELECT n, meeting, change, value_hashes FROM drafts ORDER BY n");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      Draft d;
      d.n = st->int64(0);
      d.meeting = st->text(1);
      const std::string text = st->text(2);
      auto c = replica_detail::decode_draft(text);
      if (!c) return c.error();
      d.change = std::move(*c);
      auto h = replica_detail::hashes_from_json(st->text(3));
      if (!h) return h.error();
      d.hashes = std::move(*h);
      d.bytes = text.size() + 256;
      drafts.push_back(std::move(d));
    }
  }
  if (drafts.empty()) return std::size_t{0};

  // One meeting per change set, at most seal_batch changes, and well under the size
  // limit (values count with their JSON text; half the limit keeps room for base64
  // and escaping).
  std::vector<Batch> batches;
  std::map<std::string, std::size_t> open;  // meeting -> index of its open batch
  const std::size_t max_bytes = m.limits.max_change_set_bytes / 2;
  auto values = m.load_values([&] {
    std::vector<std::string> all;
    for (const auto& d : drafts) all.insert(all.end(), d.hashes.begin(), d.hashes.end());
    return all;
  }());
  if (!values) return values.error();
  for (auto& d : drafts) {
    for (const auto& h : d.hashes)
      if (auto it = values->find(h); it != values->end()) d.bytes += it->second.json.size() + 80;
    auto it = open.find(d.meeting);
    if (it == open.end() || batches[it->second].drafts.size() >= m.limits.seal_batch ||
        batches[it->second].bytes + d.bytes > max_bytes) {
      batches.push_back(Batch{d.meeting, {}, 0});
      open[d.meeting] = batches.size() - 1;
      it = open.find(d.meeting);
    }
    batches[it->second].drafts.push_back(&d);
    batches[it->second].bytes += d.bytes;
  }

  auto dev = m.db.prepare("SELECT last_seq, last_hash FROM device WHERE id=1");
  if (!dev) return dev.error();
  if (auto row = dev->step(); !row || !*row)
    return make_error(Errc::storage, "the device row is missing");
  std::uint64_t seq = static_cast<std::uint64_t>(dev->int64(0));
  std::string prev = dev->text(1);

  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto ins = m.db.prepare(
      "INSERT INTO outbox(seq, hash, meeting, changes, body, sig, value_hashes, min_version, "
      "max_version, state, created_ms) VALUES (?,?,?,?,?,?,?,?,?,'pending',?)");
  if (!ins) return ins.error();
  auto del = m.db.prepare("DELETE FROM drafts WHERE n=?");
  if (!del) return del.error();
  for (const auto& b : batches) {
    ChangeSet cs;
    cs.device = m.device_id;
    cs.seq = ++seq;
    cs.prev = prev;
    cs.schema = m.schemas->version();
    cs.meeting = b.meeting;
    DetachedValues vals;
    for (const Draft* d : b.drafts) {
      cs.changes.push_back(d->change);
      for (const auto& h : d->hashes)
        if (auto it = values->find(h); it != values->end()) vals[h] = it->second;
      del->bind(1, d->n);
      TERRAIN_RETURN_IF_ERROR(del->run());
    }
    replica_detail::fault_point("seal.before_sign");
    const SignedChangeSet scs = terrain::seal(cs, vals, m.secret_key);
    const auto [lo, hi] = version_range(cs);
    prev = scs.hash();
    ins->bind(1, static_cast<std::int64_t>(cs.seq))
        .bind(2, prev)
        .bind(3, cs.meeting)
        .bind(4, static_cast<std::int64_t>(cs.changes.size()))
        .bind_blob(5, scs.body)
        .bind_blob(6, replica_detail::sig_to_bytes(scs.sig))
        .bind(7, replica_detail::hashes_json(vals))
        .bind(8, lo)
        .bind(9, hi)
        .bind(10, m.now_ms());
    TERRAIN_RETURN_IF_ERROR(ins->run());
  }
  auto upd = m.db.prepare("UPDATE device SET last_seq=?, last_hash=? WHERE id=1");
  if (!upd) return upd.error();
  upd->bind(1, static_cast<std::int64_t>(seq)).bind(2, prev);
  TERRAIN_RETURN_IF_ERROR(upd->run());
  replica_detail::fault_point("seal.before_commit");
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  return batches.size();
}

Result<std::vector<PendingChangeSet>> Replica::pending(std::size_t max) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  std::string sql =
      "SELECT seq, hash, state, body, sig, value_hashes FROM outbox WHERE state IN "
      "('pending','sent') ORDER BY seq";
  if (max > 0) sql += " LIMIT " + std::to_string(max);
  auto st = m.db.prepare(sql);
  if (!st) return st.error();
  std::vector<PendingChangeSet> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    PendingChangeSet p;
    p.seq = static_cast<std::uint64_t>(st->int64(0));
    p.hash = st->text(1);
    p.state = st->text(2) == "sent" ? OutboxState::sent : OutboxState::pending;
    p.signed_change_set.body = st->blob(3);
    auto sig = replica_detail::sig_from_bytes(st->blob(4));
    if (!sig) return sig.error();
    p.signed_change_set.sig = *sig;
    auto hashes = replica_detail::hashes_from_json(st->text(5));
    if (!hashes) return hashes.error();
    auto vals = m.load_values(*hashes);
    if (!vals) return vals.error();
    p.signed_change_set.values = std::move(*vals);
    out.push_back(std::move(p));
  }
  return out;
}

Result<bool> Replica::record_decision(const std::string& hash, const std::string& decision,
                                      std::int64_t decided_ms, const std::string& reason) {
  if (decision != "released" && decision != "rejected")
    return make_error(Errc::invalid_argument, "a decision is released or rejected");
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto st = m.db.prepare(
      "UPDATE outbox SET decision=?, decided_ms=?, decision_reason=? WHERE hash=? AND "
      "state='quarantined' AND (decision != ? OR decided_ms != ? OR decision_reason != ?)");
  if (!st) return st.error();
  st->bind(1, decision).bind(2, decided_ms).bind(3, reason).bind(4, hash);
  st->bind(5, decision).bind(6, decided_ms).bind(7, reason);
  TERRAIN_RETURN_IF_ERROR(st->run());
  return m.db.changes() > 0;
}

Result<std::int64_t> Replica::last_decision_ms() {
  std::lock_guard lock(impl_->mu);
  return impl_->count("SELECT COALESCE(MAX(decided_ms), 0) FROM outbox");
}

Status Replica::mark_sent(std::uint64_t seq) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto st = m.db.prepare(
      "UPDATE outbox SET state='sent', sent_ms=? WHERE seq=? AND state IN ('pending','sent')");
  if (!st) return st.error();
  st->bind(1, m.now_ms()).bind(2, static_cast<std::int64_t>(seq));
  TERRAIN_RETURN_IF_ERROR(st->run());
  if (m.db.changes() == 0) {
    auto exists = m.count("SELECT COUNT(*) FROM outbox WHERE seq=" + std::to_string(seq));
    if (!exists) return exists.error();
    if (*exists == 0)
      return make_error(Errc::not_found, "no change set " + std::to_string(seq) + " in the outbox");
  }
  return {};
}

Status Replica::record_receipt(std::uint64_t seq, const SignedReceipt& signed_receipt,
                               const Receipt& r) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto q = m.db.prepare("SELECT hash, state FROM outbox WHERE seq=?");
  if (!q) return q.error();
  q->bind(1, static_cast<std::int64_t>(seq));
  auto row = q->step();
  if (!row) return row.error();
  if (!*row)
    return make_error(Errc::not_found, "no change set " + std::to_string(seq) + " in the outbox");
  const std::string hash = q->text(0);
  const std::string state = q->text(1);
  if (r.device != m.device_id || r.seq != seq || r.change_set != hash)
    return make_error(Errc::hash_mismatch, "the receipt is for another change set (device " +
                                               r.device + ", seq " + std::to_string(r.seq) +
                                               ") than change set " + std::to_string(seq));
  const bool acknowledged = state == "accepted" || state == "quarantined";
  const std::string receipt_json = signed_receipt.to_json().dump();
  if (r.outcome == Outcome::rejected) {
    // A refusal: the server did not keep it. Acknowledged change sets stay so.
    if (acknowledged) return {};
    auto st = m.db.prepare(
        "UPDATE outbox SET state='pending', reason=?, message=?, receipt=? WHERE seq=?");
    if (!st) return st.error();
    st->bind(1, r.reason)
        .bind(2, r.message)
        .bind(3, receipt_json)
        .bind(4, static_cast<std::int64_t>(seq));
    return st->run();
  }
  const bool quarantined = r.outcome == Outcome::quarantined;
  auto st = m.db.prepare(
      "UPDATE outbox SET state=?, reason=?, message=?, receipt=?, acked_once=1, acked_ms=? WHERE "
      "seq=?");
  if (!st) return st.error();
  st->bind(1, quarantined ? "quarantined" : "accepted")
      .bind(2, quarantined ? r.reason : std::string())
      .bind(3, r.message)
      .bind(4, receipt_json)
      .bind(5, m.now_ms())
      .bind(6, static_cast<std::int64_t>(seq));
  return st->run();
}

Result<std::uint64_t> Replica::last_acknowledged_seq() {
  std::lock_guard lock(impl_->mu);
  auto n = impl_->count(
      "SELECT COALESCE(MAX(seq), 0) FROM outbox WHERE state IN ('accepted','quarantined')");
  if (!n) return n.error();
  return static_cast<std::uint64_t>(*n);
}

Result<std::size_t> Replica::handle_epoch_change(const std::string& new_epoch,
                                                 std::uint64_t server_last_seq) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto st = m.db.prepare(
      "UPDATE outbox SET state='pending', reason='epoch_mismatch', message='', acked_ms=0 WHERE "
      "seq>? AND state IN ('accepted','quarantined')");
  if (!st) return st.error();
  st->bind(1, static_cast<std::int64_t>(server_last_seq));
  TERRAIN_RETURN_IF_ERROR(st->run());
  const auto changed = static_cast<std::size_t>(m.db.changes());
  auto sv = m.db.prepare("UPDATE server SET epoch=?, cursor='' WHERE id=1");
  if (!sv) return sv.error();
  sv->bind(1, new_epoch);
  TERRAIN_RETURN_IF_ERROR(sv->run());
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  return changed;
}

Result<std::size_t> Replica::restamp(std::int64_t offset_ms, std::uint64_t from_seq) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  if (from_seq == 0) from_seq = 1;

  struct Row {
    std::uint64_t seq;
    SignedChangeSet scs;
    std::vector<std::string> hashes;
  };
  std::vector<Row> rows;
  {
    auto st = m.db.prepare(
        "SELECT seq, state, acked_once, body, sig, value_hashes FROM outbox WHERE seq>=? ORDER "
        "BY seq");
    if (!st) return st.error();
    st->bind(1, static_cast<std::int64_t>(from_seq));
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      const auto seq = static_cast<std::uint64_t>(st->int64(0));
      const std::string state = st->text(1);
      if (state != "pending" || st->int64(2) != 0)
        return make_error(Errc::conflict, "change set " + std::to_string(seq) + " is " +
                                              (state == "sent" ? "sent without an outcome yet"
                                                               : "acknowledged by the server") +
                                              ": it cannot be re-stamped");
      Row r;
      r.seq = seq;
      r.scs.body = st->blob(3);
      auto sig = replica_detail::sig_from_bytes(st->blob(4));
      if (!sig) return sig.error();
      r.scs.sig = *sig;
      auto h = replica_detail::hashes_from_json(st->text(5));
      if (!h) return h.error();
      r.hashes = std::move(*h);
      rows.push_back(std::move(r));
    }
  }
  // The floor: everything that keeps its version (received, and own change sets
  // below from_seq) must stay below the fresh stamps.
  Hlc floor;
  {
    auto st = m.db.prepare(
        "SELECT MAX(v) FROM (SELECT MAX(max_version) AS v FROM received UNION ALL SELECT "
        "MAX(max_version) FROM outbox WHERE seq<?)");
    if (!st) return st.error();
    st->bind(1, static_cast<std::int64_t>(from_seq));
    auto row = st->step();
    if (!row) return row.error();
    if (*row && !st->is_null(0))
      if (auto h = Hlc::parse(st->text(0))) floor = *h;
  }
  std::string prev(kGenesisPrev);
  if (from_seq > 1) {
    auto st = m.db.prepare("SELECT hash FROM outbox WHERE seq=?");
    if (!st) return st.error();
    st->bind(1, static_cast<std::int64_t>(from_seq - 1));
    auto row = st->step();
    if (!row) return row.error();
    if (!*row)
      return make_error(Errc::sequence_gap,
                        "no change set " + std::to_string(from_seq - 1) + " before the restamp");
    prev = st->text(0);
  }

  // On any failure the clock goes back to where it was: a reset clock that is not
  // committed could issue versions already used by drafts.
  struct ClockGuard {
    HlcClock& clock;
    Hlc last;
    std::int64_t offset;
    bool keep = false;
    ~ClockGuard() {
      if (keep) return;
      clock.set_offset_ms(offset);
      clock.restore(last);
    }
  } guard{*m.clock, m.clock->last(), m.clock->offset_ms()};
  m.clock->set_offset_ms(offset_ms);
  m.clock->reset_to(floor);
  std::map<Hlc, Hlc> remap;

  Transaction tx(m.db);
  TERRAIN_RETURN_IF_ERROR(tx.begin());
  auto upd = m.db.prepare(
      "UPDATE outbox SET hash=?, body=?, sig=?, min_version=?, max_version=?, state='pending', "
      "reason='', message='', receipt=NULL, sent_ms=0 WHERE seq=?");
  if (!upd) return upd.error();
  for (auto& r : rows) {
    auto vals = m.load_values(r.hashes);
    if (!vals) return vals.error();
    r.scs.values = *vals;
    auto cs = m.parse_own(r.scs);
    if (!cs) return cs.error();
    for (auto& c : cs->changes) {
      const Hlc fresh = m.clock->now();
      remap[c.t] = fresh;
      c.t = fresh;
      remap_refs(c, remap);
    }
    cs->prev = prev;
    const SignedChangeSet scs = terrain::seal(*cs, std::move(*vals), m.secret_key);
    prev = scs.hash();
    const auto [lo, hi] = version_range(*cs);
    upd->bind(1, prev)
        .bind_blob(2, scs.body)
        .bind_blob(3, replica_detail::sig_to_bytes(scs.sig))
        .bind(4, lo)
        .bind(5, hi)
        .bind(6, static_cast<std::int64_t>(r.seq));
    TERRAIN_RETURN_IF_ERROR(upd->run());
  }
  if (!rows.empty()) {
    auto dev = m.db.prepare("UPDATE device SET last_hash=? WHERE id=1");
    if (!dev) return dev.error();
    dev->bind(1, prev);
    TERRAIN_RETURN_IF_ERROR(dev->run());
  }
  // Drafts come after every sealed change set: fresh stamps in their order.
  {
    std::vector<std::pair<std::int64_t, Change>> drafts;
    auto st = m.db.prepare("SELECT n, change FROM drafts ORDER BY n");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      auto c = replica_detail::decode_draft(st->text(1));
      if (!c) return c.error();
      drafts.emplace_back(st->int64(0), std::move(*c));
    }
    auto du = m.db.prepare("UPDATE drafts SET change=? WHERE n=?");
    if (!du) return du.error();
    for (auto& [n, c] : drafts) {
      const Hlc fresh = m.clock->now();
      remap[c.t] = fresh;
      c.t = fresh;
      remap_refs(c, remap);
      du->bind(1, replica_detail::encode_draft(c)).bind(2, n);
      TERRAIN_RETURN_IF_ERROR(du->run());
    }
  }
  TERRAIN_RETURN_IF_ERROR(m.rebuild_state_locked());
  TERRAIN_RETURN_IF_ERROR(m.save_clock());
  replica_detail::fault_point("restamp.before_commit");
  TERRAIN_RETURN_IF_ERROR(tx.commit());
  guard.keep = true;
  return rows.size();
}

}  // namespace terrain
