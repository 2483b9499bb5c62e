// Property test of invariant 1 (convergence) and invariant 5 (no silent loss):
// several replicas make random offline writes (sets, deletes, re-creates,
// increments, concurrent edits of one field, delete against edit, conflict
// resolutions), exchange change sets partially, in random orders, with duplicates,
// and finally all receive everything. Every replica must then render the same
// state and the same conflicts.
//
// 300 random cases by default; TERRAIN_LONG_TESTS=1 runs 3000. A failure prints
// its seed; TERRAIN_SEED=<n> replays one case.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "sim_replica.h"
#include "terrain/protocol/ids.h"

using namespace terrain;
using namespace terrain::testing;

namespace {

const char* kNames[] = {"Marie Curie", "Jean Moulin", "Lucie Aubrac", "Simone Veil",
                        "Aimé Césaire"};
const char* kRoles[] = {"participant", "intervenant", "animateur", "organisateur"};
const char* kOrgs[] = {"ARS Bretagne", "CD du Nord", "MDPH 33", "MDA Corrèze", "CNSA"};

struct Case {
  std::mt19937_64 rng;
  std::vector<SimReplica> replicas;
  std::vector<std::string> attendees;
  std::vector<std::string> counters;

  explicit Case(std::uint64_t seed, int n) : rng(seed), replicas(static_cast<std::size_t>(n)) {
    for (std::size_t i = 0; i < replicas.size(); ++i)
      replicas[i].dev.wall_ms += pick(50);  // clocks differ a little
  }

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[pick(N)];
  }

  void random_write(SimReplica& r) {
    DetachedValues values;
    std::vector<Change> changes;
    const std::size_t batch = 1 + pick(3);
    for (std::size_t i = 0; i < batch; ++i) {
      const std::size_t dice = pick(100);
      if (dice < 10 || attendees.empty()) {
        std::string id = new_uuid_v7();
        attendees.push_back(id);
        changes.push_back(r.create("attendance", id, attendee(pick(kNames)), values));
        continue;
      }
      if (dice < 18 && counters.size() < 3) {
        std::string id = new_uuid_v7();
        counters.push_back(id);
        changes.push_back(r.create(
            "headcount", id, {{"meeting", kMeeting}, {"label", "Porte"}, {"count", 0}}, values));
        continue;
      }
      if (dice < 35 && !counters.empty()) {
        changes.push_back(r.increment("headcount", counters[pick(counters.size())], "count",
                                      static_cast<std::int64_t>(pick(7)) - 2 == 0
                                          ? 1
                                          : static_cast<std::int64_t>(pick(7)) + 1));
        continue;
      }
      const std::string& id = attendees[pick(attendees.size())];
      RecordView v = r.view("attendance", id);
      if (v.cl == 0) continue;  // not received yet: nothing to edit
      if (!v.exists) {
        if (dice < 50)
          changes.push_back(r.create("attendance", id, attendee(pick(kNames)), values));
        continue;
      }
      if (dice < 45) {
        changes.push_back(r.remove("attendance", id));
      } else if (dice < 55 && !v.conflicts.empty()) {
        changes.push_back(r.resolve(v.conflicts[pick(v.conflicts.size())]));
      } else {
        nlohmann::json f = nlohmann::json::object();
        switch (pick(3)) {
          case 0:
            f["role"] = pick(kRoles);
            break;
          case 1:
            f["organisation"] = pick(kOrgs);
            break;
          default:
            f["display_name"] = pick(kNames);
            break;
        }
        if (pick(3) == 0) f["consent"] = pick(2) == 0;
        changes.push_back(r.set_fields("attendance", id, f, values));
      }
      // Apply each change before the next so later ones see earlier ones' versions.
      r.commit(std::move(changes), std::move(values));
      changes.clear();
      values.clear();
    }
    if (!changes.empty()) r.commit(std::move(changes), std::move(values));
  }

  // Sends a random subset of what `from` knows to `to`, shuffled, with duplicates.
  void gossip(SimReplica& from, SimReplica& to) {
    auto sets = from.known;
    std::shuffle(sets.begin(), sets.end(), rng);
    sets.resize(sets.size() - pick(sets.size() / 2 + 1));
    if (!sets.empty())
      for (std::size_t i = 0, n = pick(4); i < n; ++i) sets.push_back(sets[pick(sets.size())]);
    for (auto& [s, k] : sets) to.receive(s, k);
  }

