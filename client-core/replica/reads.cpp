// Reads: one record, queries, conflicts, the outbox.
//
// Queries filter in SQL what is in clear (collection, presence, exact values of
// non-personal fields through json_extract), then decrypt the personal part in memory
// and apply what remains: exact values of personal fields, searches (case- and
// accent-insensitive substrings), ordering and the limit.
#include <algorithm>

#include "replica_impl.h"
#include "text_fold.h"

namespace terrain {

using replica_detail::record_label;

namespace {

bool is_field_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The text searched for a value: strings as they are, anything else as JSON.
std::string searchable(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

// Ordering of JSON values for order_by: nulls first, then numbers, strings, others.
int rank(const nlohmann::json& v) {
  if (v.is_null()) return 0;
  if (v.is_number()) return 1;
  if (v.is_string()) return 2;
  return 3;
}

bool json_less(const nlohmann::json& a, const nlohmann::json& b) {
  if (rank(a) != rank(b)) return rank(a) < rank(b);
  if (a.is_number()) return a.get<double>() < b.get<double>();
  if (a.is_string()) return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
  return a.dump() < b.dump();
}

}  // namespace

Result<nlohmann::json> Replica::get(std::string_view collection, std::string_view id) {
  std::lock_guard lock(impl_->mu);
  auto view = impl_->load_view(collection, id);
  if (!view) return view.error();
  if (!view->has_value())
    return make_error(Errc::not_found, "no such record", record_label(collection, id));
  return std::move(**view);
}

Result<nlohmann::json> Replica::query(std::string_view collection, const Query& q) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  const CollectionInfo* info = m.schemas->collection(collection);
  if (info == nullptr)
    return make_error(Errc::unknown_collection,
                      "unknown collection '" + std::string(collection) + "'");
  auto known = [&](const std::string& f) -> Status {
    if (f == "_id" || (is_field_name(f) && info->has_field(f))) return {};
    return make_error(Errc::unknown_field,
                      "collection '" + info->name + "' has no field '" + f + "'", {}, f);
  };
  if (!q.where.is_object()) return make_error(Errc::malformed, "\"where\" must be an object");
  for (const auto& [f, v] : q.where.items()) {
    (void)v;
    TERRAIN_RETURN_IF_ERROR(known(f));
  }
  for (const auto& [f, t] : q.search) {
    (void)t;
    TERRAIN_RETURN_IF_ERROR(known(f));
  }
  std::string order = q.order_by;
  bool descending = false;
  if (!order.empty() && order[0] == '-') {
    descending = true;
    order.erase(0, 1);
  }
  if (!order.empty()) TERRAIN_RETURN_IF_ERROR(known(order));

  // SQL: clear, scalar equality on non-personal fields.
  std::string sql = "SELECT id FROM records WHERE collection=? AND present=1";
  std::vector<nlohmann::json> sql_values;
  for (const auto& [f, v] : q.where.items()) {
    if (info->is_personal(f) || f == "_id") continue;
    if (v.is_string() || v.is_number_integer() || v.is_boolean()) {
      sql += " AND json_extract(view, '$." + f + "') = ?";  // f checked: [a-z0-9_]
      sql_values.push_back(v);
    }
  }
  sql += " ORDER BY id";
  auto st = m.db.prepare(sql);
  if (!st) return st.error();
  st->bind(1, collection);
  int i = 2;
  for (const auto& v : sql_values) {
    if (v.is_string())
      st->bind(i++, v.get<std::string>());
    else if (v.is_boolean())
      st->bind(i++, std::int64_t{v.get<bool>() ? 1 : 0});
    else
      st->bind(i++, v.get<std::int64_t>());
  }
  std::vector<std::string> ids;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    ids.push_back(st->text(0));
  }

  std::vector<nlohmann::json> rows;
  for (const auto& id : ids) {
    auto view = m.load_view(collection, id);
    if (!view) return view.error();
    if (!view->has_value()) continue;
    nlohmann::json& r = **view;
    bool match = true;
    for (const auto& [f, v] : q.where.items()) {
      const auto it = r.find(f);
      const nlohmann::json actual = it == r.end() ? nlohmann::json(nullptr) : *it;
      if (actual != v) {
        match = false;
        break;
      }
    }
    for (const auto& [f, text] : q.search) {
      if (!match) break;
      const auto it = r.find(f);
      if (it == r.end() || !replica_detail::folded_contains(searchable(*it), text)) match = false;
    }
    if (match) rows.push_back(std::move(r));
  }
  if (!order.empty() && order != "_id") {
    std::stable_sort(
        rows.begin(), rows.end(), [&](const nlohmann::json& a, const nlohmann::json& b) {
          const nlohmann::json va = a.contains(order) ? a[order] : nlohmann::json(nullptr);
          const nlohmann::json vb = b.contains(order) ? b[order] : nlohmann::json(nullptr);
          return json_less(va, vb);
        });
  }
  if (descending) std::reverse(rows.begin(), rows.end());
  if (q.limit > 0 && rows.size() > q.limit) rows.resize(q.limit);
  nlohmann::json out = nlohmann::json::array();
  for (auto& r : rows) out.push_back(std::move(r));
  return out;
}

