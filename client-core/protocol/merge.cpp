// The deterministic merge (rules M1-M8 in merge.h and docs/protocol.md).
//
// Everything here is a pure function of a record's history: no clock, no I/O, no
// randomness, and no dependence on the order in which entries were added (entries
// are kept sorted by version, and the view is recomputed from the whole set).
#include "terrain/protocol/merge.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace terrain {
namespace {

using Kind = HistoryEntry::Kind;

std::string_view kind_code(Kind k) {
  switch (k) {
    case Kind::create:
      return "c";
    case Kind::write:
      return "w";
    case Kind::del:
      return "d";
    case Kind::inc:
      return "i";
    case Kind::ack:
      return "a";
  }
  return "w";
}

std::optional<Kind> kind_from_code(std::string_view s) {
  if (s == "c") return Kind::create;
  if (s == "w") return Kind::write;
  if (s == "d") return Kind::del;
  if (s == "i") return Kind::inc;
  if (s == "a") return Kind::ack;
  return std::nullopt;
}

// Total order of entries: version, then kind, then field. One change yields at most
// one entry per (kind, field), so the order is strict.
bool entry_less(const HistoryEntry& a, const HistoryEntry& b) {
  return std::tie(a.t, a.kind, a.field) < std::tie(b.t, b.kind, b.field);
}

void insert_sorted(std::vector<HistoryEntry>& entries, HistoryEntry e) {
  auto it = std::upper_bound(entries.begin(), entries.end(), e, entry_less);
  entries.insert(it, std::move(e));
}

nlohmann::json value_of(const FieldWrite& w, const DetachedValues& values, bool& redacted) {
  redacted = false;
  if (!w.detached) return w.value;
  auto it = values.find(w.value_hash);
  if (it == values.end() || it->second.redacted) {
    redacted = true;
    return nullptr;
  }
  auto j = nlohmann::json::parse(it->second.json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    redacted = true;
    return nullptr;
  }
  return j;
}

}  // namespace

std::string_view conflict_kind_name(Conflict::Kind k) noexcept {
  return k == Conflict::Kind::concurrent_edit ? "concurrent_edit" : "edit_vs_delete";
}

std::vector<HistoryEntry> entries_of(const Change& c, std::uint64_t seq,
                                     const DetachedValues& values) {
  std::vector<HistoryEntry> out;
  auto base_entry = [&](Kind k) {
    HistoryEntry e;
    e.kind = k;
    e.t = c.t;
    e.cl = c.cl;
    e.seq = seq;
    return e;
  };
  switch (c.op) {
    case Op::create:
      out.push_back(base_entry(Kind::create));
      [[fallthrough]];
    case Op::set:
      for (const auto& w : c.fields) {
        HistoryEntry e = base_entry(Kind::write);
        e.field = w.name;
        e.base = w.base;
        e.value = value_of(w, values, e.redacted);
        if (w.detached) e.value_hash = w.value_hash;
        out.push_back(std::move(e));
      }
      break;
    case Op::del: {
      HistoryEntry e = base_entry(Kind::del);
      e.seen = c.seen;
      out.push_back(std::move(e));
      break;
    }
    case Op::inc: {
      HistoryEntry e = base_entry(Kind::inc);
      e.field = c.counter;
      e.by = c.by;
      out.push_back(std::move(e));
      break;
    }
    case Op::resolve:
      break;
  }
  if (!c.resolves.empty()) {
    HistoryEntry e = base_entry(Kind::ack);
    e.versions = c.resolves;
    out.push_back(std::move(e));
  }
  return out;
}

bool apply_change(RecordHistory& h, const Change& c, std::uint64_t seq,
                  const DetachedValues& values) {
  // M8: a version identifies one change; seeing it again changes nothing.
  for (const auto& e : h.entries)
    if (e.t == c.t) return false;
  if (h.collection.empty()) {
    h.collection = c.collection;
    h.id = c.id;
  }
  for (auto& e : entries_of(c, seq, values)) insert_sorted(h.entries, std::move(e));
  return true;
}

