#include "commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>

#include <iostream>
#include <string>
#include <vector>

#include "admin/admin_auth.h"
#include "backup/backup.h"
#include "config/config.h"
#include "devices/scope.h"
#include "enrolment/enrolment.h"
#include "logging/log.h"
#include "report/reports.h"
#include "server.h"
#include "store/store.h"
#include "terrain/protocol/crypto.h"

namespace terrain::server {
namespace {

constexpr const char* kUsage = R"(terrain-server: the Terrain sync server.

Usage:
  terrain-server [serve] --data DIR [settings...]
      Serves devices and administrators until SIGTERM/SIGINT (graceful: requests in
      flight finish and their commits complete). At first start without an
      administrator, creates 'admin' and prints its password once on stdout.
  terrain-server admin add --data DIR --name NAME [--role administrator|analyst]
                 [--generate]
      Adds a console account: an administrator (the default: everything) or an
      analyst (reports only: no names, no device or quarantine action). The password
      is read from the first line of stdin; with --generate (or an empty stdin) one
      is generated and printed once.
  terrain-server enrolment-code create --data DIR --role ROLE
                 (--meeting ID [--meeting ID...] | --cycle NAME) [--ttl-s N]
      Creates a single-use enrolment code for a tablet, on the server host, with no
      HTTP and no administrator session (a running server sees it at once). ROLE is
      facilitator or evaluator; the scope is the meetings listed, the cycle, or both;
      the code expires after N seconds (default enrolment_code_ttl_s, 7 days). The
      code alone is printed on stdout, once (it is stored hashed); what it grants is
      printed on stderr. On the tablet: `terrain --replica FILE enrol URL CODE`.
  terrain-server backup --data DIR --out FILE
      Online backup (SQLite backup API) of a running or stopped server, to FILE, with
      the server key copied to FILE.key (mode 0600). Keep both safe: FILE holds
      personal data.
  terrain-server restore --data DIR --from FILE
      Puts a backup in place; refused while a server uses DIR (stop it first). The
      replaced database is kept beside it (terrain.db.replaced-<ms>); devices
      enrolled, codes used and devices revoked after the backup are carried over from
      it when it opens; what could not be is printed as TO DO. The restored server
      draws a NEW epoch: devices that synced after the backup re-push what it lacks.
  terrain-server --help | --version

)";

// Pulls `--name VALUE` out of args; returns its value or empty.
std::string take(std::vector<std::string>& args, const std::string& flag) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag && i + 1 < args.size()) {
      std::string v = args[i + 1];
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
      return v;
    }
    if (args[i].rfind(flag + "=", 0) == 0) {
      std::string v = args[i].substr(flag.size() + 1);
      args.erase(args.begin() + static_cast<long>(i));
      return v;
    }
  }
  return {};
}

bool take_switch(std::vector<std::string>& args, const std::string& flag) {
  for (std::size_t i = 0; i < args.size(); ++i)
    if (args[i] == flag) {
      args.erase(args.begin() + static_cast<long>(i));
      return true;
    }
  return false;
}

int report_error(const Error& e) {
  std::cerr << "terrain-server: " << e.to_string() << std::endl;
  return 2;
}

int admin_add(std::vector<std::string> args) {
  std::string name = take(args, "--name");
  bool generate = take_switch(args, "--generate");
  const std::string role_text = take(args, "--role");
  if (name.empty())
    return report_error(make_error(Errc::invalid_argument, "admin add needs --name NAME"));
  auto role = admin_role_of(role_text.empty() ? "administrator" : role_text);
  if (!role)
    return report_error(
        make_error(Errc::invalid_argument, "--role is administrator or analyst", "", "role"));
  auto config = load_config(args);
  if (!config) return report_error(config.error());
  if (!crypto_init()) return report_error(make_error(Errc::internal, "libsodium failed"));
  std::string password;
  if (!generate) std::getline(std::cin, password);
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
    password.pop_back();
  bool generated = password.empty();
  if (generated) password = generate_secret_text(20);
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  if (ec)
    return report_error(make_error(Errc::io, "cannot create data directory " + config->data_dir));
  ::chmod(config->data_dir.c_str(), 0700);
  auto store = Store::open(config->database_path());
  if (!store) return report_error(store.error());
  if (auto s = add_admin(**store, *config, name, password, *role); !s.ok())
    return report_error(s.error());
  const std::string what = *role == http::AdminRole::analyst ? "analyst" : "administrator";
  if (generated)
    std::cout << what << " '" << name << "' created with password " << password << " (shown once)"
              << std::endl;
  else
    std::cout << what << " '" << name << "' created" << std::endl;
  secure_wipe(password.data(), password.size());
  return 0;
}

