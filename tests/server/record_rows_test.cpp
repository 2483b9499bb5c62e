// The server's merged state kept as rows (server/src/store/record_rows.h), on a real
// SQLite file migrated to the current schema:
//  - property: random change sequences (tests/support/change_generator.h), each change
//    merged the way a push merges it (load_state of the record with the change's
//    version only, apply, save_state of the diff) in random order with duplicates,
//    give after every delivery the view materialise() gives of the same history, and
//    at the end rows that read back as state_of(history), every version included;
//  - cost: one change to a record edited 1, 10, 100 and 1,000 times writes the same
//    rows (counted with sqlite3_total_changes), and loads only the rows it needs.
// 300 sequences by default; TERRAIN_LONG_TESTS=1 runs 3000; TERRAIN_SEED=<n> replays one.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "change_generator.h"
#include "store/migrations.h"
#include "store/record_rows.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace terrain;
using namespace terrain::server;
using terrain::testing::Generator;
using terrain::testing::render;

namespace {

sqlite::Database open_db(const terrain::test::TempDir& dir) {
  auto db = open_store_file(dir.file("rows.db"), true);
  REQUIRE(db.ok());
  REQUIRE(migrate(*db).ok());
  REQUIRE(db->exec("PRAGMA synchronous=OFF").ok());  // a test file: speed over durability
  return std::move(*db);
}

const RecordKey kKey{"col", "id"};

// A push's merge of one change: partial load, apply, save the diff, in a transaction.
void merge_one(sqlite::Database& db, const Change& c, std::uint64_t seq,
               const DetachedValues& values) {
  REQUIRE(db.exec("BEGIN IMMEDIATE").ok());
  auto before = load_state(db, kKey, {c.t});
  REQUIRE(before.ok());
  RecordState after = before->state;
  if (after.collection.empty()) {
    after.collection = kKey.first;
    after.id = kKey.second;
  }
  (void)apply(after, c, seq, values);
  auto saved = save_state(db, *before, after, "meeting");
  REQUIRE(saved.ok());
  REQUIRE(db.exec("COMMIT").ok());
}

std::string stored_view(sqlite::Database& db) {
  auto q = db.prepare("SELECT view FROM records WHERE collection = ? AND id = ?");
  REQUIRE(q.ok());
  q->bind(1, kKey.first).bind(2, kKey.second);
  auto row = q->step();
  REQUIRE(row.ok());
  if (!*row) return {};
  return q->text(0);
}

std::uint64_t sequences() {
  const char* l = std::getenv("TERRAIN_LONG_TESTS");
  return l && std::string(l) == "1" ? 3000 : 300;
}

}  // namespace