RecordView materialise(const RecordHistory& h) {
  RecordView view;
  std::uint32_t cl_max = 0;
  std::set<Hlc> seen;  // M4
  // (field, cl) -> indexes of writes
  std::map<std::pair<std::string, std::uint32_t>, std::vector<const HistoryEntry*>> writes;
  for (const auto& e : h.entries) {
    if (view.max_version < e.t) view.max_version = e.t;
    if (e.kind != Kind::ack) cl_max = std::max(cl_max, e.cl);
    if (e.kind == Kind::write) {
      writes[{e.field, e.cl}].push_back(&e);
      if (e.base) seen.insert(*e.base);
    } else if (e.kind == Kind::ack) {
      seen.insert(e.versions.begin(), e.versions.end());
    }
  }
  view.cl = cl_max;
  view.exists = cl_max % 2 == 1;  // M1

  auto winner_of = [](const std::vector<const HistoryEntry*>& ws) {
    return *std::max_element(
        ws.begin(), ws.end(),
        [](const HistoryEntry* a, const HistoryEntry* b) { return a->t < b->t; });
  };

  for (const auto& [key, ws] : writes) {
    const auto& [field, cl] = key;
    const HistoryEntry* win = winner_of(ws);  // M2
    if (view.exists && cl == cl_max) {
      // A winning null is a removed field: absent from the view, its version kept.
      if (!win->value.is_null() || win->redacted) view.fields[field] = win->value;
      view.versions[field] = win->t;
      if (win->redacted) view.redacted.push_back(field);  // M7
    }
    for (const HistoryEntry* w : ws) {  // M5
      if (w == win || seen.count(w->t)) continue;
      Conflict k;
      k.kind = Conflict::Kind::concurrent_edit;
      k.field = field;
      k.loser_version = w->t;
      k.loser_value = w->value;
      k.loser_redacted = w->redacted;
      k.winner_version = win->t;
      k.winner_value = win->value;
      k.winner_redacted = win->redacted;
      view.conflicts.push_back(std::move(k));
    }
  }

  // M6: writes lost to a delete made without seeing them.
  std::map<std::uint32_t, std::vector<const HistoryEntry*>> deletes;  // cl of the delete
  for (const auto& e : h.entries)
    if (e.kind == Kind::del) deletes[e.cl].push_back(&e);
  for (const auto& [key, ws] : writes) {
    const auto& [field, cl] = key;
    if (cl >= cl_max || cl % 2 == 0) continue;
    auto d = deletes.find(cl + 1);
    if (d == deletes.end()) continue;  // the delete has not arrived yet
    const HistoryEntry* win = winner_of(ws);
    if (seen.count(win->t)) continue;
    bool known = false;
    const HistoryEntry* last_delete = d->second.front();
    for (const HistoryEntry* del : d->second) {
      if (last_delete->t < del->t) last_delete = del;
      auto s = del->seen.find(field);
      if (s != del->seen.end() && s->second == win->t) known = true;
    }
    if (known) continue;
    Conflict k;
    k.kind = Conflict::Kind::edit_vs_delete;
    k.field = field;
    k.loser_version = win->t;
    k.loser_value = win->value;
    k.loser_redacted = win->redacted;
    k.winner_version = last_delete->t;
    view.conflicts.push_back(std::move(k));
  }

  // M3: counters, per device, current incarnation.
  if (view.exists) {
    for (const auto& e : h.entries) {
      if (e.kind != Kind::inc || e.cl != cl_max) continue;
      view.counters[e.field][e.t.device] += e.by;
    }
    for (const auto& [field, per_device] : view.counters) {
      std::int64_t total = 0;
      auto it = view.fields.find(field);
      if (it != view.fields.end() && it->is_number_integer()) total = it->get<std::int64_t>();
      for (const auto& [device, n] : per_device) total += n;
      view.fields[field] = total;
    }
  }

  for (auto& k : view.conflicts) {
    k.collection = h.collection;
    k.id = h.id;
  }
  std::sort(view.conflicts.begin(), view.conflicts.end(), [](const Conflict& a, const Conflict& b) {
    return std::tie(a.field, a.loser_version, a.kind) < std::tie(b.field, b.loser_version, b.kind);
  });
  std::sort(view.redacted.begin(), view.redacted.end());
  return view;
}

std::size_t retract(RecordHistory& h, const std::string& device, std::uint64_t after_seq) {
  const auto before = h.entries.size();
  std::erase_if(h.entries,
                [&](const HistoryEntry& e) { return e.t.device == device && e.seq > after_seq; });
  return before - h.entries.size();
}

