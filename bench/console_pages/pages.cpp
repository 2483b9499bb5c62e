// terrain_bench_console_pages: how long each page of the web console waits for its
// data (issue 10: under 300 ms on the reference machine), on the demo cycle and on a
// generated cycle of 2,000 meetings and ~100,000 attendance records.
//
//   terrain_bench_console_pages --server BIN --demo BIN --data DIR --work DIR
//                               [--runs 20] [--out FILE] [--only demo,generated]
//
// --data is bench/data/generate.js's output (bench/run.sh --only console makes it:
// 2,000 meetings, 88 records per meeting). For the generated cycle the meetings are
// created centrally and the records pushed as signed change sets by 50 enrolled
// devices (the real ingest path); the demo cycle is made by terrain-demo. Then every
// page's requests are sent as the browser sends them (in parallel, one connection
// each), `runs` times after 2 warm-up runs; a page's time is the wall time until its
// last answer. Prints one table per cycle and writes JSON lines to --out.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "../terrain/harness.h"
#include "terrain/protocol/crypto.h"

namespace terrain::bench {
namespace {

constexpr double kTargetMs = 300;

struct Page {
  std::string name;
  std::vector<std::string> paths;
};

std::string encode(const std::string& s) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// The requests of every page, as console/app/js/pages/*.js sends them.
std::vector<Page> pages(const std::string& cycle, const std::string& meeting) {
  const std::string c = "?cycle=" + encode(cycle);
  const std::string m = "?meeting=" + meeting;
  std::vector<std::string> national = {"/admin/reports/meetings", "/admin/reports/coverage"};
  for (const char* r :
       {"summary", "meetings", "participants", "satisfaction", "contributions", "coverage"})
    national.push_back(std::string("/admin/reports/") + r + c);
  return {
      {"Vue nationale", national},
      {"Rencontres", {"/admin/reports/meetings" + c}},
      {"Rencontre",
       {"/admin/meetings/" + meeting + "/overview", "/admin/reports/participants" + m,
        "/admin/reports/satisfaction" + m, "/admin/reports/evaluations" + m}},
      {"Rencontre : liste de présence", {"/admin/reports/meetings/" + meeting + "/attendance"}},
      {"Tablettes", {"/admin/devices", "/admin/reports/freshness"}},
      {"Quarantaine", {"/admin/quarantine", "/admin/devices", "/admin/reports/meetings"}},
      {"Conflits", {"/admin/conflicts", "/admin/devices"}},
      {"Questionnaires", {"/admin/questionnaires"}},
      {"Exports", {"/admin/reports", "/admin/reports/meetings", "/admin/reports/coverage"}},
      {"Journal", {"/admin/journal?limit=50"}},
  };
}

std::string login(int port, const std::string& password) {
  httplib::Client c("127.0.0.1", port);
  auto j = expect_json(
      c.Post("/admin/login", nlohmann::json{{"name", "bench"}, {"password", password}}.dump(),
             "application/json"),
      "admin login");
  return j.at("token").get<std::string>();
}

struct PageResult {
  std::string name;
  std::size_t requests = 0;
  std::vector<double> ms;
  std::size_t bytes = 0;
  std::string slowest;
  double slowest_ms = 0;
};

// Sends a page's requests in parallel, `runs` times after 2 warm-ups.
PageResult measure(int port, const std::string& token, const Page& page, int runs) {
  PageResult out;
  out.name = page.name;
  out.requests = page.paths.size();
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (std::size_t i = 0; i < page.paths.size(); ++i) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
    c->set_keep_alive(true);
    c->set_read_timeout(kRequestTimeoutS, 0);
    clients.push_back(std::move(c));
  }
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  std::vector<double> per_path(page.paths.size(), 0);
  for (int run = -2; run < runs; ++run) {
    const double t0 = now_ms();
    std::vector<std::future<std::pair<double, std::size_t>>> answers;
    for (std::size_t i = 0; i < page.paths.size(); ++i)
      answers.push_back(std::async(std::launch::async, [&, i] {
        const double s = now_ms();
        auto r = clients[i]->Get(page.paths[i].c_str(), auth);
        if (!r || r->status != 200)
          throw std::runtime_error(page.paths[i] + ": " +
                                   (r ? std::to_string(r->status) + " " + r->body.substr(0, 200)
                                      : httplib::to_string(r.error())));
        return std::make_pair(now_ms() - s, r->body.size());
      }));
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      auto [ms, n] = answers[i].get();
      bytes += n;
      if (run >= 0) per_path[i] += ms;
    }
    if (run >= 0) {
      out.ms.push_back(now_ms() - t0);
      out.bytes = bytes;
    }
  }
  for (std::size_t i = 0; i < page.paths.size(); ++i)
    if (per_path[i] / runs > out.slowest_ms) {
      out.slowest_ms = per_path[i] / runs;
      out.slowest = page.paths[i];
    }
  return out;
}