TEST_CASE("The state kept as rows merges as materialise of the history", "[record_rows]") {
  std::vector<std::uint64_t> seeds;
  if (const char* s = std::getenv("TERRAIN_SEED"))
    seeds.push_back(std::strtoull(s, nullptr, 10));
  else
    for (std::uint64_t i = 1; i <= sequences(); ++i) seeds.push_back(i * 7919);
  std::size_t deliveries = 0, with_conflicts = 0;
  for (auto seed : seeds) {
    INFO("seed " << seed << " (replay: TERRAIN_SEED=" << seed << ")");
    terrain::test::TempDir dir;
    sqlite::Database db = open_db(dir);
    Generator g(seed);
    struct Delivery {
      Change change;
      std::uint64_t seq;
      DetachedValues values;
    };
    std::vector<Delivery> made;
    for (std::size_t i = 0, n = 4 + g.pick(20); i < n; ++i) {
      Change c = g.change();
      DetachedValues v = g.values_for(c);
      made.push_back({std::move(c), i + 1, std::move(v)});
    }
    std::vector<Delivery> order = made;
    for (std::size_t i = 0, n = g.pick(4); i < n; ++i) order.push_back(made[g.pick(made.size())]);
    std::shuffle(order.begin(), order.end(), g.rng);

    RecordHistory history;
    history.collection = kKey.first;
    history.id = kKey.second;
    for (const auto& d : order) {
      (void)apply_change(history, d.change, d.seq, d.values);
      merge_one(db, d.change, d.seq, d.values);
      ++deliveries;
      auto full = load_full_state(db, kKey);
      REQUIRE(full.ok());
      const RecordView expected = materialise(history);
      REQUIRE(render(view_of(full->state)) == render(expected));
      REQUIRE(nlohmann::json::parse(stored_view(db)) == view_json(full->state, expected));
    }
    auto full = load_full_state(db, kKey);
    REQUIRE(full.ok());
    const RecordState reference = state_of(history);
    CHECK(full->state.applied == reference.applied);
    CHECK(full->state.seen == reference.seen);
    CHECK(full->state.winners == reference.winners);
    CHECK(full->state.deletes == reference.deletes);
    CHECK(full->state.increments == reference.increments);
    CHECK(full->state.conflicts == reference.conflicts);
    CHECK(full->state.conflict_index == reference.conflict_index);
    if (!reference.conflicts.empty()) ++with_conflicts;
  }
  WARN(seeds.size() << " sequences, " << deliveries << " deliveries, " << with_conflicts
                    << " ending with live conflicts");
  CHECK(with_conflicts > 0);
}

TEST_CASE("One change to a record with a long history writes and reads the same rows",
          "[record_rows]") {
  terrain::test::TempDir dir;
  sqlite::Database db = open_db(dir);
  const std::string device = "00000000000000a1";
  auto edit = [&](std::uint64_t i, std::optional<Hlc> base) {
    Change c;
    c.op = i == 0 ? Op::create : Op::set;
    c.collection = kKey.first;
    c.id = kKey.second;
    c.cl = 1;
    c.t = Hlc{1'700'000'000'000 + i, 0, device};
    FieldWrite w;
    w.name = "title";
    w.value = "version " + std::to_string(i);
    w.base = base;
    c.fields.push_back(w);
    FieldWrite other;
    other.name = "status";
    other.value = "planned";
    if (i == 0) c.fields.push_back(other);
    return c;
  };
  std::map<std::uint64_t, int> written;  // history length -> rows the next change writes
  std::optional<Hlc> last;
  std::uint64_t made = 0;
  for (std::uint64_t length : {1, 10, 100, 1000}) {
    for (; made < length; ++made) {
      Change c = edit(made, last);
      merge_one(db, c, made + 1, {});
      last = c.t;
    }
    const int before = sqlite3_total_changes(db.raw());
    Change c = edit(made, last);
    REQUIRE(db.exec("BEGIN IMMEDIATE").ok());
    auto loaded = load_state(db, kKey, {c.t});
    REQUIRE(loaded.ok());
    // Loaded: the two winners, and of the history's versions only theirs (one when both
    // are the create's) and the change's (not applied yet).
    CHECK(loaded->state.winners.size() == 2);
    CHECK(loaded->state.applied.size() == (length == 1 ? 1 : 2));
    CHECK(loaded->state.seen.size() <= 1);
    RecordState after = loaded->state;
    REQUIRE(apply(after, c, made + 1, {}));
    REQUIRE(save_state(db, *loaded, after, "meeting").ok());
    REQUIRE(db.exec("COMMIT").ok());
    written[length] = sqlite3_total_changes(db.raw()) - before;
    ++made;
    last = c.t;
  }
  // records (view cache), the title's winner, the new version, the base entering S.
  CHECK(written[1] == 4);
  CHECK(written[10] == 4);
  CHECK(written[100] == 4);
  CHECK(written[1000] == 4);
  auto full = load_full_state(db, kKey);
  REQUIRE(full.ok());
  CHECK(full->state.applied.size() == made);
  CHECK(view_of(full->state).fields["title"] == "version " + std::to_string(made - 1));
  CHECK(view_of(full->state).conflicts.empty());
}