bool redact(RecordHistory& h, const std::string& value_hash) {
  bool found = false;
  for (auto& e : h.entries) {
    if (e.kind == Kind::write && e.value_hash == value_hash) {
      e.value = nullptr;
      e.redacted = true;
      found = true;
    }
  }
  return found;
}

nlohmann::json RecordHistory::to_json() const {
  nlohmann::json entries_json = nlohmann::json::array();
  for (const auto& e : entries) {
    nlohmann::json o = {
        {"k", kind_code(e.kind)}, {"t", e.t.to_string()}, {"cl", e.cl}, {"s", e.seq}};
    switch (e.kind) {
      case Kind::create:
        break;
      case Kind::write:
        o["f"] = e.field;
        if (e.base) o["b"] = e.base->to_string();
        o["v"] = e.value;
        if (e.redacted) o["r"] = true;
        if (!e.value_hash.empty()) o["h"] = e.value_hash;
        break;
      case Kind::del: {
        nlohmann::json s = nlohmann::json::object();
        for (const auto& [f, v] : e.seen) s[f] = v.to_string();
        o["seen"] = std::move(s);
        break;
      }
      case Kind::inc:
        o["f"] = e.field;
        o["by"] = e.by;
        break;
      case Kind::ack: {
        nlohmann::json vs = nlohmann::json::array();
        for (const auto& v : e.versions) vs.push_back(v.to_string());
        o["vs"] = std::move(vs);
        break;
      }
    }
    entries_json.push_back(std::move(o));
  }
  return {{"c", collection}, {"id", id}, {"e", std::move(entries_json)}};
}

Result<RecordHistory> RecordHistory::from_json(const nlohmann::json& j) {
  auto fail = [] { return make_error(Errc::malformed, "stored record history is corrupt"); };
  try {
    RecordHistory h;
    h.collection = j.at("c").get<std::string>();
    h.id = j.at("id").get<std::string>();
    for (const auto& o : j.at("e")) {
      HistoryEntry e;
      auto kind = kind_from_code(o.at("k").get<std::string>());
      auto t = Hlc::parse(o.at("t").get<std::string>());
      if (!kind || !t) return fail();
      e.kind = *kind;
      e.t = *t;
      e.cl = o.at("cl").get<std::uint32_t>();
      e.seq = o.at("s").get<std::uint64_t>();
      switch (e.kind) {
        case Kind::create:
          break;
        case Kind::write:
          e.field = o.at("f").get<std::string>();
          if (o.contains("b")) {
            auto b = Hlc::parse(o["b"].get<std::string>());
            if (!b) return fail();
            e.base = *b;
          }
          e.value = o.at("v");
          e.redacted = o.value("r", false);
          e.value_hash = o.value("h", std::string());
          break;
        case Kind::del:
          for (const auto& [f, v] : o.at("seen").items()) {
            auto s = Hlc::parse(v.get<std::string>());
            if (!s) return fail();
            e.seen.emplace(f, *s);
          }
          break;
        case Kind::inc:
          e.field = o.at("f").get<std::string>();
          e.by = o.at("by").get<std::int64_t>();
          break;
        case Kind::ack:
          for (const auto& v : o.at("vs")) {
            auto s = Hlc::parse(v.get<std::string>());
            if (!s) return fail();
            e.versions.push_back(*s);
          }
          break;
      }
      h.entries.push_back(std::move(e));
    }
    std::sort(h.entries.begin(), h.entries.end(), entry_less);
    return h;
  } catch (const nlohmann::json::exception&) {
    return fail();
  }
}

nlohmann::json Conflict::to_json() const {
  return {{"collection", collection},
          {"id", id},
          {"field", field},
          {"kind", conflict_kind_name(kind)},
          {"loser",
           {{"version", loser_version.to_string()},
            {"device", loser_version.device},
            {"value", loser_value},
            {"redacted", loser_redacted}}},
          {"winner",
           {{"version", winner_version.to_string()},
            {"device", winner_version.device},
            {"value", winner_value},
            {"redacted", winner_redacted}}}};
}

nlohmann::json RecordView::to_json(const std::string& collection, const std::string& id) const {
  nlohmann::json o = fields;
  o["_id"] = id;
  o["_collection"] = collection;
  o["_deleted"] = !exists;
  o["_redacted"] = redacted;
  return o;
}

}  // namespace terrain
