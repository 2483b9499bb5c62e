#include "push/ingest.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "devices/scope.h"
#include "merge/server_state.h"
#include "server.h"

namespace terrain::server {
namespace {

Result<PublicKey> device_key(ServerContext& ctx, const std::string& device) {
  return ctx.store->read([&](sqlite::Database& db) -> Result<PublicKey> {
    auto q = db.prepare("SELECT public_key FROM devices WHERE device_id = ?");
    if (!q) return q.error();
    q->bind(1, device);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return make_error(Errc::unknown_device, "device " + device + " is not registered");
    std::string pk = q->blob(0);
    PublicKey k{};
    if (pk.size() != k.size()) return make_error(Errc::internal, "stored key has a wrong size");
    std::memcpy(k.data(), pk.data(), k.size());
    return k;
  });
}

Status flag_fork(sqlite::Database& db, const std::string& device, std::uint64_t seq) {
  auto q = db.prepare("UPDATE devices SET flagged = 1, flag_reason = ? WHERE device_id = ?");
  if (!q) return q.error();
  q->bind(1, "fork at seq " + std::to_string(seq)).bind(2, device);
  return q->run();
}

// Questionnaire versions published centrally (merged `questionnaire` records), for
// answers to a questionnaire the embedded bundle does not ship.
Result<std::optional<nlohmann::json>> central_questionnaire(sqlite::Database& db,
                                                            const std::string& id,
                                                            std::int64_t version) {
  auto q = db.prepare(
      "SELECT json_extract(view, '$.definition') FROM records WHERE collection = "
      "'questionnaire' AND json_extract(view, '$._deleted') = 0 AND json_extract(view, "
      "'$.questionnaire_id') = ? AND json_extract(view, '$.version') = ?");
  if (!q) return q.error();
  q->bind(1, id).bind(2, version);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row || q->is_null(0)) return std::optional<nlohmann::json>{};
  auto def = nlohmann::json::parse(q->text(0), nullptr, false);
  if (def.is_discarded()) return std::optional<nlohmann::json>{};
  return std::optional<nlohmann::json>{std::move(def)};
}

// What validation looks up in the merged state (a central questionnaire, the record a
// `set` of answers completes), read through `with_db`: a read transaction before the
// write, or the write transaction itself. `used` tells whether any lookup happened,
// i.e. whether the outcome depends on the state.
struct Lookups {
  std::function<Result<std::optional<nlohmann::json>>(
      const std::function<Result<std::optional<nlohmann::json>>(sqlite::Database&)>&)>
      with_db;
  bool used = false;

  QuestionnaireLookup questionnaires() {
    return [this](const std::string& id, std::int64_t version) -> std::optional<nlohmann::json> {
      used = true;
      auto found =
          with_db([&](sqlite::Database& db) { return central_questionnaire(db, id, version); });
      if (!found) return std::nullopt;
      return *found;
    };
  }
  RecordLookup records() {
    return [this](const std::string& collection,
                  const std::string& id) -> std::optional<nlohmann::json> {
      used = true;
      auto view = with_db([&](sqlite::Database& db) { return load_view(db, {collection, id}); });
      if (!view) return std::nullopt;
      return *view;
    };
  }
};

// The receipt of this change set (position 0: not in the log), before it is signed.
Receipt receipt_for(const ServerContext& ctx, const ChangeSet& cs, const std::string& hash,
                    Outcome outcome, std::uint64_t position, std::string reason,
                    std::string message, std::int64_t now) {
  Receipt r;
  r.change_set = hash;
  r.device = cs.device;
  r.seq = cs.seq;
  r.position = position;
  r.outcome = outcome;
  r.reason = std::move(reason);
  r.message = std::move(message);
  r.epoch = ctx.identity.epoch;
  r.server_time_ms = static_cast<std::uint64_t>(now);
  return r;
}

}  // namespace

Limits signed_limits(const Limits& configured) {
  Limits l;  // the protocol's
  l.max_change_set_bytes = configured.max_change_set_bytes;
  l.max_json_depth = configured.max_json_depth;
  l.max_clock_ahead_ms = configured.max_clock_ahead_ms;
  return l;
}

