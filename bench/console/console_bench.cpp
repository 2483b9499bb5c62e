// The console pages' data times on real volumes (issue 10: "every page's data
// arrives in under 300 ms"). Not a test: a benchmark that prints figures.
//
//   terrain_bench_console --server BIN --demo BIN [--out DIR] [--work DIR] [--runs 20]
//        [--only demo,generated] [--meetings 2000] [--attendance 100000] [--devices 50]
//        [--keep]
//
// e.g. from the repository, after building terrain-server, terrain-demo and this
// target in build/bench-release (or: bench/run.sh --only console):
//
//   build/bench-release/bench/console/terrain_bench_console
//     --server build/bench-release/server/src/terrain-server
//     --demo build/bench-release/demo/terrain-demo        (one line)
//
// 1. demo cycle: runs `terrain-demo --no-serve` on a temporary data directory, then
//    starts terrain-server on it and signs in with the administrator it printed;
// 2. generated cycle: starts terrain-server on an empty directory with an
//    administrator, defines 2,000 meetings centrally (POST /admin/changes), enrols
//    facilitator and evaluator devices and pushes, one signed change set per meeting,
//    100,000 attendance records with feedback, contributions, head counts and
//    evaluations (bench/console/cycle.cpp), timing generation and ingest;
// 3. for each cycle and each console page, fetches the page's data as the console
//    does (docs/console.md; requests of one step in parallel, one connection each,
//    kept alive): 2 warm-up runs, then N measured runs. The page time is the wall time
//    of its parallel steps (max of the parallel requests, steps added); the same
//    requests are also sent one after the other (sum). PASS when p95 <= 300 ms.
// Prints the machine and the tables (markdown), and writes JSON lines and table.md
// under --out (default bench/results/<date>-console/, git-ignored).
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "cycle.h"
#include "harness.h"
#include "terrain/protocol/crypto.h"

