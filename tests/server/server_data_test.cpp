// What the server keeps of its own: its receive time beside the device's, and the
// schema version of its database (a newer one is refused at start).
#include <catch2/catch.hpp>

#include <time.h>

#include <chrono>

#include "fixture.h"
#include "sqlite_file.h"

using namespace terrain;
using namespace terrain::test;

TEST_CASE("The server records its own receive time beside the device's time",
          "[server][push][clock]") {
  ServerFixture f;
  std::string meeting = f.new_meeting();
  std::string elsewhere = f.new_meeting("Journées nationales 2024");
  auto tablet = f.facilitator({meeting});

  // The tablet's clock is three hours slow when it captures (behind is never
  // refused); its requests are signed once its clock is right again.
  constexpr std::int64_t behind_ms = 3 * 3600 * 1000;
  tablet->skew_ms = -behind_ms;
  DetachedValues v1, v2;
  auto c1 =
      tablet->write(Op::create, "attendance", new_uuid_v7(), attendee_fields(meeting, "Alix"), v1);
  auto accepted = tablet->next({c1}, std::move(v1), meeting);
  auto c2 =
      tablet->write(Op::create, "attendance", new_uuid_v7(), attendee_fields(elsewhere, "Bo"), v2);
  auto stray = tablet->next({c2}, std::move(v2), elsewhere);  // out of scope: quarantined
  tablet->skew_ms = 0;
  const auto device_ms = [](const Change& c) { return static_cast<std::int64_t>(c.t.ms); };
  CHECK(device_ms(c1) < static_cast<std::int64_t>(wall_ms()) - behind_ms + 1000);

  const auto t0 = static_cast<std::int64_t>(wall_ms());
  auto r1 = tablet->push(accepted);
  auto r2 = tablet->push(stray);
  const auto t1 = static_cast<std::int64_t>(wall_ms());
  INFO(r1.body << "\n" << r2.body);
  REQUIRE(r1.status == 200);
  REQUIRE(r2.status == 200);
  Receipt k1 = tablet->receipt(r1), k2 = tablet->receipt(r2);
  REQUIRE(k1.outcome == Outcome::accepted);
  REQUIRE(k2.outcome == Outcome::quarantined);
  const auto in_window = [&](std::int64_t ms) { return t0 <= ms && ms <= t1; };

  // Administrators see both times of a quarantined change set...
  auto held = f.admin->get("/admin/quarantine").json["change_sets"];
  REQUIRE(held.size() == 1);
  CHECK(held[0]["hash"] == k2.change_set);
  CHECK(held[0]["device_time_ms"].get<std::int64_t>() == device_ms(c2));
  CHECK(in_window(held[0]["received_ms"].get<std::int64_t>()));

  // ...and, per tablet, the latest receive time, the latest capture time and the lag.
  auto report = f.admin->get("/admin/reports/freshness");
  INFO(report.body);
  REQUIRE(report.status == 200);
  nlohmann::json entry;
  for (const auto& d : report.json["devices"])
    if (d["device_id"] == tablet->id) entry = d;
  REQUIRE(entry.is_object());
  CHECK(entry["change_sets"] == 2);
  CHECK(in_window(entry["last_push_ms"].get<std::int64_t>()));
  CHECK(entry["latest_data_ms"].get<std::int64_t>() == device_ms(c2));
  const auto lag = entry["max_lag_ms"].get<std::int64_t>();
  CHECK(lag >= t0 - device_ms(c2));
  CHECK(lag <= t1 - device_ms(c1));
  CHECK(lag >= behind_ms);

  // In the database: each change set with the device's time as stamped and the
  // server's time of receipt, which is also the receipt's server time.
  REQUIRE(f.server.stop() == 0);
  SqliteFile db(f.server.data_dir() + "/terrain.db");
  auto rows = db.query(
      "SELECT hash, state, device_time_ms, received_ms FROM change_sets WHERE device_id = ? "
      "ORDER BY seq",
      {tablet->id});
  REQUIRE(rows.size() == 2);
  const Change* changes[] = {&c1, &c2};
  const Receipt* receipts[] = {&k1, &k2};
  std::int64_t previous = t0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("seq " << i + 1);
    CHECK(*rows[i][0] == receipts[i]->change_set);
    CHECK(*rows[i][1] == (i == 0 ? "accepted" : "quarantined"));
    CHECK(std::stoll(*rows[i][2]) == device_ms(*changes[i]));
    const std::int64_t received = std::stoll(*rows[i][3]);
    CHECK(in_window(received));
    CHECK(received >= previous);
    CHECK(received == static_cast<std::int64_t>(receipts[i]->server_time_ms));
    CHECK(received - std::stoll(*rows[i][2]) >= behind_ms);
    previous = received;
  }
}

