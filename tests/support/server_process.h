// A real terrain-server for tests: started as a child process on 127.0.0.1 on a
// free port with its own data directory, ready once /healthz answers (polled; the
// child's exit ends the wait with its log), stopped with SIGTERM or killed with
// SIGKILL. Restarting keeps the data directory and the port.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <httplib.h>

#include "child_process.h"
#include "free_port.h"

namespace terrain::test {

inline std::string server_binary() {
#ifdef TERRAIN_SERVER_BINARY
  return TERRAIN_SERVER_BINARY;
#else
#ifdef TERRAIN_TEST_BUILD_DIR
  const char* fallback = TERRAIN_TEST_BUILD_DIR;
#else
  const char* fallback = ".";
#endif
  const char* dir = std::getenv("TERRAIN_BINARY_DIR");
  return std::string(dir ? dir : fallback) + "/server/src/terrain-server";
#endif
}

class ServerProcess {
 public:
  struct Options {
    Options(std::vector<std::string> a = {}, std::string ca = {})  // NOLINT: brace-friendly
        : args(std::move(a)), ca_file(std::move(ca)) {}
    std::vector<std::string> args;  // extra settings, e.g. {"--clock-tolerance-ms", "1000"}
    std::string ca_file;            // with --tls-cert: trust this CA for the health check
  };

  explicit ServerProcess(std::string data_dir, Options options = {})
      : data_dir_(std::move(data_dir)), options_(std::move(options)) {}
  ~ServerProcess() { kill(); }

  // Fast password hashing and no generated admin: tests add their own.
  static std::vector<std::string> test_settings() {
    return {"--pwhash-opslimit", "1", "--pwhash-memlimit", "8192", "--initial-admin", "false"};
  }

  // A port chosen here (first start) may have been taken by another process between
  // free_port() and the server's bind (parallel tests): the server then stops with
  // "cannot listen on" and another port is tried. Restarts keep the port.
  void start() {
    if (child_ && child_->running()) throw std::runtime_error("server already running");
    const bool choose_port = port_ == 0;
    for (int attempt = 1;; ++attempt) {
      if (choose_port) port_ = free_port();
      ++starts_;
      std::vector<std::string> argv = {
          server_binary(),      "--data", data_dir_, "--bind", "127.0.0.1", "--port",
          std::to_string(port_)};
      for (const auto& a : test_settings()) argv.push_back(a);
      for (const auto& a : options_.args) argv.push_back(a);
      log_path_ = data_dir_ + ".server-" + std::to_string(starts_) + ".log";
      child_ = std::make_unique<ChildProcess>(
          argv, ChildProcess::Options{"", log_path_ + ".out", log_path_});
      if (wait_healthy()) return;
      child_.reset();
      if (!choose_port || attempt == 5)
        throw std::runtime_error("terrain-server cannot listen on its port:\n" + log());
    }
  }
  // SIGTERM and wait; the exit code (0 for a clean shutdown).
  int stop() {
    if (!child_) return 0;
    child_->signal(SIGTERM);
    int code = child_->wait();
    child_.reset();
    return code;
  }
  // SIGKILL and wait: a crash.
  void kill() {
    if (!child_) return;
    child_->signal(SIGKILL);
    child_->wait();
    child_.reset();
  }
  void restart() {
    stop();
    start();
  }

  bool tls() const {
    for (const auto& a : options_.args)
      if (a == "--tls-cert") return true;
    return false;
  }
  int port() const { return port_; }
  std::string url() const {
    return std::string(tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
  }
  const std::string& data_dir() const { return data_dir_; }
  // Everything the server logged (all starts so far are in separate files; this one).
  std::string log() const { return read_file(log_path_); }
  std::string all_logs() const {
    std::string out;
    for (int i = 1; i <= starts_; ++i)
      out += read_file(data_dir_ + ".server-" + std::to_string(i) + ".log");
    return out;
  }
  std::string stdout_text() const { return read_file(log_path_ + ".out"); }

  // Runs `terrain-server admin add` on this data directory.
  RunResult add_admin(const std::string& name, const std::string& password,
                      const std::string& role = "administrator") const {
    std::vector<std::string> argv = {server_binary(), "admin", "add",    "--data", data_dir_,
                                     "--name",        name,    "--role", role};
    for (const auto& a : test_settings()) argv.push_back(a);
    return run_process(argv, data_dir_ + ".admin", password + "\n");
  }
  // Runs another terrain-server command (backup, restore...).
  RunResult run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {server_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, data_dir_ + ".cmd");
  }

 private:
  // true once this child listens on port_ and answers /healthz; false when it
  // stopped because the port was taken. Only this child's own listening socket
  // counts, so another server's answer on the port is never taken for its own.
  bool wait_healthy() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      if (!child_->running()) {
        if (log().find("cannot listen on") != std::string::npos) return false;
        throw std::runtime_error("terrain-server exited during start:\n" + log());
      }
      if (listens(child_->pid(), port_) && healthy()) return true;
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("terrain-server not healthy after 60 s:\n" + log());
      timespec ts{0, 5'000'000};  // poll interval, not a synchronisation
      nanosleep(&ts, nullptr);
    }
  }
  // Whether process pid holds a TCP socket listening on port (Linux /proc).
  static bool listens(pid_t pid, int port) {
    std::set<std::string> inodes;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
      std::istringstream lines(read_file(table));
      std::string line;
      std::getline(lines, line);  // header
      while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
            timeout >> inode;
        auto colon = local.rfind(':');
        if (colon == std::string::npos || state != "0A") continue;  // 0A: LISTEN
        if (std::stoi(local.substr(colon + 1), nullptr, 16) == port) inodes.insert(inode);
      }
    }
    if (inodes.empty()) return false;
    std::error_code ec;
    const std::string fds = "/proc/" + std::to_string(pid) + "/fd";
    for (const auto& fd : std::filesystem::directory_iterator(fds, ec)) {
      std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
      if (ec || target.rfind("socket:[", 0) != 0) continue;
      if (inodes.count(target.substr(8, target.size() - 9))) return true;
    }
    return false;
  }
  bool healthy() {
    httplib::Client cli(url());
    cli.set_connection_timeout(0, 200'000);
    cli.set_read_timeout(5, 0);
    if (tls()) {
      if (!options_.ca_file.empty()) cli.set_ca_cert_path(options_.ca_file);
      cli.enable_server_certificate_verification(!options_.ca_file.empty());
    }
    auto res = cli.Get("/healthz");
    return res && res->status == 200;
  }

  std::string data_dir_;
  Options options_;
  int port_ = 0;
  int starts_ = 0;
  std::string log_path_;
  std::unique_ptr<ChildProcess> child_;
};

}  // namespace terrain::test
