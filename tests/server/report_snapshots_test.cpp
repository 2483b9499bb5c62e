// The reports' snapshot cache (server/src/report/snapshot_cache.h) on a real Store:
// a snapshot is kept while the merged state does not change, reloaded after any
// commit that changes it, shared by concurrent requests, bounded and dropped when
// unused.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "report/report_table.h"
#include "report/snapshot_cache.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace terrain;
using namespace terrain::server;
using namespace std::chrono_literals;

namespace {

using terrain::test::TempDir;

std::unique_ptr<Store> open_store(const TempDir& dir) {
  auto s = Store::open((dir.path() / "terrain.db").string());
  REQUIRE(s.ok());
  return std::move(*s);
}

// A meeting record's row as the merge writes it (collection, id, meeting, view).
Status put_meeting(Store& store, const std::string& id, const std::string& title) {
  return store.write([&](sqlite::Database& db) -> Status {
    auto q = db.prepare(
        "INSERT INTO records(collection, id, meeting, view) VALUES ('meeting', ?1, ?1, ?2) "
        "ON CONFLICT(collection, id) DO UPDATE SET view = excluded.view");
    if (!q) return q.error();
    nlohmann::json view = {{"_id", id},
                           {"type", "rencontre_territoriale"},
                           {"cycle", "Cycle"},
                           {"title", title},
                           {"status", "terminee"},
                           {"starts_at", "2025-03-01T09:00:00Z"},
                           {"region", "53"}};
    q->bind(1, id).bind(2, view.dump());
    return q->run();
  });
}

const char* kMeeting = "00000000-0000-4000-8000-000000000001";
const char* kOther = "00000000-0000-4000-8000-000000000002";

// An attendance record of a meeting, as the merge writes it.
Status put_attendance(Store& store, const std::string& meeting, const std::string& id,
                      const std::string& actor) {
  return store.write([&](sqlite::Database& db) -> Status {
    auto q = db.prepare(
        "INSERT INTO records(collection, id, meeting, view) VALUES ('attendance', ?1, ?2, ?3) "
        "ON CONFLICT(collection, id) DO UPDATE SET view = excluded.view");
    if (!q) return q.error();
    nlohmann::json view = {{"_id", id}, {"meeting", meeting}, {"actor_type", actor}};
    q->bind(1, id).bind(2, meeting).bind(3, view.dump());
    return q->run();
  });
}

std::vector<nlohmann::json> attendance_of(const report::Snapshot& s, const std::string& meeting) {
  return s.records_of(meeting).attendance;
}

}  // namespace

TEST_CASE("a snapshot is kept until a commit changes the merged state", "[report][cache]") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(put_meeting(*store, kMeeting, "Rennes").ok());
  report::SnapshotCache cache(*store, report::Reference::embedded(), {4, 60s});
  report::ReportFilter all;

  auto a = cache.get(all);
  REQUIRE(a.ok());
  REQUIRE((*a)->meetings.size() == 1);
  CHECK((*a)->meetings[0].title == "Rennes");
  auto b = cache.get(all);
  REQUIRE(b.ok());
  CHECK(b->get() == a->get());  // the same snapshot, not a copy
  CHECK(cache.stats().loads == 1);
  CHECK(cache.stats().hits == 1);

  SECTION("a commit that does not touch the records keeps it") {
    const auto g = store->state_generation();
    REQUIRE(store->write([](sqlite::Database& db) { return set_meta(db, "unrelated", "1"); }).ok());
    CHECK(store->state_generation() == g);
    auto c = cache.get(all);
    REQUIRE(c.ok());
    CHECK(c->get() == a->get());
  }
  SECTION("a commit that changes a record is seen by the next request") {
    REQUIRE(put_meeting(*store, kMeeting, "Brest").ok());
    auto c = cache.get(all);
    REQUIRE(c.ok());
    CHECK(c->get() != a->get());
    CHECK((*c)->meetings[0].title == "Brest");
    CHECK((*a)->meetings[0].title == "Rennes");  // a request still holding the old one
    CHECK(cache.stats().loads == 2);
  }
  SECTION("a rolled-back write leaves the state and the cache as they were") {
    auto st = store->write([&](sqlite::Database& db) -> Status {
      TERRAIN_RETURN_IF_ERROR(db.exec("UPDATE records SET view = '{}'"));
      return make_error(Errc::invalid_argument, "refused");
    });
    CHECK(!st.ok());
    auto c = cache.get(all);
    REQUIRE(c.ok());
    CHECK((*c)->meetings[0].title == "Rennes");
  }
  SECTION("filters and load options are kept apart") {
    report::ReportFilter other;
    other.region = "11";
    auto c = cache.get(other);
    REQUIRE(c.ok());
    CHECK((*c)->selected.empty());
    CHECK((*a)->selected.size() == 1);
    report::LoadOptions no_tallies;
    no_tallies.headcount_history = false;
    auto d = cache.get(all, no_tallies);
    REQUIRE(d.ok());
    CHECK(d->get() != a->get());
    CHECK(cache.stats().kept == 3);
  }
}

