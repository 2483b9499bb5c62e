// The tablet workloads: replicas (terrain_replica) syncing through the sync client
// (terrain_sync), as the field app does.
//
//   push         a replica holds 10,000 records written offline (drafts); time one
//                sync() that seals, pushes and pulls. The replica is written once and
//                copied for each run (writing 10,000 records costs one durable
//                transaction each and is tablet work, not sync).
//   pull         the server holds 100,000 records (ingested by raw devices, change
//                sets of 500); a new replica enrolled on the cycle's scope runs one
//                sync(): seconds, and changes/s applied by client-core.
//   incremental  another device pushes 100 records; the replica runs one sync().
//   load         N replicas, groups of 4 on one meeting; per round each writes 8
//                records, increments the shared head count and edits the shared
//                attendance record (concurrent edits), then all sync at once.
//                Push latency = from sync() start to the end of its push phase
//                (progress callback), which includes sealing 10 changes.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "terrain/replica/replica.h"
#include "terrain/sync/sync_client.h"
#include "workloads.h"

namespace terrain::bench {
namespace {

constexpr std::size_t kPushRecords = 10000;
constexpr std::size_t kPullRecords = 100000;
constexpr std::size_t kIncrementalRecords = 100;
constexpr int kIncrementalRuns = 5;
constexpr int kLoadGroup = 4;
constexpr int kLoadNewRecords = 8;  // + 1 head count increment + 1 concurrent edit
constexpr int kLoadTotalPushes = 768;
constexpr int kLoadAttempts = 3;  // a failed sync (transient error) is tried again

template <class T>
T check(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error(what + ": " + r.error().to_string());
  return std::move(r).value();
}
void check(const Status& s, const std::string& what) {
  if (!s.ok()) throw std::runtime_error(what + ": " + s.error().to_string());
}

std::string url_of(const ServerProcess& s) {
  return "http://127.0.0.1:" + std::to_string(s.port());
}

std::unique_ptr<Replica> open_replica(const std::filesystem::path& path) {
  return check(Replica::open(path.string()), "open replica " + path.string());
}

void write_record(Replica& r, const Record& rec, const std::string& what) {
  check(r.create(rec.collection, rec.fields, rec.id), what);
}

nlohmann::json sync_once(Replica& r, const sync::SyncOptions& o = {}) {
  return check(sync::sync(r, o), "sync");
}

// Copies a replica (SQLite file, WAL if any, key file) to a new path.
void copy_replica(const std::filesystem::path& from, const std::filesystem::path& to) {
  for (const char* suffix : {"", "-wal", "-shm", ".key"}) {
    std::filesystem::path f = from.string() + suffix;
    if (std::filesystem::exists(f))
      std::filesystem::copy_file(f, to.string() + suffix,
                                 std::filesystem::copy_options::overwrite_existing);
  }
}

std::set<std::string> meetings_of(const std::vector<Record>& records, std::size_t n) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < n && i < records.size(); ++i) out.insert(records[i].meeting);
  return out;
}

void create_meetings(Admin& admin, const Data& data, const std::set<std::string>& needed) {
  for (const Record& m : data.meetings)
    if (needed.count(m.id)) admin.create_meeting(m);
}

// ---- push ----------------------------------------------------------------------------

void push(const Options& opt, const Data& data, Emitter& out) {
  const std::size_t n = std::min(kPushRecords, data.records.size());
  const auto base = opt.work / "push_template.replica";
  {
    // The tablet captures offline (not timed): one durable transaction per write.
    auto r = open_replica(base);
    for (std::size_t i = 0; i < n; ++i) write_record(*r, data.records[i], "push: write");
  }
  std::vector<double> secs;
  for (int run = 0; run < opt.runs; ++run) {
    const auto dir = opt.work / ("push_r" + std::to_string(run));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ServerProcess server(opt.server, dir / "server");
    server.start();
    Admin admin(server.port(), server.admin_password());
    create_meetings(admin, data, meetings_of(data.records, n));
    const auto path = dir / "tablet.replica";
    copy_replica(base, path);
    auto r = open_replica(path);
    check(sync::enrol(*r, url_of(server), admin.enrolment_code()), "push: enrol");
    const double t0 = now_ms();
    auto summary = sync_once(*r);
    secs.push_back((now_ms() - t0) / 1000.0);
    if (summary.value("accepted", 0) == 0)
      throw std::runtime_error("push: nothing accepted: " + summary.dump());
    r.reset();
    server.stop();
    std::filesystem::remove_all(dir);
  }
  nlohmann::json meta = {{"records", n}};
  out.emit("push.seconds", "s", secs, meta);
  std::vector<double> rate;
  for (double s : secs) rate.push_back(static_cast<double>(n) / s);
  out.emit("push.records_per_s", "records/s", rate, meta);
}

