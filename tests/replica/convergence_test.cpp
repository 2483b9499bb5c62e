// Convergence (invariant 1): replicas that received the same change sets show the
// same records and the same conflicts, whatever the order and the duplicates.
//
// A property test: for each seed, two or three replicas make random writes (create,
// update, delete, re-create, increment, resolve), publish now and then to a shared
// pool (what a server would hold), and pull random subsets of it in random orders
// with duplicates, in pages of random sizes. At the end every replica receives the
// whole pool, shuffled and duplicated; their states, rendered as text, must be equal,
// and equal to a rebuild from the change sets alone.
// Cases: 200 by default, 3000 with TERRAIN_LONG_TESTS=1; TERRAIN_SEED=N replays one.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include "replica_fixtures.h"

using namespace terrain;
using namespace terrain::test;

namespace {

const char* const kNames[] = {"Hélène Dupré", "Jean Martin", "Zoé Lefèvre", "Œdipe Rocher"};
const char* const kRoles[] = {"participant", "intervenant", "animateur", "organisateur"};
const char* const kOrgs[] = {"MDPH du Nord", "ARS Bretagne", "CD Gironde"};

// A platform key store kept in memory (as an app's keychain would be), so that the
// hundreds of replicas of this test do not each fsync a key file.
class MemoryKeyStore final : public KeyStore {
 public:
  Result<std::optional<std::string>> load(std::string_view item) override {
    auto it = items_.find(std::string(item));
    if (it == items_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status save(std::string_view item, std::string_view data) override {
    items_[std::string(item)] = std::string(data);
    return {};
  }

 private:
  std::map<std::string, std::string> items_;
};

struct World {
  TempDir dir;
  std::mt19937_64 rng;
  std::uint64_t tick = 1718000000000ULL;  // shared fake wall clock: replayable versions
  std::vector<std::unique_ptr<Replica>> replicas;
  std::vector<RemoteChangeSet> pool;
  std::vector<std::string> people;  // every attendance id ever created
  std::string meeting;
  std::string headcount;

  explicit World(std::uint64_t seed, int n) : rng(seed) {
    for (int i = 0; i < n; ++i) {
      ReplicaOptions options;
      options.durable = false;
      options.key_store = std::make_shared<MemoryKeyStore>();
      // Each replica's clock drifts a little from the others.
      const std::int64_t drift = static_cast<std::int64_t>(pick(50)) - 25;
      options.physical_clock = [this, drift] {
        return static_cast<std::uint64_t>(static_cast<std::int64_t>(tick) + drift);
      };
      replicas.push_back(open_replica(dir.file("r" + std::to_string(i) + ".db"), options));
    }
    meeting = must(replicas[0]->create("meeting", meeting_fields()));
    headcount =
        must(replicas[0]->create("headcount", {{"meeting", meeting}, {"label", "Plénière"}}));
    publish_from(0);
    for (std::size_t i = 1; i < replicas.size(); ++i) must(replicas[i]->apply_remote(pool, "0"));
  }

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  template <class T, std::size_t N>
  const T& pick_of(const T (&a)[N]) {
    return a[pick(N)];
  }

  void publish_from(std::size_t i) {
    for (auto& rc : publish(*replicas[i])) pool.push_back(std::move(rc));
  }

  // A random subset of the pool, shuffled, with duplicates, in random pages.
  void pull(std::size_t i, bool everything) {
    std::vector<RemoteChangeSet> items;
    for (const auto& rc : pool)
      if (everything || pick(2) == 0) items.push_back(rc);
    const std::size_t dups = items.empty() ? 0 : pick(items.size() + 1);
    for (std::size_t k = 0; k < dups; ++k) items.push_back(items[pick(items.size())]);
    std::shuffle(items.begin(), items.end(), rng);
    std::size_t pos = 0;
    while (pos < items.size()) {
      const std::size_t n = 1 + pick(4);
      std::vector<RemoteChangeSet> page(
          items.begin() + static_cast<std::ptrdiff_t>(pos),
          items.begin() + static_cast<std::ptrdiff_t>(std::min(pos + n, items.size())));
      pos += n;
      must(replicas[i]->apply_remote(page, std::to_string(pos)));
    }
  }

  void random_step() {
    tick += pick(3);  // several writes may share a millisecond
    const std::size_t i = pick(replicas.size());
    Replica& r = *replicas[i];
    switch (pick(10)) {
      case 0:
      case 1: {
        auto id = r.create("attendance", attendance_fields(meeting, pick_of(kNames)));
        if (id) people.push_back(*id);
        break;
      }
      case 2:
      case 3: {
        if (people.empty()) break;
        nlohmann::json f;
        if (pick(2) == 0) f["role"] = pick_of(kRoles);
        if (pick(2) == 0) f["organisation"] = pick_of(kOrgs);
        if (pick(3) == 0) f["display_name"] = pick_of(kNames);
        if (f.empty()) f["consent"] = pick(2) == 0;
        (void)r.update("attendance", people[pick(people.size())], f);  // may be deleted
        break;
      }
      case 4: {
        if (people.empty()) break;
        (void)r.remove("attendance", people[pick(people.size())]);
        break;
      }
      case 5: {
        if (people.empty()) break;
        (void)r.create("attendance", attendance_fields(meeting, pick_of(kNames)),
                       people[pick(people.size())]);  // re-create if deleted here
        break;
      }
      case 6: {
        const std::int64_t by = static_cast<std::int64_t>(pick(8)) - 3;
        if (by != 0) must(r.increment("headcount", headcount, "count", by));
        break;
      }
      case 7: {
        auto conflicts = must(r.conflicts());
        if (conflicts.empty()) break;
        const Conflict& k = conflicts[pick(conflicts.size())];
        Resolution res{
            k.collection, k.id, k.field, k.loser_version, static_cast<Resolution::Keep>(pick(2)),
            nullptr};
        (void)r.resolve(res);  // may be refused (e.g. an erased or immutable value)
        break;
      }
      case 8:
        publish_from(i);
        break;
      case 9:
        pull(i, false);
        break;
    }
  }
};

std::uint64_t cases() {
  const char* long_tests = std::getenv("TERRAIN_LONG_TESTS");
  return long_tests != nullptr && std::string(long_tests) == "1" ? 3000 : 200;
}

void run_case(std::uint64_t seed, int replicas, int steps) {
  INFO("seed " << seed << " (replay with TERRAIN_SEED=" << seed << ")");
  World w(seed, replicas);
  for (int s = 0; s < steps; ++s) w.random_step();
  for (std::size_t i = 0; i < w.replicas.size(); ++i) w.publish_from(i);
  for (std::size_t i = 0; i < w.replicas.size(); ++i) w.pull(i, true);
  const std::string first = state_of(*w.replicas[0]);
  for (std::size_t i = 1; i < w.replicas.size(); ++i) REQUIRE(state_of(*w.replicas[i]) == first);
  must(w.replicas[0]->rebuild_state());
  REQUIRE(state_of(*w.replicas[0]) == first);
}

}  // namespace

TEST_CASE("Two and three replicas exchanging in random orders with duplicates converge") {
  if (const char* s = std::getenv("TERRAIN_SEED")) {
    const std::uint64_t seed = std::strtoull(s, nullptr, 10);
    run_case(seed, 2 + static_cast<int>(seed % 2), 40);
    return;
  }
  const std::uint64_t n = cases();
  std::uint64_t base = Catch::rngSeed();
  if (base == 0) base = std::random_device{}();
  for (std::uint64_t k = 0; k < n; ++k) {
    const std::uint64_t seed = base * 1000003ULL + k;
    run_case(seed, 2 + static_cast<int>(seed % 2), 40);
  }
}

TEST_CASE("Delete, re-create and edit in every order converge") {
  // The three writes of cr-sqlite#71 / #299, delivered in all six orders.
  TempDir dir;
  auto a = open_replica(dir.file("a.db"));
  auto b = open_replica(dir.file("b.db"));
  const std::string m = must(a->create("meeting", meeting_fields()));
  const std::string p = must(a->create("attendance", attendance_fields(m)));
  auto base = publish(*a);
  must(b->apply_remote(base, "0"));
  must(a->remove("attendance", p));
  auto del = publish(*a);
  must(a->create("attendance", attendance_fields(m, "Jean Martin"), p));
  auto recreate = publish(*a);
  must(b->update("attendance", p, {{"role", "animateur"}}));
  auto edit = publish(*b);
  const RemoteChangeSet d = del.back(), c = recreate.back(), e = edit.back();
  std::vector<RemoteChangeSet> items{d, c, e};
  std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) {
    return x.signed_change_set.hash() < y.signed_change_set.hash();
  });
  std::string expected;
  do {
    TempDir fresh;
    auto r = open_replica(fresh.file("c.db"));
    must(r->apply_remote(base, "0"));
    for (const auto& rc : items) must(r->apply_remote({rc}, "x"));
    const std::string s = state_of(*r);
    if (expected.empty()) expected = s;
    CHECK(s == expected);
  } while (std::next_permutation(items.begin(), items.end(), [](const auto& x, const auto& y) {
    return x.signed_change_set.hash() < y.signed_change_set.hash();
  }));
  CHECK(expected.find("Jean Martin") != std::string::npos);
}
