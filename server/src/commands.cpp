#include "commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <iostream>
#include <string>
#include <vector>

#include "admin/admin_auth.h"
#include "backup/backup.h"
#include "config/config.h"
#include "logging/log.h"
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
  terrain-server admin add --data DIR --name NAME [--generate]
      Adds an administrator. The password is read from the first line of stdin; with
      --generate (or an empty stdin) one is generated and printed once.
  terrain-server backup --data DIR --out FILE
      Online backup (SQLite backup API) of a running or stopped server, to FILE, with
      the server key copied to FILE.key (mode 0600). Keep both safe: FILE holds
      personal data.
  terrain-server restore --data DIR --from FILE
      Puts a backup in place (stop the server first). The restored server draws a NEW
      epoch: devices that synced after the backup re-push what it lacks.
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

int report(const Error& e) {
  std::cerr << "terrain-server: " << e.to_string() << std::endl;
  return 2;
}

int admin_add(std::vector<std::string> args) {
  std::string name = take(args, "--name");
  bool generate = take_switch(args, "--generate");
  if (name.empty())
    return report(make_error(Errc::invalid_argument, "admin add needs --name NAME"));
  auto config = load_config(args);
  if (!config) return report(config.error());
  if (!crypto_init()) return report(make_error(Errc::internal, "libsodium failed"));
  std::string password;
  if (!generate) std::getline(std::cin, password);
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n'))
    password.pop_back();
  bool generated = password.empty();
  if (generated) password = generate_secret_text(20);
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  if (ec) return report(make_error(Errc::io, "cannot create data directory " + config->data_dir));
  ::chmod(config->data_dir.c_str(), 0700);
  auto store = Store::open(config->database_path());
  if (!store) return report(store.error());
  if (auto s = add_admin(**store, *config, name, password); !s.ok()) return report(s.error());
  if (generated)
    std::cout << "administrator '" << name << "' created with password " << password
              << " (shown once)" << std::endl;
  else
    std::cout << "administrator '" << name << "' created" << std::endl;
  secure_wipe(password.data(), password.size());
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
    if (!config) return report(config.error());
    return serve(*config);
  }
  if (command == "admin") {
    if (args.empty() || args[0] != "add")
      return report(make_error(Errc::invalid_argument, "usage: terrain-server admin add ..."));
    args.erase(args.begin());
    return admin_add(args);
  }
  if (command == "backup" || command == "restore") {
    std::string data = take(args, "--data");
    std::string file = take(args, command == "backup" ? "--out" : "--from");
    if (data.empty() || file.empty() || !args.empty())
      return report(make_error(Errc::invalid_argument,
                               command == "backup"
                                   ? "usage: terrain-server backup --data DIR --out FILE"
                                   : "usage: terrain-server restore --data DIR --from FILE"));
    Status s = command == "backup" ? backup_database(data, file) : restore_database(data, file);
    if (!s.ok()) return report(s.error());
    std::cout << (command == "backup" ? "backup written to " : "restored from ") << file
              << std::endl;
    return 0;
  }
  return report(make_error(Errc::invalid_argument, "unknown command '" + command + "'"));
}

}  // namespace terrain::server