int enrolment_code_create(std::vector<std::string> args) {
  const std::string role = take(args, "--role");
  Scope scope;
  for (std::string m = take(args, "--meeting"); !m.empty(); m = take(args, "--meeting"))
    scope.meetings.push_back(m);
  if (std::string cycle = take(args, "--cycle"); !cycle.empty()) scope.cycle = cycle;
  const std::string ttl_text = take(args, "--ttl-s");
  if (role.empty() || (scope.meetings.empty() && !scope.cycle))
    return report_error(
        make_error(Errc::invalid_argument,
                   "usage: terrain-server enrolment-code create --data DIR --role "
                   "facilitator|evaluator (--meeting ID... | --cycle NAME) [--ttl-s N]"));
  auto config = load_config(args);
  if (!config) return report_error(config.error());
  // The scope is checked exactly as the HTTP endpoint checks it.
  auto checked = scope_from_json(scope_to_json(scope));
  if (!checked) return report_error(checked.error());
  std::int64_t ttl_s = config->enrolment_code_ttl_s;
  if (!ttl_text.empty()) {
    std::size_t used = 0;
    try {
      ttl_s = std::stoll(ttl_text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != ttl_text.size())
      return report_error(make_error(Errc::invalid_argument, "--ttl-s takes a number of seconds"));
  }
  if (!crypto_init()) return report_error(make_error(Errc::internal, "libsodium failed"));
  if (!std::filesystem::exists(config->database_path()))
    return report_error(make_error(Errc::not_found, "no database at " + config->database_path() +
                                                        ": start the server once first"));
  auto store = Store::open(config->database_path());
  if (!store) return report_error(store.error());
  auto made = create_enrolment_code(**store, role, *checked, ttl_s, Actor{});
  if (!made) return report_error(made.error());
  std::cout << made->code << std::endl;
  std::cerr << "terrain-server: enrolment code for a " << made->role << ", scope "
            << made->scope.dump() << ", expires " << report::iso_utc(made->expires_ms)
            << " (shown once)" << std::endl;
  secure_wipe(made->code.data(), made->code.size());
  return 0;
}

}  // namespace

int run_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage << config_help();
    return 2;
  }
  if (take_switch(args, "--help") || take_switch(args, "-h")) {
    std::cout << kUsage << config_help();
    return 0;
  }
  if (args[0] == "--version") {
    std::cout << "terrain-server 0.1.0" << std::endl;
    return 0;
  }
  std::string command = "serve";
  if (args[0].rfind("--", 0) != 0) {
    command = args[0];
    args.erase(args.begin());
  }
  if (command == "serve") {
    auto config = load_config(args);
    if (!config) return report_error(config.error());
    return serve(*config);
  }
  if (command == "admin") {
    if (args.empty() || args[0] != "add")
      return report_error(
          make_error(Errc::invalid_argument, "usage: terrain-server admin add ..."));
    args.erase(args.begin());
    return admin_add(args);
  }
  if (command == "enrolment-code") {
    if (args.empty() || args[0] != "create")
      return report_error(
          make_error(Errc::invalid_argument, "usage: terrain-server enrolment-code create ..."));
    args.erase(args.begin());
    return enrolment_code_create(args);
  }
  if (command == "backup" || command == "restore") {
    std::string data = take(args, "--data");
    std::string file = take(args, command == "backup" ? "--out" : "--from");
    if (data.empty() || file.empty() || !args.empty())
      return report_error(make_error(Errc::invalid_argument,
                                     command == "backup"
                                         ? "usage: terrain-server backup --data DIR --out FILE"
                                         : "usage: terrain-server restore --data DIR --from FILE"));
    if (command == "backup") {
      Status s = backup_database(data, file);
      if (!s.ok()) return report_error(s.error());
      std::cout << "backup written to " << file << std::endl;
      return 0;
    }
    auto restored = restore_database(data, file);
    if (!restored) return report_error(restored.error());
    std::cout << "restored from " << file << "; the server draws a new epoch at its next start"
              << std::endl;
    if (!restored->replaced.empty())
      std::cout << "the replaced database is kept as " << restored->replaced << std::endl;
    for (const auto& line : restored->carried) std::cout << "carried over: " << line << std::endl;
    for (const auto& line : restored->to_do) std::cout << "TO DO: " << line << std::endl;
    return 0;
  }
  return report_error(make_error(Errc::invalid_argument, "unknown command '" + command + "'"));
}

}  // namespace terrain::server
