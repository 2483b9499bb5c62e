// Crash safety: a child process is killed (SIGKILL) at a named fault point inside a
// transaction; the parent reopens the replica and finds the state before, never a
// state between.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "replica/fault_points.h"
#include "replica_fixtures.h"

using namespace terrain;
using namespace terrain::test;

namespace {

const char* g_fault_point = nullptr;

void kill_at_fault_point(std::string_view point) {
  if (g_fault_point != nullptr && point == g_fault_point) ::raise(SIGKILL);
}

// Runs `body` in a child process that dies by SIGKILL at `point`. Returns true when
// the child was killed there (and not earlier by a failure or later by exiting).
template <class F>
bool killed_at(const char* point, F body) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    g_fault_point = point;
    replica_detail::set_fault_hook(&kill_at_fault_point);
    try {
      body();
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(3);  // the fault point was never reached
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Must not use Catch inside the child: plain checks that exit.
template <class T>
T child_must(Result<T> r) {
  if (!r) ::_exit(4);
  return std::move(r).value();
}

}  // namespace

TEST_CASE("A crash while sealing leaves the drafts, sealed again later with the same seq") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  {
    auto r = open_replica(path);
    const std::string m = must(r->create("meeting", meeting_fields()));
    must(r->create("attendance", attendance_fields(m)));
  }
  const std::string point = GENERATE(as<std::string>{}, "seal.before_sign", "seal.before_commit");
  INFO("killed at " << point);
  REQUIRE(killed_at(point.c_str(), [&] {
    auto r = child_must(Replica::open(path));
    (void)child_must(r->seal());
  }));
  auto r = open_replica(path);
  auto outbox = must(r->outbox());
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0].state == OutboxState::draft);
  CHECK(outbox[0].changes == 2);
  CHECK(must(r->pending()).empty());
  CHECK(must(r->seal()) == 1);
  auto sets = must(r->pending());
  REQUIRE(sets.size() == 1);
  auto cs = verify_and_parse(sets[0].signed_change_set, r->public_key(), Limits{});
  REQUIRE(cs.ok());
  CHECK(cs->seq == 1);
  CHECK(cs->prev == kGenesisPrev);
  CHECK(cs->changes.size() == 2);
}

TEST_CASE("A crash before a write commits leaves no trace of it") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  std::string m;
  {
    auto r = open_replica(path);
    m = must(r->create("meeting", meeting_fields()));
  }
  const std::string before = [&] {
    auto r = open_replica(path);
    return state_of(*r);
  }();
  REQUIRE(killed_at("write.before_commit", [&] {
    auto r = child_must(Replica::open(path));
    (void)child_must(r->create("attendance", attendance_fields(m)));
  }));
  auto r = open_replica(path);
  CHECK(state_of(*r) == before);
  CHECK(must(r->info())["drafts"] == 1);
  // The clock was persisted with the last commit: new versions still increase.
  must(r->create("attendance", attendance_fields(m)));
}

TEST_CASE("A crash while applying a page applies nothing and keeps the old cursor") {
  TempDir dir;
  const std::string path = dir.file("b.db");
  std::vector<RemoteChangeSet> page;
  {
    auto a = open_replica(dir.file("a.db"));
    must(a->create("meeting", meeting_fields()));
    page = publish(*a);
    auto b = open_replica(path);
    must(b->apply_remote({}, "old"));
  }
  REQUIRE(killed_at("apply.before_commit", [&] {
    auto b = child_must(Replica::open(path));
    (void)child_must(b->apply_remote(page, "new"));
  }));
  auto b = open_replica(path);
  CHECK(must(b->cursor()) == "old");
  CHECK(must(b->query("meeting")).empty());
  auto report = must(b->apply_remote(page, "new"));
  CHECK(report.applied == 1);
  CHECK(must(b->query("meeting")).size() == 1);
}

TEST_CASE("A crash while re-stamping keeps the old change sets") {
  TempDir dir;
  const std::string path = dir.file("tablet.db");
  std::string hash;
  {
    auto r = open_replica(path);
    must(r->create("meeting", meeting_fields()));
    must(r->seal());
    hash = must(r->pending())[0].hash;
  }
  REQUIRE(killed_at("restamp.before_commit", [&] {
    auto r = child_must(Replica::open(path));
    (void)child_must(r->restamp(-5000, 1));
  }));
  auto r = open_replica(path);
  CHECK(must(r->pending())[0].hash == hash);
  CHECK(r->clock_offset_ms() == 0);
}
