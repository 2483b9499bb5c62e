// The incremental merged state (record_state.h): each function keeps the invariant
// "state == the state of the entries applied so far", entry by entry, so the order
// of arrival does not matter (materialise's rules are a function of the set).
#include "terrain/protocol/record_state.h"

#include <algorithm>

namespace terrain {
namespace {

using Kind = HistoryEntry::Kind;
using GroupKey = RecordState::GroupKey;

void add_conflict(RecordState& s, const std::string& field, Conflict::Kind kind, std::uint32_t cl,
                  const WriteVersion& loser) {
  s.conflicts[{field, loser.t, kind}] = ConflictItem{cl, loser};
  s.conflict_index[loser.t].insert(field);
}

void erase_conflict(RecordState& s, const std::string& field, const Hlc& loser,
                    Conflict::Kind kind) {
  if (s.conflicts.erase({field, loser, kind}) == 0) return;
  const Conflict::Kind other = kind == Conflict::Kind::concurrent_edit
                                   ? Conflict::Kind::edit_vs_delete
                                   : Conflict::Kind::concurrent_edit;
  if (s.conflicts.count({field, loser, other})) return;
  auto it = s.conflict_index.find(loser);
  if (it == s.conflict_index.end()) return;
  it->second.erase(field);
  if (it->second.empty()) s.conflict_index.erase(it);
}

// M4: a version enters S; every conflict whose loser it is disappears.
void add_seen(RecordState& s, const Hlc& v) {
  if (!s.seen.insert(v).second) return;
  auto it = s.conflict_index.find(v);
  if (it == s.conflict_index.end()) return;
  const std::set<std::string> fields = it->second;
  for (const auto& f : fields) {
    erase_conflict(s, f, v, Conflict::Kind::concurrent_edit);
    erase_conflict(s, f, v, Conflict::Kind::edit_vs_delete);
  }
}

// M6 for one group: its winner is lost to the delete(s) of cl + 1, or not.
void evaluate_m6(RecordState& s, const GroupKey& key) {
  const auto& [cl, field] = key;
  auto w = s.winners.find(key);
  if (w == s.winners.end()) return;
  const WriteVersion& win = w->second;
  erase_conflict(s, field, win.t, Conflict::Kind::edit_vs_delete);
  if (cl % 2 == 0 || cl >= s.cl) return;
  auto d = s.deletes.find(cl + 1);
  if (d == s.deletes.end()) return;  // the delete has not arrived yet
  if (s.seen.count(win.t)) return;
  auto saw = d->second.seen.find(field);
  if (saw != d->second.seen.end() && saw->second.count(win.t)) return;
  add_conflict(s, field, Conflict::Kind::edit_vs_delete, cl, win);
}

// M1: cl_max grows; groups of incarnations that were current become former ones.
void raise_cl(RecordState& s, std::uint32_t cl) {
  if (cl <= s.cl) return;
  const std::uint32_t old = s.cl;
  s.cl = cl;
  for (auto it = s.winners.lower_bound({old, std::string()});
       it != s.winners.end() && it->first.first < cl; ++it)
    evaluate_m6(s, it->first);
}

void apply_write(RecordState& s, const HistoryEntry& e) {
  if (e.base) add_seen(s, *e.base);
  raise_cl(s, e.cl);
  WriteVersion w{e.t, e.seq, e.value, e.redacted, e.value_hash};
  const GroupKey key{e.cl, e.field};
  auto it = s.winners.find(key);
  if (it == s.winners.end()) {
    s.winners.emplace(key, std::move(w));
  } else if (it->second.t < w.t) {  // M2: the new write wins, the old one loses
    WriteVersion old = std::move(it->second);
    it->second = std::move(w);
    erase_conflict(s, e.field, old.t, Conflict::Kind::edit_vs_delete);
    if (!s.seen.count(old.t))
      add_conflict(s, e.field, Conflict::Kind::concurrent_edit, e.cl, old);  // M5
  } else {
    if (!s.seen.count(w.t))
      add_conflict(s, e.field, Conflict::Kind::concurrent_edit, e.cl, w);  // M5
    return;  // the winner is unchanged: M6 has nothing new to say
  }
  evaluate_m6(s, key);
}

void apply_delete(RecordState& s, const HistoryEntry& e) {
  raise_cl(s, e.cl);
  DeleteGroup& d = s.deletes[e.cl];
  if (d.last < e.t) d.last = e.t;
  for (const auto& [f, v] : e.seen) d.seen[f].insert(v);
  if (e.cl == 0) return;
  // The groups this delete ends (cl - 1) are looked at again, every field.
  for (auto it = s.winners.lower_bound({e.cl - 1, std::string()});
       it != s.winners.end() && it->first.first == e.cl - 1; ++it)
    evaluate_m6(s, it->first);
}

}  // namespace

void apply_entry(RecordState& s, const HistoryEntry& e) {
  if (s.max_version < e.t) s.max_version = e.t;
  switch (e.kind) {
    case Kind::create:
      raise_cl(s, e.cl);
      break;
    case Kind::write:
      apply_write(s, e);
      break;
    case Kind::del:
      apply_delete(s, e);
      break;
    case Kind::inc:
      raise_cl(s, e.cl);
      s.increments[{e.cl, e.field}][e.t.device] += e.by;
      break;
    case Kind::ack:
      for (const auto& v : e.versions) add_seen(s, v);
      break;
  }
}

bool apply(RecordState& s, const Change& c, std::uint64_t seq, const DetachedValues& values) {
  if (s.applied.count(c.t)) return false;  // M8
  if (s.collection.empty()) {
    s.collection = c.collection;
    s.id = c.id;
  }
  const std::vector<HistoryEntry> entries = entries_of(c, seq, values);
  if (entries.empty()) return true;  // nothing recorded, as in the history
  s.applied.emplace(c.t, seq);
  for (const auto& e : entries) apply_entry(s, e);
  return true;
}

RecordState state_of(const RecordHistory& h) {
  RecordState s;
  s.collection = h.collection;
  s.id = h.id;
  for (const auto& e : h.entries) {
    s.applied.emplace(e.t, e.seq);
    apply_entry(s, e);
  }
  return s;
}

RecordView view_of(const RecordState& s) {
  RecordView view;
  view.cl = s.cl;
  view.exists = s.cl % 2 == 1;
  view.max_version = s.max_version;
  if (view.exists) {
    for (auto it = s.winners.lower_bound({s.cl, std::string()});
         it != s.winners.end() && it->first.first == s.cl; ++it) {
      const std::string& field = it->first.second;
      const WriteVersion& win = it->second;
      if (!win.value.is_null() || win.redacted) view.fields[field] = win.value;
      view.versions[field] = win.t;
      if (win.redacted) view.redacted.push_back(field);  // already sorted by field
    }
    for (auto it = s.increments.lower_bound({s.cl, std::string()});
         it != s.increments.end() && it->first.first == s.cl; ++it)
      view.counters[it->first.second] = it->second;
    for (const auto& [field, per_device] : view.counters) {
      std::int64_t total = 0;
      auto f = view.fields.find(field);
      if (f != view.fields.end() && f->is_number_integer()) total = f->get<std::int64_t>();
      for (const auto& [device, n] : per_device) total += n;
      view.fields[field] = total;
    }
  }
  view.conflicts.reserve(s.conflicts.size());
  for (const auto& [key, item] : s.conflicts) {
    const auto& [field, loser, kind] = key;
    Conflict k;
    k.kind = kind;
    k.collection = s.collection;
    k.id = s.id;
    k.field = field;
    k.loser_version = loser;
    k.loser_value = item.loser.value;
    k.loser_redacted = item.loser.redacted;
    if (kind == Conflict::Kind::concurrent_edit) {
      const WriteVersion& win = s.winners.at({item.cl, field});
      k.winner_version = win.t;
      k.winner_value = win.value;
      k.winner_redacted = win.redacted;
    } else {
      k.winner_version = s.deletes.at(item.cl + 1).last;
    }
    view.conflicts.push_back(std::move(k));
  }
  return view;
}

bool redact(RecordState& s, const std::string& value_hash) {
  bool found = false;
  auto erase = [&](WriteVersion& w) {
    if (w.value_hash != value_hash) return;
    w.value = nullptr;
    w.redacted = true;
    found = true;
  };
  for (auto& [key, w] : s.winners) erase(w);
  for (auto& [key, item] : s.conflicts) erase(item.loser);
  return found;
}

bool retract_touches(const RecordState& s, const std::string& device, std::uint64_t after_seq) {
  return std::any_of(s.applied.begin(), s.applied.end(), [&](const auto& a) {
    return a.first.device == device && a.second > after_seq;
  });
}

}  // namespace terrain
