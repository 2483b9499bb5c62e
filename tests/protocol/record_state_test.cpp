// Property test: the incremental RecordState (record_state.h) is the same function as
// the reference materialise(history) (merge.h). Random change sequences over a few
// fields, devices and incarnations (creates, sets with and without bases, deletes
// with seen maps, increments, resolves, detached values present, missing, redacted
// or corrupt, versions colliding with different contents), delivered in random
// orders with duplicates: after every delivery the two views must be identical, and
// at the end the state must equal state_of(history), redaction must agree, and a
// retraction rebuilt with state_of must agree with materialise of the retracted
// history.
//
// 3000 random sequences by default; TERRAIN_LONG_TESTS=1 runs 30000. A failure prints
// its seed; TERRAIN_SEED=<n> replays one sequence.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <sstream>

#include "change_generator.h"
#include "terrain/protocol/merge.h"
#include "terrain/protocol/record_state.h"

using namespace terrain;

namespace {

using namespace terrain::testing;

std::uint64_t sequence_count() {
  const char* long_tests = std::getenv("TERRAIN_LONG_TESTS");
  return long_tests && std::string(long_tests) == "1" ? 30000 : 3000;
}

}  // namespace

TEST_CASE("The incremental record state equals materialise of the history", "[record_state]") {
  std::vector<std::uint64_t> seeds;
  if (const char* s = std::getenv("TERRAIN_SEED")) {
    seeds.push_back(std::strtoull(s, nullptr, 10));
  } else {
    for (std::uint64_t i = 1; i <= sequence_count(); ++i) seeds.push_back(i * 6151);
  }
  std::size_t deliveries = 0, duplicates = 0, concurrent = 0, lost_to_delete = 0, deleted = 0,
              redactions = 0, retractions = 0, counted = 0;
  for (std::uint64_t seed : seeds) {
    INFO("seed " << seed);
    Generator g(seed);
    std::vector<Delivery> order;
    const std::size_t n = 1 + g.pick(60);
    for (std::size_t i = 0; i < n; ++i) {
      Change c = g.change();
      std::uint64_t seq = 1 + g.pick(8);
      DetachedValues values = g.values_for(c);
      order.push_back({std::move(c), seq, std::move(values)});
    }
    std::shuffle(order.begin(), order.end(), g.rng);
    for (std::size_t i = 0, d = g.pick(n / 3 + 2); i < d; ++i) {
      Delivery again = order[g.pick(order.size())];
      if (g.chance(50))
        again.values = g.values_for(again.change);  // carried again, maybe without values
      order.insert(order.begin() + static_cast<std::ptrdiff_t>(g.pick(order.size() + 1)), again);
    }

    RecordHistory history;
    RecordState state;
    for (std::size_t step = 0; step < order.size(); ++step) {
      const Delivery& d = order[step];
      const bool h_new = apply_change(history, d.change, d.seq, d.values);
      const bool s_new = apply(state, d.change, d.seq, d.values);
      ++deliveries;
      duplicates += !h_new;
      INFO("step " << step << " change " << d.change.t.to_string());
      REQUIRE(h_new == s_new);
      const RecordView expected = materialise(history);
      const RecordView actual = view_of(state);
      REQUIRE(render(actual) == render(expected));
      REQUIRE(actual.conflicts == expected.conflicts);
    }
    const RecordView final_view = materialise(history);
    for (const auto& k : final_view.conflicts) {
      concurrent += k.kind == Conflict::Kind::concurrent_edit;
      lost_to_delete += k.kind == Conflict::Kind::edit_vs_delete;
    }
    deleted += final_view.cl > 0 && !final_view.exists;
    counted += !final_view.counters.empty();

    // The state is a function of the set of entries: rebuilt from the history, equal.
    REQUIRE(state_of(history) == state);

    // Redaction is exact on the state.
    {
      const std::string hash = g.pick(kHashes);
      RecordHistory h = history;
      RecordState s = state;
      const bool h_found = redact(h, hash);
      // The state may not find a value the history holds only in a seen loser
      // (never shown again), so only the results are compared.
      (void)redact(s, hash);
      REQUIRE(render(view_of(s)) == render(materialise(h)));
      REQUIRE(state_of(h) == s);
      redactions += h_found;
    }
    // Retraction: rebuilt from what remains.
    {
      const std::string device = g.pick(kDevices);
      const std::uint64_t after = g.pick(8);
      RecordHistory h = history;
      const std::size_t removed = retract(h, device, after);
      REQUIRE(retract_touches(state, device, after) == (removed > 0));
      REQUIRE(render(view_of(state_of(h))) == render(materialise(h)));
      retractions += removed > 0;
    }
  }
  std::ostringstream figures;
  figures << seeds.size() << " sequences, " << deliveries << " deliveries (" << duplicates
          << " duplicates), final views with " << concurrent << " concurrent_edit and "
          << lost_to_delete << " edit_vs_delete conflicts, " << deleted << " deleted, " << counted
          << " with counters; " << redactions << " redactions, " << retractions << " retractions";
  WARN(figures.str());
  // The generator must actually exercise every rule.
  if (seeds.size() > 1) {
    CHECK(duplicates > seeds.size());
    CHECK(concurrent > seeds.size());
    CHECK(lost_to_delete > seeds.size() / 4);
    CHECK(deleted > seeds.size() / 10);
    CHECK(counted > seeds.size() / 10);
    CHECK(redactions > seeds.size() / 10);
    CHECK(retractions > seeds.size() / 4);
  }
}

TEST_CASE("A record edited a thousand times keeps one winner and no history in its state",
          "[record_state]") {
  RecordState state;
  RecordHistory history;
  Change create;
  create.op = Op::create;
  create.collection = "col";
  create.id = "id";
  create.t = Hlc{1'700'000'000'000, 0, kDevices[0]};
  create.fields = {FieldWrite{"a", std::nullopt, false, "v0", ""}};
  REQUIRE(apply(state, create, 1, {}));
  REQUIRE(apply_change(history, create, 1, {}));
  Hlc prev = create.t;
  for (std::uint64_t i = 1; i <= 1000; ++i) {
    Change set;
    set.op = Op::set;
    set.collection = "col";
    set.id = "id";
    set.t = Hlc{1'700'000'000'000 + i, 0, kDevices[i % 3]};
    set.fields = {FieldWrite{"a", prev, false, "v" + std::to_string(i), ""}};
    REQUIRE(apply(state, set, i + 1, {}));
    REQUIRE(apply_change(history, set, i + 1, {}));
    prev = set.t;
  }
  CHECK(state.winners.size() == 1);
  CHECK(state.conflicts.empty());
  CHECK(state.conflict_index.empty());
  CHECK(render(view_of(state)) == render(materialise(history)));
  CHECK(view_of(state).fields["a"] == "v1000");
}