namespace terrain::bench {
namespace {

constexpr double kBudgetMs = 300;
constexpr int kWarmups = 2;

struct Options {
  std::filesystem::path server, demo, out, work;
  int runs = 20;
  std::string only = "demo,generated";
  CyclePlanOptions plan;
  int devices = 50;
  bool keep = false;
};

std::string encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string fmt(double v, int decimals = 1) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(decimals) << v;
  return o.str();
}

std::string shell(const std::string& cmd) {
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// An administrator's session (bearer token), on its own kept-alive connection.
class Session {
 public:
  Session(int port, const std::string& name, const std::string& password)
      : http_("127.0.0.1", port) {
    http_.set_connection_timeout(5, 0);
    http_.set_read_timeout(kRequestTimeoutS, 0);
    http_.set_write_timeout(kRequestTimeoutS, 0);
    http_.set_keep_alive(true);
    http_.set_tcp_nodelay(true);
    auto j = expect_json(
        http_.Post("/admin/login", nlohmann::json{{"name", name}, {"password", password}}.dump(),
                   "application/json"),
        "admin login");
    auth_ = {{"Authorization", "Bearer " + j.at("token").get<std::string>()}};
  }
  Session(int port, const Session& other) : http_("127.0.0.1", port), auth_(other.auth_) {
    http_.set_read_timeout(kRequestTimeoutS, 0);
    http_.set_keep_alive(true);
    http_.set_tcp_nodelay(true);
  }
  // Time to the last byte of the body, and its size; throws unless 200.
  std::pair<double, std::size_t> get(const std::string& path) {
    const double t0 = now_ms();
    auto r = http_.Get(path, auth_);
    const double ms = now_ms() - t0;
    if (!r) throw std::runtime_error("GET " + path + ": " + httplib::to_string(r.error()));
    if (r->status != 200)
      throw std::runtime_error("GET " + path + ": HTTP " + std::to_string(r->status) + " " +
                               r->body.substr(0, 300));
    return {ms, r->body.size()};
  }
  nlohmann::json get_json(const std::string& path) {
    return expect_json(http_.Get(path, auth_), "GET " + path);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int status) {
    return expect_json(http_.Post(path, auth_, body.dump(), "application/json"), "POST " + path,
                       status);
  }

 private:
  httplib::Client http_;
  httplib::Headers auth_;
};

// ---- pages ----------------------------------------------------------------------------

struct Endpoint {
  std::string label;  // the path with <cycle> / <id> placeholders
  std::string path;
};
using Steps =
    std::vector<std::vector<Endpoint>>;  // steps in sequence, requests of a step in parallel

struct Page {
  std::string name;
  std::function<Steps(int run)> steps;
};

std::vector<Page> console_pages(const std::string& cycle,
                                const std::vector<std::string>& meetings) {
  const std::string c = "cycle=" + encode(cycle);
  auto ep = [](std::string label, std::string path) {
    return Endpoint{std::move(label), std::move(path)};
  };
  auto meeting = [&meetings](int run) {
    return meetings[static_cast<std::size_t>(run * 37) % meetings.size()];
  };
  std::vector<Page> pages;
  pages.push_back({"Vue nationale", [=](int) {
                     Steps s;
                     s.push_back({ep("/admin/reports/meetings", "/admin/reports/meetings"),
                                  ep("/admin/reports/coverage", "/admin/reports/coverage")});
                     std::vector<Endpoint> reports;
                     for (const char* r : {"summary", "meetings", "participants", "satisfaction",
                                           "contributions", "coverage"})
                       reports.push_back(ep(std::string("/admin/reports/") + r + "?cycle=<cycle>",
                                            std::string("/admin/reports/") + r + "?" + c));
                     s.push_back(reports);
                     return s;
                   }});
  pages.push_back({"Rencontres", [=](int) {
                     return Steps{{ep("/admin/reports/meetings?cycle=<cycle>",
                                      "/admin/reports/meetings?" + c)}};
                   }});
  pages.push_back(
      {"Rencontre", [=](int run) {
         const std::string id = meeting(run);
         return Steps{{ep("/admin/meetings/<id>/overview", "/admin/meetings/" + id + "/overview"),
                       ep("/admin/reports/participants?meeting=<id>",
                          "/admin/reports/participants?meeting=" + id),
                       ep("/admin/reports/satisfaction?meeting=<id>",
                          "/admin/reports/satisfaction?meeting=" + id),
                       ep("/admin/reports/evaluations?meeting=<id>",
                          "/admin/reports/evaluations?meeting=" + id)}};
       }});
  pages.push_back({"Rencontre : noms (administrateur)", [=](int run) {
                     const std::string id = meeting(run);
                     return Steps{{ep("/admin/reports/meetings/<id>/attendance",
                                      "/admin/reports/meetings/" + id + "/attendance")}};
                   }});
  auto fixed = [&](std::string name, std::vector<std::string> paths) {
    std::vector<Endpoint> step;
    for (auto& p : paths) step.push_back(ep(p, p));
    pages.push_back({std::move(name), [step](int) { return Steps{step}; }});
  };
  fixed("Tablettes", {"/admin/devices", "/admin/reports/freshness"});
  fixed("Quarantaine", {"/admin/quarantine", "/admin/devices", "/admin/reports/meetings"});
  fixed("Conflits", {"/admin/conflicts", "/admin/devices"});
  fixed("Questionnaires", {"/admin/questionnaires"});
  fixed("Exports", {"/admin/reports"});
  fixed("Journal", {"/admin/journal?limit=50"});
  return pages;
}

struct PageResult {
  std::string name, endpoints;
  std::vector<double> wall, sum;
  std::size_t bytes = 0;
  std::string error;  // a request failed or timed out (60 s): the page's runs stop there
};
struct EndpointResult {
  std::vector<double> ms;
  std::size_t bytes = 0;
};

struct Measured {
  std::vector<PageResult> pages;
  std::map<std::string, EndpointResult> endpoints;
};

// A page's steps one after the other, the requests of a step in parallel (as the
// browser's Promise.all), one pooled connection each; returns the wall time in ms.
double parallel_steps(std::vector<std::unique_ptr<Session>>& pool, const Steps& steps,
                      std::size_t& bytes) {
  double wall = 0;
  for (const auto& step : steps) {
    std::vector<std::pair<double, std::size_t>> got(step.size());
    std::vector<std::string> errors(step.size());
    std::vector<std::thread> threads;
    const double t0 = now_ms();
    for (std::size_t i = 0; i < step.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          got[i] = pool[i]->get(step[i].path);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    for (auto& t : threads) t.join();
    wall += now_ms() - t0;
    for (std::size_t i = 0; i < step.size(); ++i) {
      if (!errors[i].empty()) throw std::runtime_error(errors[i]);
      bytes += got[i].second;
    }
  }
  return wall;
}

Measured measure(int port, const Session& login, const std::vector<Page>& pages, int runs) {
  std::vector<std::unique_ptr<Session>> pool;  // one kept-alive connection per parallel request
  for (int i = 0; i < 8; ++i) pool.push_back(std::make_unique<Session>(port, login));
  Measured out;
  for (const Page& page : pages) {
    PageResult pr;
    pr.name = page.name;
    {
      std::vector<std::string> labels;
      for (const auto& step : page.steps(0)) {
        std::string s;
        for (const auto& e : step) s += (s.empty() ? "" : " + ") + e.label;
        labels.push_back(step.size() > 1 ? "[" + s + "]" : s);
      }
      for (const auto& l : labels) pr.endpoints += (pr.endpoints.empty() ? "" : " then ") + l;
    }
    for (int run = -kWarmups; run < runs && pr.error.empty(); ++run) try {
        const Steps steps = page.steps(run + kWarmups);
        std::size_t bytes = 0;
        const double wall = parallel_steps(pool, steps, bytes);
        // One after the other, on one connection (the requests' own times).
        double sum = 0;
        for (const auto& step : steps)
          for (const auto& e : step) {
            auto [ms, b] = pool[0]->get(e.path);
            sum += ms;
            if (run >= 0) {
              auto& er = out.endpoints[e.label];
              er.ms.push_back(ms);
              er.bytes = std::max(er.bytes, b);
            }
          }
        if (run < 0) continue;
        pr.wall.push_back(wall);
        pr.sum.push_back(sum);
        pr.bytes = std::max(pr.bytes, bytes);
      } catch (const std::exception& e) {
        pr.error = e.what();
        std::cerr << "  " << page.name << ": " << pr.error << std::endl;
      }
    std::cerr << "  " << page.name << ": median " << fmt(median(pr.wall)) << " ms, p95 "
              << fmt(percentile(pr.wall, 95)) << " ms" << std::endl;
    out.pages.push_back(std::move(pr));
  }
  return out;
}

double max_of(const std::vector<double>& v) {
  return v.empty() ? NAN : *std::max_element(v.begin(), v.end());
}

std::string kib(std::size_t b) {
  return b < 10240 ? std::to_string(b) + " B" : fmt(static_cast<double>(b) / 1024.0, 0) + " KiB";
}

std::string tables(const std::string& title, const Measured& m, int runs) {
  std::ostringstream o;
  o << "### " << title << "\n\n"
    << "Page time = wall time of the page's parallel requests (max of a step's requests, "
       "steps added); sum = the same requests one after the other. "
    << runs << " runs after " << kWarmups << " warm-ups; PASS when p95 <= 300 ms.\n\n"
    << "| page | endpoints | median ms | p95 ms | max ms | sum median ms | bytes | 300 ms |\n"
    << "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n";
  for (const auto& p : m.pages)
    o << "| " << p.name << " | " << p.endpoints << " | " << fmt(median(p.wall)) << " | "
      << fmt(percentile(p.wall, 95)) << " | " << fmt(max_of(p.wall)) << " | " << fmt(median(p.sum))
      << " | " << kib(p.bytes) << " | "
      << (!p.error.empty()                      ? "FAIL (" + p.error + ")"
          : percentile(p.wall, 95) <= kBudgetMs ? "PASS"
                                                : "FAIL")
      << " |\n";
  o << "\nEach endpoint alone (from the sequential runs):\n\n"
    << "| endpoint | median ms | p95 ms | max ms | bytes |\n| --- | ---: | ---: | ---: | ---: |\n";
  std::vector<std::pair<std::string, const EndpointResult*>> sorted;
  for (const auto& [k, v] : m.endpoints) sorted.emplace_back(k, &v);
  std::sort(sorted.begin(), sorted.end(),
            [](auto& a, auto& b) { return median(a.second->ms) > median(b.second->ms); });
  for (const auto& [k, v] : sorted)
    o << "| `" << k << "` | " << fmt(median(v->ms)) << " | " << fmt(percentile(v->ms, 95)) << " | "
      << fmt(max_of(v->ms)) << " | " << kib(v->bytes) << " |\n";
  return o.str();
}

void emit(Emitter& out, const std::string& dataset, const Measured& m) {
  for (const auto& p : m.pages)
    out.emit(
        "console_page", "ms", p.wall,
        {{"dataset", dataset},
         {"page", p.name},
         {"endpoints", p.endpoints},
         {"median_ms", median(p.wall)},
         {"p95_ms", percentile(p.wall, 95)},
         {"max_ms", max_of(p.wall)},
         {"sum_ms", p.sum},
         {"sum_median_ms", median(p.sum)},
         {"bytes", p.bytes},
         {"error", p.error},
         {"verdict", p.error.empty() && percentile(p.wall, 95) <= kBudgetMs ? "PASS" : "FAIL"}});
  for (const auto& [k, v] : m.endpoints)
    out.emit("console_endpoint", "ms", v.ms,
             {{"dataset", dataset},
              {"endpoint", k},
              {"median_ms", median(v.ms)},
              {"p95_ms", percentile(v.ms, 95)},
              {"bytes", v.bytes}});
}

// ---- the two cycles ----------------------------------------------------------------------

std::vector<std::string> server_args() {
  return {"--pwhash_opslimit", "1", "--pwhash_memlimit", "8192"};
}

std::string demo_cycle(const Options& o, Emitter& out, std::ostringstream& report) {
  const auto dir = o.work / "demo";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // terrain-demo fills DIR/data with its own server child, then stops it (--no-serve).
  const int port = 20000 + static_cast<int>(::getpid() % 20000);
  std::string cmd = "'" + o.demo.string() + "' --server-binary '" + o.server.string() +
                    "' --data '" + (dir / "data").string() + "' --port " + std::to_string(port) +
                    " --no-serve";
  for (const auto& a : server_args()) cmd += " --server-arg " + a;
  cmd += " > '" + (dir / "demo.log").string() + "' 2>&1";
  std::cerr << "\n== demo cycle: terrain-demo --no-serve" << std::endl;
  const double t0 = now_ms();
  if (std::system(cmd.c_str()) != 0)
    throw std::runtime_error("terrain-demo failed (see " + (dir / "demo.log").string() + ")");
  const double gen_s = (now_ms() - t0) / 1000;
  std::ifstream log(dir / "demo.log");
  std::string text((std::istreambuf_iterator<char>(log)), {}), name, password;
  std::smatch mt;
  if (std::regex_search(text, mt, std::regex("Administrateur : (\\S+)"))) name = mt[1];
  if (std::regex_search(text, mt, std::regex("Mot de passe : (\\S+)"))) password = mt[1];
  if (name.empty() || password.empty()) throw std::runtime_error("no credentials in demo.log");
  std::ifstream marker(dir / "data" / "demo-tablets" / "demo.json");
  const auto manifest = nlohmann::json::parse(marker);
  const std::string cycle = manifest.at("cycle");
  const auto meetings = manifest.at("meetings").get<std::vector<std::string>>();

  ServerProcess server(o.server, dir);  // serves dir/data, where the demo's database is
  server.start();
  Session admin(server.port(), name, password);
  const auto summary = admin.get_json("/admin/reports/summary?cycle=" + encode(cycle));
  std::cerr << "demo generated in " << fmt(gen_s)
            << " s; summary: " << summary.dump().substr(0, 300) << std::endl;
  out.emit("console_demo_generation", "s", {gen_s}, {{"dataset", "demo"}, {"manifest", manifest}});
  std::cerr << "measuring the demo cycle's pages (" << o.runs << " runs)" << std::endl;
  auto m = measure(server.port(), admin, console_pages(cycle, meetings), o.runs);
  emit(out, "demo", m);
  std::ostringstream title;
  title << "Demo cycle « " << cycle << " » (terrain-demo: " << meetings.size() << " meetings, "
        << manifest.value("check_ins", 0) << " check-ins, "
        << manifest.value("feedback_responses", 0) << " feedback responses, "
        << manifest.value("contributions", 0) << " contributions, "
        << manifest.value("evaluations", 0) << " evaluations)";
  report << tables(title.str(), m, o.runs) << "\n";
  server.stop();
  return cycle;
}

// Reports right after a commit: every commit moves the store's state generation, so
// the first report asked afterwards loads a new snapshot (snapshot_cache.h) and builds
// itself again. Each round renames one meeting centrally, then times the Vue
// nationale, or one cycle report alone; this is what a reader sees during a national
// evening, when tablets commit every few milliseconds.
struct AfterChange {
  std::vector<double> page;                          // Vue nationale, ms
  std::map<std::string, std::vector<double>> alone;  // report name -> ms
};

AfterChange after_change(int port, const Session& login, const std::string& cycle,
                         const std::vector<std::string>& meetings, int runs) {
  std::vector<std::unique_ptr<Session>> pool;
  for (int i = 0; i < 8; ++i) pool.push_back(std::make_unique<Session>(port, login));
  int edits = 0;
  auto commit = [&] {
    const std::string& id = meetings[static_cast<std::size_t>(edits * 53) % meetings.size()];
    ++edits;
    pool[0]->post("/admin/changes",
                  {{"meeting", id},
                   {"changes",
                    {{{"op", "set"},
                      {"collection", "meeting"},
                      {"id", id},
                      {"fields", {{"venue", "Salle " + std::to_string(edits)}}}}}}},
                  201);
  };
  const Page vue = console_pages(cycle, meetings).front();
  AfterChange out;
  for (int run = 0; run < runs; ++run) {
    commit();
    std::size_t bytes = 0;
    out.page.push_back(parallel_steps(pool, vue.steps(run), bytes));
  }
  const std::string c = "cycle=" + encode(cycle);
  for (const char* r :
       {"summary", "meetings", "participants", "satisfaction", "contributions", "coverage"})
    for (int run = 0; run < runs; ++run) {
      commit();
      out.alone[r].push_back(pool[0]->get(std::string("/admin/reports/") + r + "?" + c).first);
    }
  return out;
}

std::string after_change_table(const AfterChange& a, int runs) {
  std::ostringstream o;
  o << "After a change (a meeting renamed centrally before each request: the first report "
       "after a commit loads a new snapshot), "
    << runs << " runs:\n\n| request | median ms | p95 ms | max ms |\n| --- | ---: | ---: | ---: |\n"
    << "| Vue nationale (page) | " << fmt(median(a.page)) << " | " << fmt(percentile(a.page, 95))
    << " | " << fmt(max_of(a.page)) << " |\n";
  for (const auto& [name, ms] : a.alone)
    o << "| `/admin/reports/" << name << "?cycle=<cycle>` alone | " << fmt(median(ms)) << " | "
      << fmt(percentile(ms, 95)) << " | " << fmt(max_of(ms)) << " |\n";
  return o.str();
}

void generated_cycle(const Options& o, Emitter& out, std::ostringstream& report) {
  const auto dir = o.work / "generated";
  std::filesystem::remove_all(dir);
  std::cerr << "\n== generated cycle: " << o.plan.meetings << " meetings, " << o.plan.attendance
            << " attendance records" << std::endl;
  double t0 = now_ms();
  const GeneratedCycle cycle = generate_cycle(
      o.plan, std::filesystem::path(TERRAIN_BENCH_SOURCE_DIR) / "schemas" / "reference");
  const double gen_s = (now_ms() - t0) / 1000;
  std::map<std::string, std::size_t> counts;
  for (const char* c :
       {"meeting", "attendance", "headcount", "feedback_response", "contribution", "evaluation"})
    counts[c] = cycle.count(c);
  std::cerr << "generated in " << fmt(gen_s, 2) << " s:";
  for (auto& [k, v] : counts) std::cerr << " " << k << " " << v;
  std::cerr << std::endl;

  ServerProcess server(o.server, dir);
  server.start();
  Session admin(server.port(), "bench", server.admin_password());

  // Meetings defined centrally, 4 administrator connections at once.
  t0 = now_ms();
  {
    std::vector<std::thread> threads;
    std::mutex mu;
    std::string error;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        try {
          Admin a(server.port(), server.admin_password());
          for (std::size_t i = static_cast<std::size_t>(t); i < cycle.meetings.size(); i += 4)
            a.create_meeting(cycle.meetings[i]);
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          error = e.what();
        }
      });
    for (auto& t : threads) t.join();
    if (!error.empty()) throw std::runtime_error(error);
  }
  const double meetings_s = (now_ms() - t0) / 1000;
  std::cerr << "meetings defined (POST /admin/changes) in " << fmt(meetings_s, 2) << " s"
            << std::endl;

  // Tablets: most facilitators', a tenth evaluators'.
  t0 = now_ms();
  const int n_eval = std::max(1, o.devices / 10), n_fac = std::max(1, o.devices - n_eval);
  auto code = [&](const char* role) {
    return admin
        .post("/admin/enrolment-codes", {{"role", role}, {"scope", {{"cycle", o.plan.cycle}}}}, 201)
        .at("code")
        .get<std::string>();
  };
  std::vector<std::unique_ptr<RawDevice>> fac, eval;
  for (int i = 0; i < n_fac; ++i)
    fac.push_back(std::make_unique<RawDevice>(server.port(), code("facilitator")));
  for (int i = 0; i < n_eval; ++i)
    eval.push_back(std::make_unique<RawDevice>(server.port(), code("evaluator")));
  const double enrol_s = (now_ms() - t0) / 1000;

  // Change sets sealed in each device's order (tablet work, not timed as ingest): one
  // per meeting, at most 500 changes each.
  struct Job {
    RawDevice* device;
    SignedChangeSet scs;
    std::size_t changes;
  };
  std::vector<std::vector<Job>> per_device(fac.size() + eval.size());
  t0 = now_ms();
  std::size_t total_changes = 0, total_sets = 0;
  for (std::size_t m = 0; m < cycle.meetings.size(); ++m) {
    auto seal_groups = [&](const std::vector<Record>& recs, std::size_t d, RawDevice& dev) {
      for (std::size_t b = 0; b < recs.size(); b += 500) {
        std::vector<const Record*> ptrs;
        for (std::size_t i = b; i < std::min(recs.size(), b + 500); ++i) ptrs.push_back(&recs[i]);
        per_device[d].push_back({&dev, dev.seal_creates(ptrs), ptrs.size()});
        total_changes += ptrs.size();
        ++total_sets;
      }
    };
    const std::size_t f = m % fac.size();
    seal_groups(cycle.captured[m], f, *fac[f]);
    if (!cycle.evaluations[m].empty()) {
      const std::size_t e = (m / 10) % eval.size();
      seal_groups(cycle.evaluations[m], fac.size() + e, *eval[e]);
    }
  }
  const double seal_s = (now_ms() - t0) / 1000;
  std::cerr << n_fac << " facilitator and " << n_eval << " evaluator devices enrolled in "
            << fmt(enrol_s, 2) << " s; " << total_sets << " change sets (" << total_changes
            << " changes) sealed in " << fmt(seal_s, 2) << " s" << std::endl;

  // Ingest: 8 senders, each device's change sets in order, each waiting for its receipt.
  constexpr int kSenders = 8;
  std::atomic<std::size_t> refused{0};
  std::mutex mu;
  std::string first_refusal, error;
  t0 = now_ms();
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kSenders; ++t)
      threads.emplace_back([&, t] {
        try {
          // Round-robin over this sender's devices, each one's sets in chain order.
          std::vector<std::size_t> mine, next;
          for (std::size_t d = static_cast<std::size_t>(t); d < per_device.size(); d += kSenders) {
            mine.push_back(d);
            next.push_back(0);
          }
          for (bool more = true; more;) {
            more = false;
            for (std::size_t k = 0; k < mine.size(); ++k) {
              auto& jobs = per_device[mine[k]];
              if (next[k] == jobs.size()) continue;
              more = true;
              Job& j = jobs[next[k]++];
              std::string outcome = j.device->send(j.device->sign_push(j.scs));
              if (outcome != "accepted") {
                ++refused;
                std::lock_guard lock(mu);
                if (first_refusal.empty()) first_refusal = outcome;
              }
            }
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(mu);
          error = e.what();
        }
      });
    for (auto& t : threads) t.join();
  }
  const double ingest_s = (now_ms() - t0) / 1000;
  if (!error.empty()) throw std::runtime_error("ingest: " + error);
  std::cerr << "ingest: " << total_sets << " change sets in " << fmt(ingest_s, 2) << " s ("
            << fmt(static_cast<double>(total_changes) / ingest_s, 0) << " records/s), "
            << refused.load() << " not accepted " << first_refusal << std::endl;
  if (refused.load() > 0)
    throw std::runtime_error("some change sets were not accepted: " + first_refusal);
  const auto db = du_bytes(server.data_dir());
  out.emit("console_generated_ingest", "s", {ingest_s},
           {{"dataset", "generated"},
            {"counts", counts},
            {"generation_s", gen_s},
            {"meetings_s", meetings_s},
            {"enrol_s", enrol_s},
            {"seal_s", seal_s},
            {"change_sets", total_sets},
            {"changes", total_changes},
            {"data_bytes", db}});
  const auto summary = admin.get_json("/admin/reports/summary?cycle=" + encode(o.plan.cycle));
  std::cerr << "summary: " << summary.dump().substr(0, 400) << std::endl;

