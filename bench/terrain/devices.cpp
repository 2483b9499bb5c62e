// Terrain's device simulator: N virtual tablets built on client-core, each with its
// own keys, replica and outbox, writing meeting data and syncing concurrently with
// a terrain-server it starts on a free loopback port. The workloads are the PouchDB
// side's (bench/pouchdb/bench.js), on the same generated documents:
//
//   ingest       change sets of 1, 50, 500 records of one meeting, pre-sealed by 8
//                devices (raw protocol: terrain_protocol + signed HTTP), then sent by
//                the 8 at once, each waiting for its receipt (durable commit).
//   push         20,000 records written into a replica offline, then one sync.
//   pull         a new replica enrolled on a scope of 100,000 changes: one sync.
//   incremental  100 new changes from another device, then one sync.
//   load         N replicas at once (1, 16, 64, 256), groups of 4 on one meeting:
//                per round each writes 8 records, increments the shared head count
//                and edits a shared attendance record (concurrent edits), then all
//                sync at once; push latency percentiles and server peak RSS.
//   history      one change to a record already edited 1, 10, 100, 1,000 times
//                (Terrain only: the cost of a change must not grow with the history).
//
//   terrain_bench_devices --data DIR --work DIR --out FILE --server BIN
//        [--runs N] [--only ingest,history,push,pull,incremental,load]
//        [--levels 1,16,64,256]
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "harness.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/ids.h"
#include "workloads.h"