Result<std::vector<Conflict>> Replica::conflicts() {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  auto st = m.db.prepare(
      "SELECT collection, id, field, loser_version, detail FROM conflicts ORDER BY collection, "
      "id, field, loser_version");
  if (!st) return st.error();
  std::vector<Conflict> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string where =
        "conflict|" + st->text(0) + "/" + st->text(1) + "/" + st->text(2) + "/" + st->text(3);
    auto plain = m.at_rest.open(st->blob(4), where);
    if (!plain) return plain.error();
    auto j = nlohmann::json::parse(*plain, nullptr, false);
    secure_wipe(plain->data(), plain->size());
    if (j.is_discarded()) return make_error(Errc::storage, "a stored conflict is damaged");
    Conflict c;
    try {
      c.collection = j.at("collection").get<std::string>();
      c.id = j.at("id").get<std::string>();
      c.field = j.at("field").get<std::string>();
      c.kind = j.at("kind").get<std::string>() == "edit_vs_delete"
                   ? Conflict::Kind::edit_vs_delete
                   : Conflict::Kind::concurrent_edit;
      auto lv = Hlc::parse(j.at("loser").at("version").get<std::string>());
      auto wv = Hlc::parse(j.at("winner").at("version").get<std::string>());
      if (!lv || !wv) return make_error(Errc::storage, "a stored conflict is damaged");
      c.loser_version = *lv;
      c.loser_value = j["loser"].value("value", nlohmann::json());
      c.loser_redacted = j["loser"].value("redacted", false);
      c.winner_version = *wv;
      c.winner_value = j["winner"].value("value", nlohmann::json());
      c.winner_redacted = j["winner"].value("redacted", false);
    } catch (const nlohmann::json::exception&) {
      return make_error(Errc::storage, "a stored conflict is damaged");
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<OutboxEntry>> Replica::outbox() {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  std::vector<OutboxEntry> out;
  auto d = m.db.prepare(
      "SELECT meeting, COUNT(*), MIN(created_ms) FROM drafts GROUP BY meeting ORDER BY MIN(n)");
  if (!d) return d.error();
  for (;;) {
    auto row = d->step();
    if (!row) return row.error();
    if (!*row) break;
    OutboxEntry e;
    e.meeting = d->text(0);
    e.changes = static_cast<std::size_t>(d->int64(1));
    e.created_ms = d->int64(2);
    e.state = OutboxState::draft;
    out.push_back(std::move(e));
  }
  // "conflicted": accepted, and one of its changes is a side of an open conflict.
  auto s = m.db.prepare(
      "SELECT o.seq, o.hash, o.meeting, o.changes, o.state, o.reason, o.message, o.created_ms, "
      "o.sent_ms, o.acked_ms, o.decision, o.decided_ms, o.decision_reason, EXISTS(SELECT 1 "
      "FROM conflicts k WHERE "
      "(k.loser_version BETWEEN o.min_version AND o.max_version AND substr(k.loser_version, 19) "
      "= ?1) OR (k.winner_version BETWEEN o.min_version AND o.max_version AND "
      "substr(k.winner_version, 19) = ?1)) FROM outbox o ORDER BY o.seq");
  if (!s) return s.error();
  s->bind(1, m.device_id);
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) break;
    OutboxEntry e;
    e.seq = static_cast<std::uint64_t>(s->int64(0));
    e.hash = s->text(1);
    e.meeting = s->text(2);
    e.changes = static_cast<std::size_t>(s->int64(3));
    const std::string state = s->text(4);
    if (state == "pending")
      e.state = OutboxState::pending;
    else if (state == "sent")
      e.state = OutboxState::sent;
    else if (state == "quarantined")
      e.state = OutboxState::quarantined;
    else
      e.state = s->int64(13) != 0 ? OutboxState::conflicted : OutboxState::accepted;
    e.reason = s->text(5);
    e.message = s->text(6);
    e.created_ms = s->int64(7);
    e.sent_ms = s->int64(8);
    e.acked_ms = s->int64(9);
    e.decision = s->text(10);
    e.decided_ms = s->int64(11);
    e.decision_reason = s->text(12);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace terrain