  void deliver_everything() {
    std::vector<std::pair<SignedChangeSet, PublicKey>> all;
    for (auto& r : replicas) all.insert(all.end(), r.known.begin(), r.known.end());
    for (auto& r : replicas) {
      auto copy = all;
      std::shuffle(copy.begin(), copy.end(), rng);
      for (auto& [s, k] : copy) r.receive(s, k);
    }
  }

  void run(int rounds, int writes_per_round) {
    for (int round = 0; round < rounds; ++round) {
      for (int w = 0; w < writes_per_round; ++w) {
        SimReplica& r = replicas[pick(replicas.size())];
        r.dev.wall_ms += pick(3);  // time passes unevenly
        random_write(r);
      }
      for (std::size_t g = 0, n = 1 + pick(3); g < n; ++g) {
        std::size_t a = pick(replicas.size()), b = pick(replicas.size());
        if (a != b) gossip(replicas[a], replicas[b]);
      }
    }
    deliver_everything();
  }
};

std::uint64_t case_count() {
  const char* long_tests = std::getenv("TERRAIN_LONG_TESTS");
  return long_tests && std::string(long_tests) == "1" ? 3000 : 300;
}

}  // namespace

TEST_CASE("Replicas that received the same change sets render the same state", "[convergence]") {
  std::vector<std::uint64_t> seeds;
  if (const char* s = std::getenv("TERRAIN_SEED")) {
    seeds.push_back(std::strtoull(s, nullptr, 10));
  } else {
    for (std::uint64_t i = 1; i <= case_count(); ++i) seeds.push_back(i * 7919);
  }
  std::size_t conflicts_seen = 0, deletes_seen = 0;
  for (std::uint64_t seed : seeds) {
    Case c(seed, 2 + static_cast<int>(seed % 3));
    c.run(3, 12);
    const std::string expected = c.replicas[0].render();
    INFO("seed " << seed);
    for (std::size_t i = 1; i < c.replicas.size(); ++i) REQUIRE(c.replicas[i].render() == expected);
    REQUIRE(c.replicas[0].applied.size() == c.replicas.back().applied.size());
    conflicts_seen += static_cast<std::size_t>(std::count(expected.begin(), expected.end(), '\n')) -
                      c.replicas[0].records.size();
    deletes_seen += expected.find("\"_deleted\":true") != std::string::npos;
  }
  // The generator must actually exercise conflicts and deletes.
  if (seeds.size() > 1) {
    CHECK(conflicts_seen > seeds.size() / 4);
    CHECK(deletes_seen > seeds.size() / 4);
  }
}

TEST_CASE("A concurrent write is never lost: every unseen loser is a conflict", "[convergence]") {
  // After full delivery, every write is either visible, or was overwritten or
  // deleted by someone who had seen it, or is recorded as a conflict (invariant 5).
  std::size_t writes_checked = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    Case c(seed * 104729, 3);
    c.run(2, 15);
    for (const auto& [key, h] : c.replicas[0].records) {
      RecordView v = materialise(h);
      std::set<Hlc> seen, lost;
      for (const auto& e : h.entries) {
        if (e.base) seen.insert(*e.base);
        seen.insert(e.versions.begin(), e.versions.end());
        if (e.kind == HistoryEntry::Kind::del)
          for (const auto& [f, t] : e.seen) seen.insert(t);
      }
      for (const auto& k : v.conflicts) lost.insert(k.loser_version);
      for (const auto& e : h.entries) {
        if (e.kind != HistoryEntry::Kind::write) continue;
        ++writes_checked;
        const bool visible = v.exists && v.versions.count(e.field) && v.versions.at(e.field) == e.t;
        INFO("seed " << seed * 104729 << " record " << key << " write " << e.t.to_string());
        CHECK((visible || seen.count(e.t) || lost.count(e.t)));
      }
    }
  }
  CHECK(writes_checked > 1000);
}