Result<IngestResult> ingest(ServerContext& ctx, const SignedChangeSet& scs,
                            const IngestOptions& options) {
  const Limits& limits = ctx.config.limits;
  IngestResult res;
  auto refuse = [&res](Error e, nlohmann::json extra = nlohmann::json::object()) {
    res.refused = true;
    res.error = std::move(e);
    res.extra = std::move(extra);
    return res;
  };

  // 1-2. signature over the exact body bytes with the signer's key, before the body
  // is even parsed; then structure; then the author named in the body.
  Result<PublicKey> key = options.public_key ? Result<PublicKey>(*options.public_key)
                                             : device_key(ctx, options.device_id);
  if (!key) return refuse(key.error());
  // verify_and_parse verifies the signature itself before parsing; the explicit
  // check (which names the device, and wins over any parse error) runs only when it
  // fails, so an accepted change set costs one Ed25519 verification, not two.
  auto parsed = verify_and_parse(scs, *key, limits);
  // Over a limit the configuration tightened, but within what tablets seal with:
  // authentic, so quarantined (step 7), never refused (a refusal blocks the chain).
  std::optional<Error> over_limit;
  if (!parsed && parsed.error().code == Errc::too_large) {
    auto within_protocol = verify_and_parse(scs, *key, signed_limits(limits));
    if (within_protocol) {
      over_limit = parsed.error();
      parsed = std::move(within_protocol);
    }
  }
  if (!parsed) {
    if (!verify(*key, kChangeSetContext, scs.body, scs.sig))
      return refuse(make_error(Errc::bad_signature,
                               "the change set's signature does not verify "
                               "with the key of device " +
                                   options.device_id));
    return refuse(parsed.error());
  }
  if (parsed->device != options.device_id)
    return refuse(make_error(Errc::forbidden, "the change set names device " + parsed->device +
                                                  ", not the device that signed it"));
  const ChangeSet& cs = *parsed;
  const std::string hash = scs.hash();
  // 3. schema, in parallel with other requests (outside the single writer); what it
  // looks up in the merged state is read again below inside the write transaction.
  Lookups before_write;
  before_write.with_db = [&ctx](const auto& fn) { return ctx.store->read(fn); };
  Status valid = over_limit
                     ? Status(*over_limit)
                     : ctx.schemas->validate_change_set(
                           cs, scs.values, before_write.questionnaires(), before_write.records());
  if (!valid.ok() && !options.quarantine_invalid && !before_write.used)
    return refuse(valid.error());
  std::uint64_t device_time_ms = 0;
  for (const auto& c : cs.changes) device_time_ms = std::max(device_time_ms, c.t.ms);

  return ctx.store->write([&](sqlite::Database& db) -> Result<IngestResult> {
    // Validation that depended on the merged state sees the state this transaction
    // commits on (a questionnaire closed or a record changed meanwhile counts).
    if (before_write.used) {
      Lookups in_write;
      in_write.with_db = [&db](const auto& fn) { return fn(db); };
      valid = ctx.schemas->validate_change_set(cs, scs.values, in_write.questionnaires(),
                                               in_write.records());
      if (!valid.ok() && !options.quarantine_invalid) return refuse(valid.error());
    }
    auto dq = db.prepare(
        "SELECT last_seq, last_hash, revoked_ms, scope, is_server, role FROM devices WHERE "
        "device_id = ?");
    if (!dq) return dq.error();
    dq->bind(1, cs.device);
    auto drow = dq->step();
    if (!drow) return drow.error();
    if (!*drow) return refuse(make_error(Errc::unknown_device, "device is not registered"));
    const auto last_seq = static_cast<std::uint64_t>(dq->int64(0));
    const std::string last_hash = dq->text(1);
    const bool revoked = !dq->is_null(2);
    const std::string scope_text = dq->text(3);
    const bool is_server = dq->int64(4) != 0;
    const std::string role = dq->text(5);
    dq->reset();
    if (revoked)
      return refuse(make_error(Errc::device_revoked, "device " + cs.device + " was revoked"));

    // 4. epoch
    if (options.client_epoch && *options.client_epoch != ctx.identity.epoch)
      return refuse(
          make_error(Errc::epoch_mismatch, "the server was restored from a backup (epoch " +
                                               ctx.identity.epoch + "): push again from seq " +
                                               std::to_string(last_seq + 1)),
          {{"epoch", ctx.identity.epoch}, {"last_seq", last_seq}, {"last_hash", last_hash}});

    // 5. chain
    if (cs.seq <= last_seq) {
      auto q = db.prepare(
          "SELECT hash, receipt_body, receipt_sig FROM change_sets WHERE device_id = ? AND seq = "
          "?");
      if (!q) return q.error();
      q->bind(1, cs.device).bind(2, cs.seq);
      auto row = q->step();
      if (!row) return row.error();
      if (*row && q->text(0) == hash) {
        res.replay = true;
        res.signed_receipt.body = q->text(1);
        std::string sig = q->blob(2);
        if (sig.size() != res.signed_receipt.sig.size())
          return make_error(Errc::internal, "stored receipt signature has a wrong size");
        std::memcpy(res.signed_receipt.sig.data(), sig.data(), sig.size());
        auto r = verify_receipt(res.signed_receipt, ctx.identity.keys.public_key);
        if (!r) return r.error();
        res.receipt = *r;
        return res;
      }
      q->reset();
      TERRAIN_RETURN_IF_ERROR(flag_fork(db, cs.device, cs.seq));
      return refuse(make_error(Errc::fork, "seq " + std::to_string(cs.seq) +
                                               " was already received with different content"),
                    {{"seq", cs.seq}, {"last_seq", last_seq}});
    }
    if (cs.seq > last_seq + 1)
      return refuse(
          make_error(Errc::sequence_gap, "seq " + std::to_string(cs.seq) + " arrives before seq " +
                                             std::to_string(last_seq + 1)),
          {{"expected_seq", last_seq + 1}});
    if (cs.prev != last_hash) {
      TERRAIN_RETURN_IF_ERROR(flag_fork(db, cs.device, cs.seq));
      return refuse(make_error(Errc::fork, "seq " + std::to_string(cs.seq) +
                                               " does not follow the stored seq " +
                                               std::to_string(last_seq) + " (prev differs)"),
                    {{"seq", cs.seq}, {"last_seq", last_seq}});
    }

    // 6. clock: refused with a signed "rejected" receipt (stored nowhere), so the
    // device holds an explicit, verifiable outcome before it re-stamps.
    const std::int64_t now = now_ms();
    if (static_cast<std::int64_t>(device_time_ms) > now + limits.max_clock_ahead_ms) {
      Error e = make_error(
          Errc::clock_ahead,
          "the change set is stamped " +
              std::to_string((static_cast<std::int64_t>(device_time_ms) - now) / 1000) +
              " s ahead of the server clock: correct the clock, re-stamp and push again");
      Receipt rejected =
          receipt_for(ctx, cs, hash, Outcome::rejected, 0, e.code_name(), e.message, now);
      return refuse(e,
                    {{"server_time_ms", now},
                     {"receipt", sign_receipt(rejected, ctx.identity.keys.secret_key).to_json()}});
    }

    // 7. scope, then validity: a write the device may not make is out_of_scope, whatever
    // else is wrong with it (the real cause, and nothing of it is checked further).
    Outcome outcome = Outcome::accepted;
    std::string reason, message;
    auto quarantine = [&](const Error& e) {
      outcome = Outcome::quarantined;
      reason = e.code_name();
      message = e.to_string();
    };
    if (!is_server) {
      auto sj = nlohmann::json::parse(scope_text, nullptr, false);
      auto scope = scope_from_json(sj);
      if (!scope) return make_error(Errc::internal, "stored scope is invalid");
      Status in_scope = check_scope(db, *scope, role, cs);
      if (!in_scope.ok()) {
        if (in_scope.code() != Errc::out_of_scope) return in_scope.error();
        quarantine(in_scope.error());
      }
    }
    if (outcome == Outcome::accepted && !valid.ok()) quarantine(valid.error());

    // 8. store as received (minus values erased since), merge, log, receipt
    SignedChangeSet stored = scs;
    {
      auto rq = db.prepare("SELECT 1 FROM redactions WHERE hash = ?");
      if (!rq) return rq.error();
      for (auto& [h, v] : stored.values) {
        rq->reset();
        rq->bind(1, h);
        auto row = rq->step();
        if (!row) return row.error();
        if (*row) v = DetachedValue{"", "", true};
      }
    }
    // The change set's row id and, when accepted, its log position are known before
    // anything is written (this is the single writer): the receipt is signed first
    // and stored with the row, which is written once (an UPDATE would rewrite the
    // whole body, hundreds of kilobytes for a large set).
    auto ids = db.prepare(
        "SELECT (SELECT coalesce(max(id), 0) + 1 FROM change_sets), "
        "max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'log'), 0), "
        "coalesce((SELECT max(position) FROM log), 0)) + 1");
    if (!ids) return ids.error();
    auto ids_row = ids->step();
    if (!ids_row) return ids_row.error();
    if (!*ids_row) return make_error(Errc::internal, "no next change set id");
    const std::int64_t cs_id = ids->int64(0);
    const std::uint64_t position =
        outcome == Outcome::accepted ? static_cast<std::uint64_t>(ids->int64(1)) : 0;
    ids->reset();

    const Receipt r = receipt_for(ctx, cs, hash, outcome, position, reason, message, now);
    SignedReceipt sr = sign_receipt(r, ctx.identity.keys.secret_key);

    auto ins = db.prepare(
        "INSERT INTO change_sets(id, hash, device_id, seq, meeting, body, sig, vals, state, "
        "reason, message, device_time_ms, received_ms, position, receipt_body, receipt_sig) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!ins) return ins.error();
    ins->bind(1, cs_id)
        .bind(2, hash)
        .bind(3, cs.device)
        .bind(4, cs.seq)
        .bind(5, cs.meeting)
        .bind_blob(6, stored.body)
        .bind_blob(7, std::string_view(reinterpret_cast<const char*>(stored.sig.data()),
                                       stored.sig.size()))
        .bind(8, values_to_json(stored.values).dump())
        .bind(9, outcome_name(outcome))
        .bind(10, reason.empty() ? std::optional<std::string>() : std::optional(reason))
        .bind(11, message.empty() ? std::optional<std::string>() : std::optional(message))
        .bind(12, static_cast<std::int64_t>(device_time_ms))
        .bind(13, now)
        .bind(14, position == 0 ? std::optional<std::int64_t>()
                                : std::optional<std::int64_t>(static_cast<std::int64_t>(position)))
        .bind(15, sr.body)
        .bind_blob(16,
                   std::string_view(reinterpret_cast<const char*>(sr.sig.data()), sr.sig.size()));
    TERRAIN_RETURN_IF_ERROR(ins->run());

    std::set<std::string> detached;
    for (const auto& c : cs.changes)
      for (const auto& f : c.fields)
        if (f.detached) detached.insert(f.value_hash);
    auto dv = db.prepare("INSERT OR IGNORE INTO detached_values(hash, change_set_id) VALUES (?,?)");
    if (!dv) return dv.error();
    for (const auto& h : detached) {
      dv->reset();
      dv->bind(1, h).bind(2, cs_id);
      TERRAIN_RETURN_IF_ERROR(dv->run());
    }

    if (outcome == Outcome::accepted) {
      TERRAIN_RETURN_IF_ERROR(merge_change_set(db, cs_id, cs, stored.values));
      auto lq = db.prepare(
          "INSERT INTO log(position, kind, change_set_id, meeting, device_id, created_ms) VALUES "
          "(?, 'change_set', ?, ?, ?, ?)");
      if (!lq) return lq.error();
      lq->bind(1, static_cast<std::int64_t>(position))
          .bind(2, cs_id)
          .bind(3, cs.meeting)
          .bind(4, cs.device)
          .bind(5, now);
      TERRAIN_RETURN_IF_ERROR(lq->run());
    }
    auto dev = db.prepare(
        "UPDATE devices SET last_seq = ?, last_hash = ?, last_seen_ms = ? WHERE device_id = ?");
    if (!dev) return dev.error();
    dev->bind(1, cs.seq).bind(2, hash).bind(3, now).bind(4, cs.device);
    TERRAIN_RETURN_IF_ERROR(dev->run());
    res.receipt = r;
    res.signed_receipt = sr;
    return res;
  });
}

}  // namespace terrain::server