void print(const std::string& title, const std::vector<PageResult>& results) {
  std::cout << "\n" << title << "\n";
  std::cout << std::left << std::setw(32) << "page" << std::right << std::setw(5) << "req"
            << std::setw(10) << "median" << std::setw(10) << "p95" << std::setw(10) << "max"
            << std::setw(12) << "bytes"
            << "  verdict   slowest request (mean ms)\n";
  for (const auto& r : results) {
    std::vector<double> sorted = r.ms;
    std::sort(sorted.begin(), sorted.end());
    const double p95 = percentile(sorted, 95);
    std::cout << std::left << std::setw(32) << r.name << std::right << std::setw(5) << r.requests
              << std::fixed << std::setprecision(1) << std::setw(10) << median(r.ms)
              << std::setw(10) << p95 << std::setw(10) << sorted.back() << std::setw(12) << r.bytes
              << "  " << (p95 <= kTargetMs ? "PASS" : "FAIL") << "      " << r.slowest << " ("
              << r.slowest_ms << ")\n";
  }
}

void emit(Emitter& out, const std::string& cycle_kind, const std::vector<PageResult>& results,
          const nlohmann::json& volume) {
  for (const auto& r : results)
    out.emit("console_page_ms", "ms", r.ms,
             {{"cycle", cycle_kind},
              {"page", r.name},
              {"requests", r.requests},
              {"bytes", r.bytes},
              {"slowest", r.slowest},
              {"volume", volume},
              {"target_ms", kTargetMs}});
}

// The first held meeting of the cycle, from the meetings report.
std::string some_meeting(int port, const std::string& token, const std::string& cycle) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(kRequestTimeoutS, 0);
  auto j = expect_json(c.Get(("/admin/reports/meetings?cycle=" + encode(cycle)).c_str(),
                             {{"Authorization", "Bearer " + token}}),
                       "meetings report");
  for (const auto& m : j["meetings"])
    if (m.value("status", "") == "terminee") return m["id"];
  return j["meetings"].at(0)["id"];
}

struct Options {
  std::filesystem::path server, demo, data, work, out;
  int runs = 20;
  std::string only = "demo,generated";
};

std::vector<PageResult> run_pages(int port, const std::string& password, const std::string& cycle,
                                  int runs) {
  const std::string token = login(port, password);
  const std::string meeting = some_meeting(port, token, cycle);
  std::vector<PageResult> results;
  for (const auto& p : pages(cycle, meeting)) results.push_back(measure(port, token, p, runs));
  return results;
}

void generated(const Options& o, Emitter& out) {
  auto meetings = read_jsonl(o.data / "meetings.jsonl");
  auto records = read_jsonl(o.data / "records.jsonl");
  std::size_t attendance = 0;
  for (const auto& r : records) attendance += r.collection == "attendance";
  ServerProcess server(o.server, o.work / "generated");
  server.start();
  Admin admin(server.port(), server.admin_password());
  double t0 = now_ms();
  for (const auto& m : meetings) admin.create_meeting(m);
  const double meetings_ms = now_ms() - t0;
  // 50 devices, each pushing whole meetings (one change set per meeting).
  auto groups = group_records(records, 500, SIZE_MAX);
  constexpr std::size_t kDevices = 50, kThreads = 8;
  std::vector<std::unique_ptr<RawDevice>> devices;
  for (std::size_t i = 0; i < kDevices; ++i)
    devices.push_back(std::make_unique<RawDevice>(server.port(), admin.enrolment_code()));
  t0 = now_ms();
  std::mutex m;
  std::string failure;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      try {
        for (std::size_t d = t; d < kDevices; d += kThreads)
          for (std::size_t g = d; g < groups.size(); g += kDevices) {
            auto outcome =
                devices[d]->send(devices[d]->sign_push(devices[d]->seal_creates(groups[g])));
            if (outcome != "accepted") throw std::runtime_error("push " + outcome);
          }
      } catch (const std::exception& e) {
        std::lock_guard lock(m);
        failure = e.what();
      }
    });
  for (auto& th : threads) th.join();
  if (!failure.empty()) throw std::runtime_error(failure);
  const double ingest_ms = now_ms() - t0;
  std::cout << "generated cycle: " << meetings.size() << " meetings in " << std::fixed
            << std::setprecision(1) << meetings_ms / 1000 << " s, " << records.size()
            << " records (" << attendance << " attendance) in " << groups.size()
            << " change sets by " << kDevices << " devices in " << ingest_ms / 1000 << " s ("
            << records.size() / (ingest_ms / 1000) << " records/s)\n";
  const nlohmann::json volume = {
      {"meetings", meetings.size()}, {"records", records.size()}, {"attendance", attendance}};
  auto results = run_pages(server.port(), server.admin_password(), kCycle, o.runs);
  std::ostringstream title;
  title << "Generated cycle (" << meetings.size() << " meetings, " << attendance
        << " attendance records, " << records.size() << " records), " << o.runs << " runs";
  print(title.str(), results);
  emit(out, "generated", results, volume);
}

