// terrain-server as a child process of the demo: started on 127.0.0.1 with the
// demo's data directory, ready once /healthz answers, stopped with SIGTERM (the
// server finishes requests in flight and their commits, then exits).
//
// Signals: the demo blocks SIGINT, SIGTERM and SIGCHLD in every thread and takes
// them with sigwait() (wait_for_signal); the child starts with an empty mask so it
// handles its own signals. A signal to the demo is forwarded to the server, then
// the demo waits for it to exit.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "terrain/protocol/errors.h"

namespace terrain::demo {

// Blocks SIGINT, SIGTERM and SIGCHLD in the calling thread (call first in main).
void block_signals();

// Runs a program to completion with `stdin_text` on its standard input; returns its
// exit code (or -signal) and what it printed on stdout.
struct CommandResult {
  int exit_code = -1;
  std::string out;
};
Result<CommandResult> run_command(const std::vector<std::string>& argv,
                                  const std::string& stdin_text);

class ServerChild {
 public:
  ServerChild(std::string binary, std::string data_dir, int port, std::vector<std::string> extra);
  ~ServerChild();
  ServerChild(const ServerChild&) = delete;
  ServerChild& operator=(const ServerChild&) = delete;

  // Starts the server and waits until /healthz answers (or the child exits).
  Status start();
  std::string url() const;
  // Where the server's log goes: <data>/terrain-server.log.
  std::string log_path() const;
  // Forwards `sig` and waits for the exit; the exit code (or -signal).
  int stop(int sig);
  // Waits for SIGINT/SIGTERM (forwarded to the server) or for the server to exit on
  // its own; returns the server's exit code.
  int serve_until_signal();

 private:
  bool running();
  std::string binary_;
  std::string data_dir_;
  int port_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace terrain::demo