TEST_CASE("concurrent requests share one load", "[report][cache]") {
  TempDir dir;
  auto store = open_store(dir);
  for (int i = 0; i < 200; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
    REQUIRE(put_meeting(*store, id, "R" + std::to_string(i)).ok());
  }
  report::SnapshotCache cache(*store, report::Reference::embedded(), {4, 60s});
  std::vector<std::thread> threads;
  std::vector<const report::Snapshot*> got(8, nullptr);
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] {
      auto s = cache.get({});
      if (s.ok()) got[i] = s->get();
    });
  for (auto& t : threads) t.join();
  for (const auto* s : got) {
    REQUIRE(s != nullptr);
    CHECK(s == got[0]);
    CHECK(s->meetings.size() == 200);
  }
  const auto st = cache.stats();
  CHECK(st.loads == 1);
  CHECK(st.hits + st.shared == 7);
}

TEST_CASE("snapshots are bounded in number and dropped when unused", "[report][cache]") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(put_meeting(*store, kMeeting, "Rennes").ok());

  SECTION("the least recently used goes first") {
    report::SnapshotCache cache(*store, report::Reference::embedded(), {2, 60s});
    report::ReportFilter a, b, c;
    a.region = "53";
    b.region = "11";
    c.region = "84";
    REQUIRE(cache.get(a).ok());
    REQUIRE(cache.get(b).ok());
    REQUIRE(cache.get(a).ok());  // b is now the least recently used
    REQUIRE(cache.get(c).ok());
    CHECK(cache.stats().kept == 2);
    const auto loads = cache.stats().loads;
    REQUIRE(cache.get(a).ok());
    CHECK(cache.stats().loads == loads);  // kept
    REQUIRE(cache.get(b).ok());
    CHECK(cache.stats().loads == loads + 1);  // was dropped
  }
  SECTION("one unused for the idle time is dropped by the sweeper") {
    report::SnapshotCache cache(*store, report::Reference::embedded(), {4, 100ms});
    REQUIRE(cache.get({}).ok());
    CHECK(cache.stats().kept == 1);
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (cache.stats().kept != 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    CHECK(cache.stats().kept == 0);
    REQUIRE(cache.get({}).ok());
    CHECK(cache.stats().loads == 2);
  }
}

TEST_CASE("a snapshot's reports are built once and shared", "[report][cache]") {
  report::BuiltReports built;
  std::atomic<int> builds{0};
  auto build = [&] {
    builds.fetch_add(1);
    std::this_thread::sleep_for(20ms);
    report::Report r;
    r.name = "meetings";
    return r;
  };
  std::vector<std::thread> threads;
  std::vector<const report::Report*> got(6, nullptr);
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] { got[i] = &built.get("meetings {}", build); });
  for (auto& t : threads) t.join();
  CHECK(builds.load() == 1);
  for (const auto* r : got) CHECK(r == got[0]);
  CHECK(&built.get("meetings {\"cycle\":\"C\"}", build) != got[0]);  // another filter
  CHECK(builds.load() == 2);

  SECTION("a build that throws is built again by the next caller") {
    bool threw = false;
    try {
      built.get("coverage {}", []() -> report::Report { throw std::runtime_error("x"); });
    } catch (const std::runtime_error&) {
      threw = true;
    }
    CHECK(threw);
    CHECK(built.get("coverage {}", build).name == "meetings");
  }
}

