// Child processes for tests: launch a program with stdin from a string and
// stdout/stderr into files, signal it, wait for it. A ChildProcess still running
// when destroyed is killed (SIGKILL) and reaped.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace terrain::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ChildProcess {
 public:
  struct Options {
    std::string stdin_text;   // written to a file next to stdout_path, fed as stdin
    std::string stdout_path;  // empty: /dev/null
    std::string stderr_path;  // empty: /dev/null
  };

  ChildProcess(const std::vector<std::string>& argv, const Options& options) {
    std::string in_path = "/dev/null";
    if (!options.stdin_text.empty()) {
      if (options.stdout_path.empty()) throw std::runtime_error("stdin_text needs stdout_path");
      in_path = options.stdout_path + ".stdin";
      std::ofstream(in_path, std::ios::binary) << options.stdin_text;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
    std::string out = options.stdout_path.empty() ? "/dev/null" : options.stdout_path;
    std::string err = options.stderr_path.empty() ? "/dev/null" : options.stderr_path;
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~ChildProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      (void)wait();
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // True while the process has not exited (reaps it when it has).
  bool running() {
    if (exited_) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      record(status);
      return false;
    }
    return r == 0;
  }
  void signal(int sig) {
    if (!exited_) ::kill(pid_, sig);
  }
  // Waits for the exit; exit code, or -signal when killed by a signal.
  int wait() {
    if (exited_) return exit_code_;
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) record(status);
    return exit_code_;
  }

 private:
  void record(int status) {
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program to completion. `scratch` is a file path prefix for its output.
inline RunResult run_process(const std::vector<std::string>& argv, const std::string& scratch,
                             const std::string& stdin_text = {}) {
  static int counter = 0;
  std::string base = scratch + "." + std::to_string(++counter);
  ChildProcess p(argv, {stdin_text, base + ".out", base + ".err"});
  RunResult r;
  r.exit_code = p.wait();
  r.out = read_file(base + ".out");
  r.err = read_file(base + ".err");
  return r;
}

}  // namespace terrain::test
