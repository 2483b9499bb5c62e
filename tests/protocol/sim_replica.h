// An in-memory replica for protocol tests: it writes like the real replica (bases
// from its current view, causal length, personal fields detached), applies what it
// receives only after verify_and_parse, and renders its state as text.
#pragma once

#include <map>
#include <set>
#include <sstream>

#include "fixtures.h"
#include "terrain/protocol/merge.h"

namespace terrain::testing {

struct SimReplica {
  TestDevice dev;
  std::map<std::string, RecordHistory> records;              // "collection/id"
  std::set<std::string> applied;                             // change set hashes
  std::vector<std::pair<SignedChangeSet, PublicKey>> known;  // everything applied, to relay

  RecordView view(const std::string& collection, const std::string& id) const {
    auto it = records.find(collection + "/" + id);
    return it == records.end() ? RecordView{} : materialise(it->second);
  }

  // Applies a change set after verifying it. Returns false if it was a duplicate.
  bool receive(const SignedChangeSet& scs, const PublicKey& author) {
    const std::string h = scs.hash();
    if (applied.count(h)) return false;
    auto cs = verify_and_parse(scs, author, Limits{});
    if (!cs.ok()) throw std::runtime_error("verify failed: " + cs.error().to_string());
    for (const Change& c : cs->changes) {
      apply_change(records[c.collection + "/" + c.id], c, cs->seq, scs.values);
      dev.clock.observe(c.t);
    }
    applied.insert(h);
    known.emplace_back(scs, author);
    return true;
  }

  // Seals local changes and applies them locally, as a replica does at write time.
  // (values by reference: it is filled while the changes argument is evaluated.)
  SignedChangeSet commit(std::vector<Change> changes, const DetachedValues& values) {
    auto scs = dev.seal_changes(std::move(changes), values);
    receive(scs, dev.keys.public_key);
    return scs;
  }

  Change set_fields(const std::string& collection, const std::string& id,
                    const nlohmann::json& fields, DetachedValues& values) {
    RecordView v = view(collection, id);
    Change c = dev.write(Op::set, collection, id, fields, values, v.cl);
    for (auto& w : c.fields) {
      auto it = v.versions.find(w.name);
      if (it != v.versions.end()) w.base = it->second;
    }
    return c;
  }

  Change create(const std::string& collection, const std::string& id, const nlohmann::json& fields,
                DetachedValues& values) {
    RecordView v = view(collection, id);
    std::uint32_t cl = v.cl == 0 ? 1 : (v.cl % 2 == 0 ? v.cl + 1 : v.cl);
    return dev.write(Op::create, collection, id, fields, values, cl);
  }

  Change remove(const std::string& collection, const std::string& id) {
    RecordView v = view(collection, id);
    Change c;
    c.op = Op::del;
    c.collection = collection;
    c.id = id;
    c.t = dev.clock.now();
    c.cl = v.cl + 1;
    c.seen = v.versions;
    return c;
  }

  Change increment(const std::string& collection, const std::string& id, const std::string& field,
                   std::int64_t by) {
    RecordView v = view(collection, id);
    Change c;
    c.op = Op::inc;
    c.collection = collection;
    c.id = id;
    c.t = dev.clock.now();
    c.cl = v.cl == 0 ? 1 : v.cl;
    c.counter = field;
    c.by = by;
    return c;
  }

  Change resolve(const Conflict& k) {
    RecordView v = view(k.collection, k.id);
    Change c;
    c.op = Op::resolve;
    c.collection = k.collection;
    c.id = k.id;
    c.t = dev.clock.now();
    c.cl = v.cl % 2 == 1 ? v.cl : v.cl + 1;
    c.resolves = {k.loser_version};
    return c;
  }

  // Every record's view and conflicts, one line each, sorted: equal strings mean
  // equal visible state.
  std::string render() const {
    std::ostringstream out;
    for (const auto& [key, h] : records) {
      RecordView v = materialise(h);
      out << key << " " << v.to_json(h.collection, h.id).dump() << "\n";
      for (const auto& k : v.conflicts) out << "  conflict " << k.to_json().dump() << "\n";
    }
    return out.str();
  }
};

}  // namespace terrain::testing