namespace terrain::bench {
namespace {

// [records per change set, change sets]: the same plan as the PouchDB side.
constexpr std::pair<std::size_t, std::size_t> kIngestPlan[] = {{1, 2000}, {50, 1000}, {500, 200}};
constexpr int kIngestDevices = 8;

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

// Meetings are defined centrally before the tablets capture anything.
void create_meetings(Admin& admin, const std::vector<Record>& meetings,
                     const std::set<std::string>& needed) {
  for (const Record& m : meetings)
    if (needed.count(m.id)) admin.create_meeting(m);
}

void ingest(const Options& opt, const Data& data, Emitter& out) {
  for (auto [size, count] : kIngestPlan) {
    if (std::find(opt.sizes.begin(), opt.sizes.end(), static_cast<int>(size)) == opt.sizes.end())
      continue;
    const auto groups = group_records(data.records, size, count);
    std::size_t nrec = 0;
    std::set<std::string> meetings;
    for (const auto& g : groups) {
      nrec += g.size();
      meetings.insert(g.front()->meeting);
    }
    std::vector<double> rec_s, set_s;
    for (int run = 0; run < opt.runs; ++run) {
      const auto dir = opt.work / ("ingest_s" + std::to_string(size) + "_r" + std::to_string(run));
      std::filesystem::remove_all(dir);
      ServerProcess server(opt.server, dir);
      server.start();
      Admin admin(server.port(), server.admin_password());
      create_meetings(admin, data.meetings, meetings);
      std::vector<std::unique_ptr<RawDevice>> devices;
      for (int d = 0; d < kIngestDevices; ++d)
        devices.push_back(std::make_unique<RawDevice>(server.port(), admin.enrolment_code()));
      // Each device seals and signs its share in order (not timed: tablet work).
      std::vector<std::vector<RawDevice::Request>> requests(kIngestDevices);
      for (std::size_t i = 0; i < groups.size(); ++i) {
        auto& dev = *devices[i % kIngestDevices];
        requests[i % kIngestDevices].push_back(dev.sign_push(dev.seal_creates(groups[i])));
      }
      std::atomic<std::size_t> accepted{0}, other{0};
      std::string failure, first_refusal;
      std::mutex failure_mutex;
      const double t0 = now_ms();
      std::vector<std::thread> threads;
      for (int d = 0; d < kIngestDevices; ++d) {
        threads.emplace_back([&, d] {
          try {
            for (const auto& r : requests[d]) {
              std::string outcome = devices[d]->send(r);
              if (outcome == "accepted") {
                ++accepted;
              } else {
                ++other;
                std::lock_guard lock(failure_mutex);
                if (first_refusal.empty()) first_refusal = outcome;
              }
            }
          } catch (const std::exception& e) {
            std::lock_guard lock(failure_mutex);
            failure = e.what();
          }
        });
      }
      for (auto& t : threads) t.join();
      const double s = (now_ms() - t0) / 1000.0;
      if (!failure.empty()) throw std::runtime_error("ingest: " + failure);
      if (other > 0)
        throw std::runtime_error("ingest: " + std::to_string(other.load()) +
                                 " change sets were not accepted, e.g. " + first_refusal);
      rec_s.push_back(static_cast<double>(nrec) / s);
      set_s.push_back(static_cast<double>(groups.size()) / s);
      if (size == 500 && run == opt.runs - 1) {
        server.stop();  // checkpoints the WAL into the database file
        out.emit("disk.server_bytes_per_change", "B",
                 {static_cast<double>(du_bytes(server.data_dir())) / static_cast<double>(nrec)},
                 {{"note",
                   "server data directory after ingest of 100,000 records (change sets "
                   "of 500), server stopped"}});
      }
      server.stop();
      if (!std::getenv("TERRAIN_BENCH_KEEP")) std::filesystem::remove_all(dir);
    }
    nlohmann::json meta = {
        {"records", nrec}, {"change_sets", groups.size()}, {"devices", kIngestDevices}};
    out.emit("ingest.s" + std::to_string(size) + ".records_per_s", "records/s", rec_s, meta);
    out.emit("ingest.s" + std::to_string(size) + ".sets_per_s", "sets/s", set_s, meta);
  }
}

// The cost of one change to a record already edited 1, 10, 100 and 1,000 times: one
// device edits one field of a record (each edit seeing the previous one, one change
// set per edit) up to each length, then times kTimedEdits more edits, one by one.
// A store whose cost grows with the history shows it here.
void history(const Options& opt, const Data& data, Emitter& out) {
  constexpr std::size_t kLengths[] = {1, 10, 100, 1000};
  constexpr int kTimedEdits = 100;
  const Record* base_record = nullptr;
  for (const auto& r : data.records)
    if (r.collection == "contribution") {
      base_record = &r;
      break;
    }
  if (!base_record) throw std::runtime_error("history: the data has no contribution");
  std::map<std::size_t, std::vector<double>> per_edit_ms;
  for (int run = 0; run < opt.runs; ++run) {
    const auto dir = opt.work / ("history_r" + std::to_string(run));
    std::filesystem::remove_all(dir);
    ServerProcess server(opt.server, dir);
    server.start();
    Admin admin(server.port(), server.admin_password());
    create_meetings(admin, data.meetings, {base_record->meeting});
    RawDevice device(server.port(), admin.enrolment_code());
    for (std::size_t length : kLengths) {
      Record record = *base_record;
      record.id = new_uuid_v7();
      auto expect = [](const std::string& outcome) {
        if (outcome != "accepted") throw std::runtime_error("history: edit " + outcome);
      };
      expect(device.send(device.sign_push(device.seal_creates({&record}))));
      std::optional<Hlc> last;
      for (std::size_t i = 1; i < length; ++i) {
        auto [scs, t] = device.seal_edit(record, "text", "version " + std::to_string(i), last);
        expect(device.send(device.sign_push(scs)));
        last = t;
      }
      std::vector<RawDevice::Request> timed;
      for (int i = 0; i < kTimedEdits; ++i) {
        auto [scs, t] = device.seal_edit(record, "text", "timed " + std::to_string(i), last);
        timed.push_back(device.sign_push(scs));
        last = t;
      }
      const double t0 = now_ms();
      for (const auto& r : timed) expect(device.send(r));
      per_edit_ms[length].push_back((now_ms() - t0) / kTimedEdits);
    }
    server.stop();
    if (!std::getenv("TERRAIN_BENCH_KEEP")) std::filesystem::remove_all(dir);
  }
  for (const auto& [length, ms] : per_edit_ms)
    out.emit("history.edited_" + std::to_string(length) + ".ms_per_change", "ms", ms,
             {{"note", "one push of one set, sequential, to a record already edited " +
                           std::to_string(length) + " times"},
              {"timed_edits", kTimedEdits}});
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) throw std::runtime_error("missing value for " + k);
    std::string v = argv[++i];
    if (k == "--data")
      o.data = v;
    else if (k == "--work")
      o.work = v;
    else if (k == "--out")
      o.out = v;
    else if (k == "--server")
      o.server = v;
    else if (k == "--runs")
      o.runs = std::max(1, std::stoi(v));
    else if (k == "--only")
      o.only = split(v);
    else if (k == "--sizes") {
      o.sizes.clear();
      for (auto& l : split(v)) o.sizes.push_back(std::stoi(l));
    } else if (k == "--levels") {
      o.levels.clear();
      for (auto& l : split(v)) o.levels.push_back(std::stoi(l));
    } else
      throw std::runtime_error("unknown argument " + k);
  }
  if (o.data.empty() || o.work.empty() || o.out.empty() || o.server.empty())
    throw std::runtime_error(
        "usage: terrain_bench_devices --data DIR --work DIR --out FILE --server BIN [--runs N] "
        "[--only ...] [--levels ...]");
  return o;
}

}  // namespace
}  // namespace terrain::bench

int main(int argc, char** argv) {
  using namespace terrain::bench;
  try {
    Options opt = parse(argc, argv);
    if (!terrain::crypto_init()) throw std::runtime_error("libsodium failed to initialise");
    std::filesystem::create_directories(opt.work);
    Data data;
    data.meetings = read_jsonl(opt.data / "meetings.jsonl");
    data.records = read_jsonl(opt.data / "records.jsonl");
    Emitter out(opt.out);
    auto want = [&](const std::string& w) {
      return opt.only.empty() || std::find(opt.only.begin(), opt.only.end(), w) != opt.only.end();
    };
    if (want("ingest")) ingest(opt, data, out);
    if (want("history")) history(opt, data, out);
    run_sync_workloads(opt, data, out, want("push"), want("pull") || want("incremental"),
                       want("load"));
  } catch (const std::exception& e) {
    std::cerr << "terrain bench failed: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