void demo(const Options& o, Emitter& out) {
  const auto dir = o.work / "demo";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string fast =
      " --server-arg --pwhash-opslimit --server-arg 1 --server-arg "
      "--pwhash-memlimit --server-arg 8192";
  // terrain-demo starts its own server on a port: one the kernel just handed out.
  int port = 0;
  {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("no free port");
    port = ntohs(a.sin_port);
    ::close(fd);
  }
  const std::string cmd = o.demo.string() + " --server-binary " + o.server.string() + " --data " +
                          (dir / "data").string() + " --port " + std::to_string(port) +
                          " --no-serve" + fast + " > " + (dir / "demo.out").string() + " 2>&1";
  if (std::system(cmd.c_str()) != 0)
    throw std::runtime_error("terrain-demo failed (see " + (dir / "demo.out").string() + ")");
  ServerProcess server(o.server, dir);
  // The demo's data directory has its administrators; add the bench's own.
  const std::string add = "echo '" + server.admin_password() + "' | " + o.server.string() +
                          " admin add --data " + (dir / "data").string() +
                          " --name bench --pwhash-opslimit 1 --pwhash-memlimit 8192 > /dev/null";
  if (std::system(add.c_str()) != 0) throw std::runtime_error("admin add on the demo failed");
  server.start();
  auto results = run_pages(server.port(), server.admin_password(), kCycle, o.runs);
  print("Demo cycle (terrain-demo: 15 meetings, ~700 attendance records), " +
            std::to_string(o.runs) + " runs",
        results);
  emit(out, "demo", results, {{"cycle", "demo"}});
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--server")
      o.server = v;
    else if (k == "--demo")
      o.demo = v;
    else if (k == "--data")
      o.data = v;
    else if (k == "--work")
      o.work = v;
    else if (k == "--out")
      o.out = v;
    else if (k == "--runs")
      o.runs = std::max(1, std::atoi(v.c_str()));
    else if (k == "--only")
      o.only = v;
    else
      throw std::runtime_error("unknown argument " + k);
  }
  if (o.server.empty() || o.demo.empty() || o.work.empty() ||
      (o.data.empty() && o.only.find("generated") != std::string::npos))
    throw std::runtime_error(
        "usage: terrain_bench_console_pages --server BIN --demo BIN --data DIR --work DIR "
        "[--runs N] [--out FILE] [--only demo,generated]");
  if (o.out.empty()) o.out = o.work / "console-pages.jsonl";
  return o;
}

}  // namespace
}  // namespace terrain::bench

int main(int argc, char** argv) {
  using namespace terrain::bench;
  try {
    Options o = parse(argc, argv);
    if (!terrain::crypto_init()) throw std::runtime_error("libsodium failed to initialise");
    std::filesystem::create_directories(o.work);
    Emitter out(o.out);
    std::cout << "machine: " << std::thread::hardware_concurrency() << " cores\n";
    if (o.only.find("demo") != std::string::npos) demo(o, out);
    if (o.only.find("generated") != std::string::npos) generated(o, out);
  } catch (const std::exception& e) {
    std::cerr << "console pages bench failed: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