namespace {

// terrain-server run on a data directory and expected to exit by itself: its exit
// code and log. A server that keeps running is stopped after a bounded wait.
struct Exited {
  int code = 0;
  bool timed_out = false;
  std::string log;
};

Exited run_server_expecting_exit(const std::string& data_dir, const std::string& scratch) {
  std::vector<std::string> argv = {server_binary(),
                                   "--data",
                                   data_dir,
                                   "--bind",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(free_port())};
  for (const auto& a : ServerProcess::test_settings()) argv.push_back(a);
  Exited e;
  ChildProcess child(argv, {"", scratch + ".out", scratch + ".log"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (child.running() && std::chrono::steady_clock::now() < deadline) {
    timespec ts{0, 20'000'000};  // poll interval, not a synchronisation
    nanosleep(&ts, nullptr);
  }
  if (child.running()) {
    e.timed_out = true;
    child.signal(SIGTERM);
  }
  e.code = child.wait();
  e.log = read_file(scratch + ".log");
  return e;
}

}  // namespace

TEST_CASE("A data directory with a newer schema version is refused at start and left as it is",
          "[server][store][migrations]") {
  TempDir dir;
  ServerProcess server(dir.file("server"));
  server.start();
  REQUIRE(server.stop() == 0);
  const std::string db_path = server.data_dir() + "/terrain.db";

  std::int64_t current = 0;
  std::string tables;
  {
    SqliteFile db(db_path, true);
    current = db.number("SELECT MAX(version) FROM schema_version");
    REQUIRE(current >= 1);
    // A later terrain-server migrated this directory.
    db.query("INSERT INTO schema_version(version) VALUES (?)", {current + 1});
    db.query("CREATE TABLE from_the_future(x INTEGER)");
    tables = *db.query(
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
        "ORDER BY name)")[0][0];
  }
  const std::string newer = std::to_string(current + 1);

  auto run = run_server_expecting_exit(server.data_dir(), dir.file("newer"));
  INFO(run.log);
  REQUIRE_FALSE(run.timed_out);
  CHECK(run.code != 0);
  CHECK(run.log.find("\"startup_failed\"") != std::string::npos);
  CHECK(run.log.find("\"unsupported_version\"") != std::string::npos);
  CHECK(run.log.find("schema version " + newer + " is newer than this server (" +
                     std::to_string(current) + ")") != std::string::npos);
  CHECK(run.log.find("upgrade terrain-server") != std::string::npos);
  CHECK(run.log.find("\"listening\"") == std::string::npos);
  // The log is still JSON lines.
  std::istringstream lines(run.log);
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK(nlohmann::json::parse(line, nullptr, false).is_object());
  }

  // The commands that open the database refuse it the same way.
  auto add = server.add_admin("late", "a long enough password");
  INFO(add.err);
  CHECK(add.exit_code != 0);
  CHECK(add.err.find("unsupported_version") != std::string::npos);
  CHECK(add.err.find("upgrade terrain-server") != std::string::npos);

  // Nothing was changed or downgraded.
  SqliteFile db(db_path);
  CHECK(db.number("SELECT MAX(version) FROM schema_version") == current + 1);
  CHECK(db.number("SELECT COUNT(*) FROM schema_version") == current + 1);
  CHECK(*db.query("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master ORDER BY "
                  "name)")[0][0] == tables);
  CHECK(db.number("SELECT COUNT(*) FROM admins WHERE name = 'late'") == 0);
}
