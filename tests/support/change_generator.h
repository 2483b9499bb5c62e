// Random change sequences for one record ("col"/"id") over a few fields, devices and
// incarnations: creates, sets with and without bases, deletes with seen maps,
// increments, resolves, detached values present, missing, redacted or corrupt, and
// versions colliding with different contents. Shared by the protocol's property test
// of RecordState and the server's test of the same state kept as rows.
#pragma once

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "terrain/protocol/merge.h"
#include "terrain/protocol/record_state.h"

namespace terrain::testing {

inline const char* kDevices[] = {"00000000000000a1", "00000000000000b2", "00000000000000c3"};
inline const char* kFields[] = {"a", "b", "c", "n"};
inline const char* kHashes[] = {"h0", "h1", "h2", "h3", "h4", "h5"};

// Every member of a view, in one comparable text.
inline std::string render(const RecordView& v) {
  nlohmann::json j = v.to_json("col", "id");
  j["_exists"] = v.exists;
  j["_cl"] = v.cl;
  j["_max"] = v.max_version.to_string();
  nlohmann::json versions = nlohmann::json::object();
  for (const auto& [f, t] : v.versions) versions[f] = t.to_string();
  j["_versions"] = versions;
  j["_counters"] = v.counters;
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& c : v.conflicts) conflicts.push_back(c.to_json());
  j["_conflicts"] = conflicts;
  return j.dump();
}

struct Generator {
  std::mt19937_64 rng;
  std::vector<Hlc> versions;                       // every version made so far
  std::map<std::string, std::vector<Hlc>> writes;  // field -> write versions
  DetachedValues all_values;

  explicit Generator(std::uint64_t seed) : rng(seed) {
    all_values["h0"] = {std::string(16, 's'), "\"Marie Curie\"", false};
    all_values["h1"] = {"", "", true};
    all_values["h2"] = {std::string(16, 's'), "{not json", false};
    all_values["h3"] = {std::string(16, 's'), "42", false};
    all_values["h5"] = {std::string(16, 's'), "null", false};  // h4: never present
  }

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[pick(N)];
  }

  Hlc version() {
    Hlc t;
    t.ms = 1'700'000'000'000 + pick(60);
    t.counter = static_cast<std::uint32_t>(pick(3));
    t.device = pick(kDevices);
    return t;
  }
  std::optional<Hlc> some_version(const std::string& field) {
    auto& ws = writes[field];
    if (!ws.empty() && chance(75)) return ws[pick(ws.size())];
    if (!versions.empty()) return versions[pick(versions.size())];
    return std::nullopt;
  }
  std::uint32_t odd_cl() { return static_cast<std::uint32_t>(1 + 2 * pick(3)); }

  FieldWrite field_write(const std::string& name) {
    FieldWrite w;
    w.name = name;
    if (chance(25)) {
      w.detached = true;
      w.value_hash = pick(kHashes);
    } else {
      switch (pick(6)) {
        case 0:
          w.value = nullptr;
          break;
        case 1:
          w.value = "x";
          break;
        case 2:
          w.value = "y";
          break;
        case 3:
          w.value = static_cast<std::int64_t>(pick(5));
          break;
        case 4:
          w.value = true;
          break;
        default:
          w.value = nlohmann::json::array({1, "z"});
          break;
      }
    }
    if (chance(50)) w.base = some_version(name);
    return w;
  }

  std::vector<FieldWrite> field_writes(bool all) {
    std::vector<FieldWrite> out;
    for (const char* f : kFields)
      if (all ? chance(80) : chance(35)) out.push_back(field_write(f));
    if (!all && out.empty() && chance(80)) out.push_back(field_write(pick(kFields)));
    return out;
  }

  std::vector<Hlc> some_versions() {
    std::vector<Hlc> out;
    for (std::size_t i = 0, n = 1 + pick(3); i < n && !versions.empty(); ++i)
      out.push_back(versions[pick(versions.size())]);
    return out;
  }

  Change change() {
    Change c;
    c.collection = "col";
    c.id = "id";
    c.t = version();
    const std::size_t dice = pick(100);
    if (dice < 20) {
      c.op = Op::create;
      c.cl = odd_cl();
      c.fields = field_writes(true);
    } else if (dice < 55) {
      c.op = Op::set;
      c.cl = odd_cl();
      c.fields = field_writes(false);
      if (chance(20)) c.resolves = some_versions();
    } else if (dice < 70) {
      c.op = Op::del;
      c.cl = odd_cl() + 1;
      for (const char* f : kFields)
        if (chance(60))
          if (auto v = some_version(f)) c.seen[f] = *v;
    } else if (dice < 85) {
      c.op = Op::inc;
      c.cl = odd_cl();
      c.counter = chance(80) ? "n" : "a";
      c.by = static_cast<std::int64_t>(pick(9)) - 3;
    } else {
      c.op = Op::resolve;
      c.cl = odd_cl();
      if (chance(90)) c.resolves = some_versions();
    }
    versions.push_back(c.t);
    for (const auto& w : c.fields) writes[w.name].push_back(c.t);
    return c;
  }

  // The values a change set carried: each present one with some chance.
  DetachedValues values_for(const Change& c) {
    DetachedValues out;
    for (const auto& w : c.fields) {
      if (!w.detached) continue;
      auto it = all_values.find(w.value_hash);
      if (it != all_values.end() && chance(85)) out.insert(*it);
    }
    return out;
  }
};

struct Delivery {
  Change change;
  std::uint64_t seq;
  DetachedValues values;
};

}  // namespace terrain::testing
