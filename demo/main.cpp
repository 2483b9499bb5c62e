// terrain-demo: fills a terrain-server with a demo cycle "Rencontres territoriales
// 2024" captured by simulated tablets, then serves it.
//
//   terrain-demo --server-binary BIN --data DIR [--port 8080] [--seed 2024]
//                [--no-serve] [--server-arg ARG]...
//
// Steps: creates an administrator (its password is printed once), starts the real
// terrain-server as a child on 127.0.0.1:PORT with DIR, defines the cycle's
// meetings centrally, enrols simulated tablets (terrain::Replica files under
// DIR/demo-tablets/) with enrolment codes, captures the meetings offline and syncs
// them through the server (terrain::sync), prints the report URLs and a curl
// example, then keeps the server in the foreground until SIGINT/SIGTERM, which it
// forwards (--no-serve: stops the server and exits instead). The same --seed gives
// the same content (ids and timestamps differ). A DIR that already holds a demo is
// served as it is.
#include <signal.h>
#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "admin_session.h"
#include "capture.h"
#include "cycle_plan.h"
#include "server_child.h"
#include "terrain/protocol/crypto.h"

namespace {

using namespace terrain;
using namespace terrain::demo;

constexpr const char* kUsage =
    "usage: terrain-demo --server-binary BIN --data DIR [--port PORT] [--seed N] [--no-serve]\n"
    "                    [--server-arg ARG]...\n";

struct Options {
  std::string server_binary;
  std::string data_dir;
  int port = 8080;
  std::uint64_t seed = 2024;
  bool serve = true;
  std::vector<std::string> server_args;
};

bool parse(int argc, char** argv, Options& o, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) {
        error = a + " needs a value";
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--server-binary") {
      if (!value(o.server_binary)) return false;
    } else if (a == "--data") {
      if (!value(o.data_dir)) return false;
    } else if (a == "--port") {
      if (!value(v)) return false;
      o.port = std::atoi(v.c_str());
      if (o.port <= 0 || o.port > 65535) {
        error = "--port must be 1..65535";
        return false;
      }
    } else if (a == "--seed") {
      if (!value(v)) return false;
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (a == "--no-serve") {
      o.serve = false;
    } else if (a == "--server-arg") {
      if (!value(v)) return false;
      o.server_args.push_back(v);
    } else if (a == "-h" || a == "--help") {
      error.clear();
      return false;
    } else {
      error = "unknown option " + a;
      return false;
    }
  }
  if (o.server_binary.empty() || o.data_dir.empty()) {
    error = "--server-binary and --data are required";
    return false;
  }
  return true;
}

std::string generate_password() {
  static constexpr std::string_view alphabet =
      "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 20; ++i)
    out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  return out;
}

int fail(const std::string& what) {
  std::cerr << "terrain-demo: " << what << std::endl;
  return 1;
}

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