  std::vector<std::string> ids;
  for (const auto& m : cycle.meetings) ids.push_back(m.id);
  std::cerr << "measuring the generated cycle's pages (" << o.runs << " runs)" << std::endl;
  auto m = measure(server.port(), admin, console_pages(o.plan.cycle, ids), o.runs);
  emit(out, "generated", m);
  std::cerr << "measuring reports after a change (" << o.runs << " runs)" << std::endl;
  const AfterChange changed = after_change(server.port(), admin, o.plan.cycle, ids, o.runs);
  out.emit("console_after_change", "ms", changed.page,
           {{"dataset", "generated"}, {"page", "Vue nationale"}});
  for (const auto& [name, ms] : changed.alone)
    out.emit("console_after_change", "ms", ms, {{"dataset", "generated"}, {"report", name}});
  std::ostringstream title;
  title << "Generated cycle « " << o.plan.cycle << " » (" << counts["meeting"] << " meetings, "
        << counts["attendance"] << " attendance, " << counts["feedback_response"]
        << " feedback responses, " << counts["contribution"] << " contributions, "
        << counts["headcount"] << " head counts, " << counts["evaluation"] << " evaluations; "
        << o.devices << " devices)";
  report << tables(title.str(), m, o.runs) << "\n"
         << after_change_table(changed, o.runs) << "\nGeneration " << fmt(gen_s, 2)
         << " s; meetings defined centrally in " << fmt(meetings_s, 1) << " s (4 connections); "
         << n_fac + n_eval << " devices enrolled in " << fmt(enrol_s, 1) << " s; " << total_sets
         << " change sets (" << total_changes << " changes) sealed in " << fmt(seal_s, 1)
         << " s and ingested in " << fmt(ingest_s, 1) << " s by " << kSenders << " senders ("
         << fmt(static_cast<double>(total_changes) / ingest_s, 0) << " records/s); data directory "
         << fmt(static_cast<double>(db) / 1048576.0, 0) << " MiB.\n\n";
  server.stop();
}

