// terrain-server's configuration: every tunable in one struct, each with its reason.
//
// Sources, strongest first: command-line flags, TERRAIN_* environment variables,
// an optional file (--config FILE, or TERRAIN_CONFIG) of `key = value` lines, then
// the defaults below. A flag --max-body-bytes, the variable TERRAIN_MAX_BODY_BYTES
// and the file key max_body_bytes all name the same setting.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "terrain/protocol/errors.h"
#include "terrain/protocol/limits.h"

namespace terrain::server {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

struct ServerConfig {
  // Network. Loopback by default: exposing the server is an explicit decision.
  std::string bind_address = "127.0.0.1";
  int port = 8443;
  // Where the SQLite database (terrain.db) and the server key (server.key) live.
  std::string data_dir;
  // TLS: both set -> HTTPS. Plain HTTP is for a reverse proxy or for tests.
  std::string tls_cert;
  std::string tls_key;

  // Protocol limits (see protocol/limits.h); the server may only tighten them.
  // limits.max_change_set_bytes also bounds every authenticated request body.
  Limits limits;
  // Largest body of a request reachable without credentials (enrolment, admin
  // login): those need a few hundred bytes, and anyone can send them, so they are
  // bounded far below the authenticated limit (docs/protocol-http.md, "Bodies").
  std::size_t max_unauthenticated_body_bytes = 16 * 1024;
  // Allowed difference between a signed request's timestamp and the server clock:
  // large enough for a tablet whose clock was never corrected, small enough that a
  // captured request soon stops being replayable.
  std::int64_t request_tolerance_ms = 15 * 60 * 1000;

  // HTTP. Read/write timeouts stop slow clients from holding a worker; 30 s lets a
  // tablet on a weak 3G link send an 8 MiB change set.
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  // Requests handled at once (http/request_gate.h): SQLite serialises writes anyway,
  // readers run in parallel. Worker threads (http/worker_pool.h): one per open
  // connection, `threads` always ready, more started on demand up to `max_threads`;
  // connections beyond wait.
  int threads = 8;
  int max_threads = 512;
  // Memory all request bodies being received may take at once (http/body_budget.h):
  // 8 x 2 x max_body_bytes by default, what 8 fixed workers could hold.
  std::size_t body_memory_bytes = 128u << 20;
  // Pull pages: at most this many entries and roughly this many bytes, so one
  // page is applied by a tablet in one short transaction.
  std::size_t pull_page_entries = 200;
  std::size_t pull_page_bytes = 4u * 1024 * 1024;

  // Administrators. argon2id (libsodium crypto_pwhash_str) parameters: the
  // "moderate" preset costs ~0.7 s and 256 MiB per login, which is right for a
  // handful of administrators; tests lower them to the minimum.
  std::uint64_t pwhash_opslimit = 3;             // crypto_pwhash_OPSLIMIT_MODERATE
  std::uint64_t pwhash_memlimit = 256ull << 20;  // crypto_pwhash_MEMLIMIT_MODERATE
  // An admin session lasts a working day.
  std::int64_t session_ttl_s = 8 * 3600;
  // Enrolment codes are handed over at a meeting's preparation: one week.
  std::int64_t enrolment_code_ttl_s = 7 * 24 * 3600;

  // Rate limits per client address, over a sliding window. Failed enrolments and
  // failed admin logins guess secrets: a few per 15 minutes. Other requests: a
  // tablet's sync is a handful of requests per page; 30000 per minute only stops floods
  // (and leaves room for benchmarks pushing from one address).
  int auth_failures_per_window = 10;
  std::int64_t auth_failure_window_s = 15 * 60;
  int requests_per_minute = 30000;

  // Behind a reverse proxy every request comes from the proxy's address: with this
  // set, the last X-Forwarded-For hop is the client address for rate limits.
  bool trust_forwarded_for = false;
  // Optional bearer token protecting /metrics (empty: open, for a local scraper).
  std::string metrics_token;

  // The built web console (console/dist), read once at start and served at
  // /console/; TERRAIN_CONSOLE_DIR is the source tree's, set by the build.
#ifdef TERRAIN_CONSOLE_DIR
  std::string console_dir = TERRAIN_CONSOLE_DIR;
#else
  std::string console_dir;
#endif

  LogLevel log_level = LogLevel::info;
  // Creates an administrator named "admin" with a generated password, printed once,
  // when the database has none at start.
  bool initial_admin = true;

  std::string database_path() const {
    return data_dir + "/terrain.db";
  }
  std::string key_path() const {
    return data_dir + "/server.key";
  }
  std::string url_scheme() const {
    return tls_cert.empty() ? "http" : "https";
  }
};

// The settings --help describes, in order.
std::string config_help();

// Parses flags (args excludes the program and subcommand names), the environment
// and the optional file. Unknown flags and bad values are errors naming them.
Result<ServerConfig> load_config(const std::vector<std::string>& args);

std::string_view log_level_name(LogLevel l);

}  // namespace terrain::server