TEST_CASE("a kept snapshot is refreshed by the meetings changed since", "[report][cache]") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(put_meeting(*store, kMeeting, "Rennes").ok());
  REQUIRE(put_meeting(*store, kOther, "Brest").ok());
  REQUIRE(put_attendance(*store, kMeeting, "a1", "mdph").ok());
  REQUIRE(put_attendance(*store, kOther, "b1", "departement").ok());
  report::SnapshotCache cache(*store, report::Reference::embedded(), {4, 60s});
  report::ReportFilter all;
  auto first = cache.get(all);
  REQUIRE(first.ok());
  REQUIRE((*first)->selected.size() == 2);
  const auto full_load = [&] {
    auto s = store->read([&](sqlite::Database& db) {
      return report::load_snapshot(db, all, report::Reference::embedded());
    });
    REQUIRE(s.ok());
    return std::move(*s);
  };

  SECTION("a change to one meeting reloads that meeting only") {
    REQUIRE(put_attendance(*store, kMeeting, "a1", "association").ok());
    REQUIRE(put_attendance(*store, kMeeting, "a2", "mdph").ok());
    auto next = cache.get(all);
    REQUIRE(next.ok());
    CHECK((*next)->stamp > (*first)->stamp);
    // The unchanged meeting's records are the same object, the changed one's new.
    CHECK((*next)->records.at(kOther) == (*first)->records.at(kOther));
    CHECK((*next)->records.at(kMeeting) != (*first)->records.at(kMeeting));
    // And the refreshed snapshot reads as a full load of the same state.
    const auto full = full_load();
    CHECK(full.stamp == (*next)->stamp);
    for (const char* m : {kMeeting, kOther})
      CHECK(attendance_of(**next, m) == attendance_of(full, m));
    REQUIRE(attendance_of(**next, kMeeting).size() == 2);
    CHECK(attendance_of(**next, kMeeting)[0]["actor_type"] == "association");
    // The older snapshot, still held by a request, is unchanged.
    CHECK(attendance_of(**first, kMeeting).size() == 1);
    CHECK(attendance_of(**first, kMeeting)[0]["actor_type"] == "mdph");
  }
  SECTION("a new meeting is loaded, a renamed one re-read") {
    const char* third = "00000000-0000-4000-8000-000000000003";
    REQUIRE(put_meeting(*store, third, "Quimper").ok());
    REQUIRE(put_attendance(*store, third, "c1", "mdph").ok());
    REQUIRE(put_meeting(*store, kOther, "Brest (Finistère)").ok());
    auto next = cache.get(all);
    REQUIRE(next.ok());
    REQUIRE((*next)->selected.size() == 3);
    CHECK(attendance_of(**next, third).size() == 1);
    CHECK((*next)->records.at(kMeeting) == (*first)->records.at(kMeeting));
    bool renamed = false;
    for (const auto& m : (*next)->meetings) renamed |= m.title == "Brest (Finistère)";
    CHECK(renamed);
  }
  SECTION("a deleted row makes every meeting read again") {
    REQUIRE(store
                ->write([](sqlite::Database& db) {
                  return db.exec(
                      "DELETE FROM records WHERE collection = 'attendance' AND id = 'b1'");
                })
                .ok());
    auto next = cache.get(all);
    REQUIRE(next.ok());
    CHECK((*next)->records.at(kMeeting) != (*first)->records.at(kMeeting));
    CHECK(attendance_of(**next, kOther).empty());
  }
  SECTION("a rolled-back write stamps nothing") {
    const auto stamp = (*first)->stamp;
    auto st = store->write([&](sqlite::Database& db) -> Status {
      TERRAIN_RETURN_IF_ERROR(db.exec("UPDATE records SET view = '{}'"));
      return make_error(Errc::invalid_argument, "refused");
    });
    CHECK(!st.ok());
    CHECK(full_load().stamp == stamp);
  }
}

TEST_CASE("a built report's JSON text is serialised once and matches its tree", "[report][cache]") {
  report::BuiltReports built;
  int builds = 0;
  auto build = [&] {
    ++builds;
    report::Report r;
    r.name = "coverage";
    r.json = {{"report", "coverage"}, {"title", "Couverture territoriale"}, {"n", 3}};
    return r;
  };
  const std::string& text = built.json_text("coverage {}", build);
  CHECK(text == built.get("coverage {}", build).json.dump());
  CHECK(&built.json_text("coverage {}", build) == &text);
  CHECK(builds == 1);
}