std::string machine() {
  std::ostringstream o;
  o << "Machine: " << std::thread::hardware_concurrency() << " CPUs (nproc " << shell("nproc")
    << "), " << shell("grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'") << ", "
    << shell("free -g | awk '/^Mem:/ {print $2 \" GiB\"}'") << " RAM, "
    << shell(". /etc/os-release && echo \"$PRETTY_NAME\"") << ", Linux " << shell("uname -r")
    << "; commit "
    << shell("git -C '" TERRAIN_BENCH_SOURCE_DIR "' rev-parse --short HEAD 2>/dev/null") << "; "
    << shell("date -u '+%Y-%m-%d %H:%M UTC'");
  return o.str();
}

int run(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--server")
      o.server = next();
    else if (a == "--demo")
      o.demo = next();
    else if (a == "--out")
      o.out = next();
    else if (a == "--work")
      o.work = next();
    else if (a == "--runs")
      o.runs = std::stoi(next());
    else if (a == "--only")
      o.only = next();
    else if (a == "--meetings")
      o.plan.meetings = std::stoi(next());
    else if (a == "--attendance")
      o.plan.attendance = std::stoi(next());
    else if (a == "--devices")
      o.devices = std::stoi(next());
    else if (a == "--keep")
      o.keep = true;
    else
      throw std::runtime_error("unknown argument " + a);
  }
  const bool want_demo = ("," + o.only + ",").find(",demo,") != std::string::npos;
  const bool want_gen = ("," + o.only + ",").find(",generated,") != std::string::npos;
  if (o.server.empty() || (want_demo && o.demo.empty()))
    throw std::runtime_error("usage: terrain_bench_console --server BIN --demo BIN [--runs N] ...");
  if (o.runs < 1 || o.plan.meetings < 1 || o.plan.attendance < o.plan.meetings || o.devices < 2)
    throw std::runtime_error("--runs, --meetings, --attendance or --devices out of range");
  o.server = std::filesystem::absolute(o.server);
  if (!o.demo.empty()) o.demo = std::filesystem::absolute(o.demo);
  const std::string stamp = shell("date -u +%Y%m%d-%H%M%S");
  if (o.out.empty())
    o.out = std::filesystem::path(TERRAIN_BENCH_SOURCE_DIR) / "bench" / "results" /
            (stamp + "-console");
  if (o.work.empty())
    o.work = std::filesystem::temp_directory_path() / ("terrain-bench-console-" + stamp);
  std::filesystem::create_directories(o.out);
  std::filesystem::create_directories(o.work);
  if (!crypto_init()) throw std::runtime_error("libsodium failed to initialise");
  ::signal(SIGPIPE, SIG_IGN);

  Emitter out(o.out / "results.jsonl");
  const std::string m = machine();
  std::cerr << m << std::endl;
  out.emit("console_machine", "", {}, {{"machine", m}, {"runs", o.runs}});
  std::ostringstream report;
  report << m << "\n\n";
  try {
    if (want_demo) demo_cycle(o, out, report);
    if (want_gen) generated_cycle(o, out, report);
  } catch (...) {
    if (!o.keep) std::filesystem::remove_all(o.work);
    throw;
  }
  if (!o.keep) std::filesystem::remove_all(o.work);
  std::ofstream(o.out / "table.md") << report.str();
  std::cout << "\n"
            << report.str() << "results: " << (o.out / "results.jsonl").string() << ", "
            << (o.out / "table.md").string() << std::endl;
  return 0;
}

}  // namespace
}  // namespace terrain::bench

int main(int argc, char** argv) {
  try {
    return terrain::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "terrain_bench_console: " << e.what() << std::endl;
    return 1;
  }
}