// ---- pull and incremental ------------------------------------------------------------------

void pull_and_incremental(const Options& opt, const Data& data, Emitter& out, bool pull_figures) {
  const std::size_t n = std::min(kPullRecords, data.records.size());
  const auto dir = opt.work / "pull";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ServerProcess server(opt.server, dir / "server");
  server.start();
  Admin admin(server.port(), server.admin_password());
  create_meetings(admin, data, meetings_of(data.records, data.records.size()));
  {
    // 100,000 records from 8 field devices (change sets of 500), not timed.
    std::vector<Record> first(data.records.begin(), data.records.begin() + static_cast<long>(n));
    auto groups = group_records(first, 500, SIZE_MAX);
    std::vector<std::unique_ptr<RawDevice>> devices;
    for (int d = 0; d < 8; ++d)
      devices.push_back(std::make_unique<RawDevice>(server.port(), admin.enrolment_code()));
    std::vector<std::thread> threads;
    std::string failure;
    std::mutex m;
    for (int d = 0; d < 8; ++d)
      threads.emplace_back([&, d] {
        try {
          for (std::size_t i = static_cast<std::size_t>(d); i < groups.size(); i += 8) {
            auto& dev = *devices[static_cast<std::size_t>(d)];
            if (auto o = dev.send(dev.sign_push(dev.seal_creates(groups[i]))); o != "accepted")
              throw std::runtime_error("not accepted: " + o);
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(m);
          failure = e.what();
        }
      });
    for (auto& t : threads) t.join();
    if (!failure.empty()) throw std::runtime_error("pull setup: " + failure);
  }
  std::vector<double> secs;
  std::unique_ptr<Replica> tablet;
  std::filesystem::path tablet_path;
  for (int run = 0; run < opt.runs; ++run) {
    tablet.reset();
    if (!tablet_path.empty())
      for (const char* suffix : {"", "-wal", "-shm", ".key"})
        std::filesystem::remove(tablet_path.string() + suffix);
    tablet_path = dir / ("tablet_" + std::to_string(run) + ".replica");
    tablet = open_replica(tablet_path);
    check(sync::enrol(*tablet, url_of(server), admin.enrolment_code()), "pull: enrol");
    const double t0 = now_ms();
    auto summary = sync_once(*tablet);
    secs.push_back((now_ms() - t0) / 1000.0);
    if (summary.value("pulled", 0) == 0)
      throw std::runtime_error("pull: nothing pulled: " + summary.dump());
  }
  if (pull_figures) {
    nlohmann::json meta = {{"records", n}};
    out.emit("pull.seconds", "s", secs, meta);
    std::vector<double> rate;
    for (double s : secs) rate.push_back(static_cast<double>(n) / s);
    out.emit("pull.records_per_s", "records/s", rate, meta);
    std::uint64_t bytes = 0;
    for (const char* suffix : {"", "-wal"}) bytes += du_bytes(tablet_path.string() + suffix);
    out.emit("disk.tablet_bytes_per_change", "B",
             {static_cast<double>(bytes) / static_cast<double>(n)},
             {{"note", "replica SQLite file (and WAL) after pulling 100,000 records"}});
  }
  // Incremental: another tablet pushes 100 records; this one syncs.
  RawDevice other(server.port(), admin.enrolment_code());
  std::vector<double> ms;
  for (int run = 0; run < kIncrementalRuns; ++run) {
    std::size_t from = n + static_cast<std::size_t>(run) * kIncrementalRecords;
    if (from + kIncrementalRecords > data.records.size()) break;
    std::vector<const Record*> batch;
    for (std::size_t i = from; i < from + kIncrementalRecords; ++i) {
      if (!batch.empty() && batch.front()->meeting != data.records[i].meeting) break;
      batch.push_back(&data.records[i]);
    }
    if (auto o = other.send(other.sign_push(other.seal_creates(batch))); o != "accepted")
      throw std::runtime_error("incremental: not accepted: " + o);
    const double t0 = now_ms();
    auto summary = sync_once(*tablet);
    ms.push_back(now_ms() - t0);
    if (summary.value("pulled", 0) == 0)
      throw std::runtime_error("incremental: nothing pulled: " + summary.dump());
  }
  out.emit("incremental.ms", "ms", ms, {{"records", kIncrementalRecords}});
  tablet.reset();
  server.stop();
  if (!std::getenv("TERRAIN_BENCH_KEEP")) std::filesystem::remove_all(dir);
}

// ---- load ---------------------------------------------------------------------------------

struct LoadResult {
  double p50 = 0, p99 = 0, sync_p50 = 0, sync_p99 = 0, rss_mib = 0;
  nlohmann::json meta;
};

LoadResult load_once(const Options& opt, const Data& data, int n) {
  const int rounds = std::min(20, std::max(3, (kLoadTotalPushes + n - 1) / n));
  const auto dir = opt.work / ("load_n" + std::to_string(n));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ServerProcess server(opt.server, dir / "server");
  server.start();
  Admin admin(server.port(), server.admin_password());
  // Where the simulated tablets keep their replicas (TERRAIN_BENCH_TABLET_DIR, e.g. a
  // tmpfs): by default beside the server, on the same disk.
  std::filesystem::path tablets = dir;
  if (const char* t = std::getenv("TERRAIN_BENCH_TABLET_DIR")) {
    tablets = std::filesystem::path(t) / ("load_n" + std::to_string(n));
    std::filesystem::remove_all(tablets);
    std::filesystem::create_directories(tablets);
  }
  struct RemoveTablets {
    std::filesystem::path p;
    bool on;
    ~RemoveTablets() {
      std::error_code ec;
      if (on) std::filesystem::remove_all(p, ec);
    }
  } remove_tablets{tablets, tablets != dir};

  // Records by meeting, in file order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Record*>> by_meeting;
  for (const Record& r : data.records) {
    auto [it, fresh] = by_meeting.try_emplace(r.meeting);
    if (fresh) order.push_back(r.meeting);
    it->second.push_back(&r);
  }
  struct Group {
    std::string meeting;
    const Record* head = nullptr;
    const Record* att = nullptr;
    std::vector<const Record*> pool;
  };
  const int groups = (n + kLoadGroup - 1) / kLoadGroup;
  std::vector<Group> shared(static_cast<std::size_t>(groups));
  for (int g = 0; g < groups; ++g) {
    Group& G = shared[static_cast<std::size_t>(g)];
    G.meeting = order[static_cast<std::size_t>(g) % order.size()];
    for (const Record* r : by_meeting[G.meeting]) {
      if (!G.head && r->collection == "headcount")
        G.head = r;
      else if (!G.att && r->collection == "attendance")
        G.att = r;
      else
        G.pool.push_back(r);
    }
    for (const Record& m : data.meetings)
      if (m.id == G.meeting) admin.create_meeting(m);
  }
  // Each group's first tablet creates the shared records; the others get them by sync.
  struct Device {
    int group = 0, slot = 0;
    std::unique_ptr<Replica> replica;
  };
  std::vector<Device> devices(static_cast<std::size_t>(n));
  for (int d = 0; d < n; ++d) {
    Device& D = devices[static_cast<std::size_t>(d)];
    D.group = d / kLoadGroup;
    D.slot = d % kLoadGroup;
    D.replica = open_replica(tablets / ("tablet_" + std::to_string(d) + ".replica"));
    check(sync::enrol(*D.replica, url_of(server),
                      admin.enrolment_code({shared[static_cast<std::size_t>(D.group)].meeting})),
          "load: enrol");
  }
  for (Device& D : devices)
    if (D.slot == 0) {
      const Group& G = shared[static_cast<std::size_t>(D.group)];
      write_record(*D.replica, *G.head, "load: shared head count");
      write_record(*D.replica, *G.att, "load: shared attendance");
      sync_once(*D.replica);
    }
  for (Device& D : devices)
    if (D.slot != 0) sync_once(*D.replica);

  server.reset_peak_rss();
  std::vector<double> push_ms, sync_ms;
  std::atomic<int> retries{0};
  std::mutex m;
  std::string failure;
  for (int round = 0; round < rounds; ++round) {
    // Capture on every tablet, tablets in parallel (not timed)...
    {
      std::vector<std::thread> writers;
      for (Device& D : devices) {
        writers.emplace_back([&, dev = &D] {
          try {
            const Group& G = shared[static_cast<std::size_t>(dev->group)];
            const std::size_t base =
                static_cast<std::size_t>((round * kLoadGroup + dev->slot) * kLoadNewRecords);
            for (std::size_t i = base; i < base + kLoadNewRecords && i < G.pool.size(); ++i)
              write_record(*dev->replica, *G.pool[i], "load: write");
            check(dev->replica->increment("headcount", G.head->id, "count", 1), "load: increment");
            check(dev->replica->update("attendance", G.att->id,
                                       {{"organisation", "Organisme corrigé par la tablette " +
                                                             std::to_string(dev->slot) + " (tour " +
                                                             std::to_string(round) + ")"}}),
                  "load: concurrent edit");
          } catch (const std::exception& e) {
            std::lock_guard lock(m);
            failure = e.what();
          }
        });
      }
      for (auto& t : writers) t.join();
      if (!failure.empty()) throw std::runtime_error("load " + std::to_string(n) + ": " + failure);
    }
    // ...then every tablet syncs at once.
    std::barrier start(n);
    std::vector<std::thread> threads;
    for (Device& D : devices) {
      threads.emplace_back([&, replica = D.replica.get()] {
        start.arrive_and_wait();
        double t0 = now_ms();
        double push_end = 0;
        sync::SyncOptions o;
        o.progress = [&](sync::Phase phase, std::uint64_t, std::uint64_t) {
          if (phase >= sync::Phase::pull && push_end == 0) push_end = now_ms();
        };
        try {
          // A tablet whose sync failed on a transient error (network) tries again,
          // as the app does; the latency counts from the first attempt.
          auto result = sync::sync(*replica, o);
          for (int attempt = 1;
               attempt < kLoadAttempts && !result.ok() && errc_is_transient(result.error().code);
               ++attempt) {
            ++retries;
            push_end = 0;
            result = sync::sync(*replica, o);
          }
          auto summary = check(std::move(result), "load: sync");
          double end = now_ms();
          if (push_end == 0) push_end = end;
          std::lock_guard lock(m);
          push_ms.push_back(push_end - t0);
          sync_ms.push_back(end - t0);
          if (summary.value("accepted", 0) == 0 && failure.empty())
            failure = "a sync had nothing accepted: " + summary.dump();
        } catch (const std::exception& e) {
          std::lock_guard lock(m);
          failure = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    if (!failure.empty()) throw std::runtime_error("load " + std::to_string(n) + ": " + failure);
  }
  LoadResult res;
  res.rss_mib = static_cast<double>(server.peak_rss_bytes()) / (1024.0 * 1024.0);
  res.p50 = percentile(push_ms, 50);
  res.p99 = percentile(push_ms, 99);
  res.sync_p50 = percentile(sync_ms, 50);
  res.sync_p99 = percentile(sync_ms, 99);
  std::size_t conflicts = 0;
  if (auto c = devices.front().replica->conflicts(); c.ok()) conflicts = c->size();
  res.meta = {{"devices", n},
              {"pushes", push_ms.size()},
              {"rounds", rounds},
              {"changes_per_push", kLoadNewRecords + 2},
              {"retried_syncs", retries.load()},
              {"conflicts_seen_by_first_tablet", conflicts}};
  devices.clear();
  server.stop();
  std::filesystem::remove_all(dir);
  return res;
}

void load(const Options& opt, const Data& data, Emitter& out) {
  for (int n : opt.levels) {
    std::vector<double> p50, p99, s50, s99, rss;
    nlohmann::json meta;
    for (int run = 0; run < opt.runs; ++run) {
      LoadResult r = load_once(opt, data, n);
      p50.push_back(r.p50);
      p99.push_back(r.p99);
      s50.push_back(r.sync_p50);
      s99.push_back(r.sync_p99);
      rss.push_back(r.rss_mib);
      meta = r.meta;
    }
    const std::string k = "load.n" + std::to_string(n);
    out.emit(k + ".p50_ms", "ms", p50, meta);
    out.emit(k + ".p99_ms", "ms", p99, meta);
    out.emit(k + ".sync_p50_ms", "ms", s50, meta);
    out.emit(k + ".sync_p99_ms", "ms", s99, meta);
    out.emit(k + ".peak_rss_mib", "MiB", rss, meta);
  }
}

}  // namespace

void run_sync_workloads(const Options& opt, const Data& data, Emitter& out, bool do_push,
                        bool do_pull, bool do_load) {
  if (do_push) push(opt, data, out);
  if (do_pull) pull_and_incremental(opt, data, out, true);
  if (do_load) load(opt, data, out);
}

}  // namespace terrain::bench
