#include "server_child.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>

#include <httplib.h>

extern char** environ;

namespace terrain::demo {
namespace {

sigset_t demo_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGTERM);
  sigaddset(&s, SIGCHLD);
  return s;
}

int decode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// posix_spawn with an empty signal mask and default dispositions in the child.
Result<pid_t> spawn(const std::vector<std::string>& argv, posix_spawn_file_actions_t* fa) {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults = demo_signals();
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], fa, &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return make_error(Errc::io, "cannot start " + argv[0]);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  return r == pid ? decode(status) : -1;
}

}  // namespace

void block_signals() {
  sigset_t s = demo_signals();
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

Result<CommandResult> run_command(const std::vector<std::string>& argv,
                                  const std::string& stdin_text) {
  int in[2], out[2];
  if (::pipe(in) != 0) return make_error(Errc::io, "pipe failed");
  if (::pipe(out) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return make_error(Errc::io, "pipe failed");
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  auto pid = spawn(argv, &fa);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  if (!pid) {
    ::close(in[1]);
    ::close(out[0]);
    return pid.error();
  }
  // The input is one short line: it fits in the pipe buffer, so no deadlock.
  std::size_t off = 0;
  while (off < stdin_text.size()) {
    ssize_t n = ::write(in[1], stdin_text.data() + off, stdin_text.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  ::close(in[1]);
  CommandResult r;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  r.exit_code = wait_for(*pid);
  return r;
}

ServerChild::ServerChild(std::string binary, std::string data_dir, int port,
                         std::vector<std::string> extra)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      port_(port),
      extra_(std::move(extra)) {}

ServerChild::~ServerChild() {
  if (pid_ > 0 && running()) stop(SIGTERM);
}

std::string ServerChild::log_path() const {
  return data_dir_ + "/terrain-server.log";
}

std::string ServerChild::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

bool ServerChild::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = decode(status);
    pid_ = -1;
    return false;
  }
  return r == 0;
}

Status ServerChild::start() {
  std::vector<std::string> argv = {binary_,
                                   "--data",
                                   data_dir_,
                                   "--bind",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(port_),
                                   "--initial-admin",
                                   "false"};
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  // The server's log lines (JSON on stderr) go to a file beside its data.
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  auto pid = spawn(argv, &fa);
  posix_spawn_file_actions_destroy(&fa);
  if (!pid) return pid.error();
  pid_ = *pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (!running())
      return make_error(Errc::server_error, "terrain-server exited during start (code " +
                                                std::to_string(exit_code_) + "): see " +
                                                log_path());
    httplib::Client cli(url());
    cli.set_connection_timeout(0, 200'000);
    auto res = cli.Get("/healthz");
    if (res && res->status == 200) return {};
    if (std::chrono::steady_clock::now() > deadline)
      return make_error(Errc::network, "terrain-server did not answer on " + url() + " in 60 s");
    timespec ts{0, 50'000'000};
    nanosleep(&ts, nullptr);
  }
}

int ServerChild::stop(int sig) {
  if (pid_ <= 0) return exit_code_;
  ::kill(pid_, sig);
  exit_code_ = wait_for(pid_);
  pid_ = -1;
  return exit_code_;
}

int ServerChild::serve_until_signal() {
  sigset_t s = demo_signals();
  for (;;) {
    if (!running()) return exit_code_;
    int sig = 0;
    if (sigwait(&s, &sig) != 0) continue;
    if (sig == SIGCHLD) continue;  // running() reaps it if it was the server
    std::fprintf(stderr, "terrain-demo: signal %d, stopping terrain-server...\n", sig);
    return stop(sig);
  }
}

}  // namespace terrain::demo