void print_reports(const std::string& url, const std::string& token,
                   const std::string& first_meeting) {
  const std::string cycle = "cycle=" + encode(kDemoCycle);
  std::cout << "\nConsole web (navigateur) : " << url << "/console/#/nationale?" << cycle
            << "\n  (connexion avec l'administrateur ou l'analyste ci-dessus)\n";
  std::cout << "\nRapports pour les scripts (JSON, ou CSV avec le suffixe .csv) :\n";
  for (const char* r : {"summary", "meetings", "coverage", "participants", "satisfaction",
                        "contributions", "evaluations"})
    std::cout << "  " << url << "/admin/reports/" << r << "?" << cycle << "\n";
  std::cout << "  " << url << "/admin/reports/freshness\n";
  std::cout << "  " << url << "/admin/reports/meetings/" << first_meeting
            << "/attendance.csv   (données personnelles)\n";
  std::cout << "  catalogue : " << url << "/admin/reports\n";
  std::cout << "\nExemple :\n  curl -s -H 'Authorization: Bearer " << token << "' \\\n    '" << url
            << "/admin/reports/summary?" << cycle << "'\n"
            << "  curl -s -OJ -H 'Authorization: Bearer " << token << "' \\\n    '" << url
            << "/admin/reports/participants.csv?" << cycle << "&table=par_acteur'\n"
            << "(jeton de session valable 8 h ; nouveau jeton : POST " << url
            << "/admin/login {\"name\", \"password\"})\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  std::string error;
  if (!parse(argc, argv, o, error)) {
    if (error.empty()) {
      std::cout << kUsage;
      return 0;
    }
    std::cerr << "terrain-demo: " << error << "\n" << kUsage;
    return 2;
  }
  block_signals();
  if (!crypto_init()) return fail("libsodium failed to initialise");
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return fail("cannot create " + o.data_dir);
  const std::string tablets_dir = o.data_dir + "/demo-tablets";
  const std::string marker = tablets_dir + "/demo.json";

  ServerChild server(o.server_binary, o.data_dir, o.port, o.server_args);
  if (std::filesystem::exists(marker)) {
    std::cout << "terrain-demo: " << o.data_dir
              << " holds a demo already; serving it (the administrator's password was shown "
                 "when it was generated; add one with `terrain-server admin add`).\n";
    if (!o.serve) return 0;
    if (auto s = server.start(); !s.ok()) return fail(s.error().to_string());
    std::cout << "terrain-server : " << server.url() << " (journal : " << server.log_path()
              << " ; Ctrl-C pour arrêter)\nConsole web : " << server.url() << "/console/"
              << std::endl;
    return server.serve_until_signal() == 0 ? 0 : 1;
  }

  // 1. An administrator, created offline with the server's own command.
  std::string admin_name, password = generate_password();
  for (int i = 1; i <= 9 && admin_name.empty(); ++i) {
    std::string name = i == 1 ? "demo" : "demo-" + std::to_string(i);
    std::vector<std::string> argv_add = {o.server_binary, "admin",  "add", "--data",
                                         o.data_dir,      "--name", name};
    argv_add.insert(argv_add.end(), o.server_args.begin(), o.server_args.end());
    auto r = run_command(argv_add, password + "\n");
    if (!r) return fail(r.error().to_string());
    if (r->exit_code == 0) admin_name = name;
  }
  if (admin_name.empty()) return fail("could not create an administrator (see above)");

  // 2. The server.
  if (auto s = server.start(); !s.ok()) return fail(s.error().to_string());
  // An analyst too (reports only, no names), to try the console's second role.
  std::string analyst_name, analyst_password = generate_password();
  {
    std::vector<std::string> argv_add = {
        o.server_binary,          "admin",  "add",    "--data", o.data_dir, "--name",
        "analyste-" + admin_name, "--role", "analyst"};
    argv_add.insert(argv_add.end(), o.server_args.begin(), o.server_args.end());
    auto r = run_command(argv_add, analyst_password + "\n");
    if (!r) return fail(r.error().to_string());
    if (r->exit_code == 0) analyst_name = "analyste-" + admin_name;
  }
  std::cout << "terrain-server démarré : " << server.url() << " (journal : " << server.log_path()
            << ")\n\n"
            << "Console web : " << server.url() << "/console/\n"
            << "Administrateur : " << admin_name << "\n"
            << "Mot de passe : " << password << "\n";
  if (!analyst_name.empty())
    std::cout << "Analyste (rapports seulement) : " << analyst_name << "\n"
              << "Mot de passe de l'analyste : " << analyst_password << "\n";
  std::cout << "(affichés une seule fois : notez-les)\n\n";
  sodium_memzero(analyst_password.data(), analyst_password.size());
  AdminSession admin(server.url());
  if (auto s = admin.login(admin_name, password); !s.ok()) return fail(s.error().to_string());
  sodium_memzero(password.data(), password.size());

  // 3. The cycle, captured by the tablets and synced.
  std::cout << "Génération du cycle « " << kDemoCycle << " » (graine " << o.seed << ") :\n";
  CyclePlan plan = make_plan(o.seed);
  auto stats = capture_cycle(plan, admin, server.url(), tablets_dir, std::cout);
  if (!stats) return fail(stats.error().to_string());
  {
    nlohmann::json m = {{"cycle", kDemoCycle},
                        {"seed", o.seed},
                        {"administrator", admin_name},
                        {"meetings", stats->meeting_ids},
                        {"tablets", stats->tablets},
                        {"check_ins", stats->check_ins},
                        {"duplicate_check_ins", stats->duplicate_check_ins},
                        {"deleted_check_ins", stats->deleted_check_ins},
                        {"feedback_responses", stats->feedback_responses},
                        {"contributions", stats->contributions},
                        {"evaluations", stats->evaluations},
                        {"concurrent_edits", stats->concurrent_edits},
                        {"syncs", stats->syncs}};
    std::ofstream(marker) << m.dump(2) << "\n";
  }

  // 4. What the reports say.
  auto summary = admin.get_json("/admin/reports/summary?cycle=" + encode(kDemoCycle));
  if (!summary) return fail(summary.error().to_string());
  auto fresh = admin.get_json("/admin/reports/freshness");
  if (!fresh) return fail(fresh.error().to_string());
  const auto& sj = *summary;
  std::cout << "\nSynthèse : " << sj.value("text", std::string()) << "\n"
            << "  départements couverts : " << sj["coverage"]["departments"]["covered"]
            << " ; non couverts : " << sj["coverage"]["departments"]["not_covered"] << "\n"
            << "  contributions : " << sj["contributions"]["contributions"]
            << " ; évaluations : " << sj["evaluations"]["evaluations"] << "\n"
            << "  conflits en attente : " << (*fresh)["totals"]["pending_conflicts"]
            << " ; tablettes jamais synchronisées : " << (*fresh)["totals"]["never_synced"] << "\n";
  print_reports(server.url(), admin.token(), stats->meeting_ids.front());

  if (!o.serve) {
    int code = server.stop(SIGTERM);
    return code == 0 ? 0 : fail("terrain-server stopped with code " + std::to_string(code));
  }
  std::cout << "\nterrain-server tourne au premier plan (Ctrl-C pour arrêter)." << std::endl;
  return server.serve_until_signal() == 0 ? 0 : 1;
}
