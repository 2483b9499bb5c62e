#include "server.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "admin/admin_auth.h"
#include "backup/backup.h"
#include "central/central_changes.h"
#include "console/console_files.h"
#include "devices/device_routes.h"
#include "enrolment/enrolment.h"
#include "erasure/erasure.h"
#include "http/api.h"
#include "journal/journal.h"
#include "logging/log.h"
#include "pull/pull.h"
#include "push/push_routes.h"
#include "quarantine/quarantine.h"
#include "questionnaires/questionnaire_routes.h"
#include "report/report_routes.h"
#include "revocation/revocation.h"

namespace terrain::server {
namespace {

http::Reply default_error(int status) {
  switch (status) {
    case 404:
      return http::Reply::fail(make_error(Errc::not_found, "no such endpoint"));
    case 405:
      return http::Reply::fail(make_error(Errc::invalid_argument, "method not allowed"));
    case 413:
      return http::Reply::fail(make_error(Errc::too_large, "the request body is too large"));
    case 414:
      return http::Reply::fail(make_error(Errc::too_large, "the request URI is too long"));
    case 408:
      return http::Reply::fail(make_error(Errc::network, "request timeout"));
    default:
      if (status >= 500) return http::Reply::fail(make_error(Errc::server_error, "server error"));
      return http::Reply::fail(make_error(Errc::malformed, "malformed HTTP request"));
  }
}

// cpp-httplib (the system's shared library, built with CPPHTTPLIB_LISTEN_BACKLOG 5)
// listens with a backlog of 5: when many tablets connect at the same instant the
// accept queue overflows and the kernel retries the dropped handshakes after 1 s
// (docs/performance.md). Calling listen() again on a listening socket sets a new
// backlog (Linux): done on this process's listening TCP sockets, right after bind.
void widen_listen_backlog() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    if (::listen(fd, 4096) != 0)
      log::warn("listen_backlog", {{"reason", "listen() failed; the backlog stays at 5"}});
  }
}

Result<std::vector<Metrics::Gauge>> gauges(ServerContext& ctx) {
  auto all = ctx.store->read([](sqlite::Database& db) -> Result<std::vector<Metrics::Gauge>> {
    std::vector<Metrics::Gauge> out;
    auto q = db.prepare(
        "SELECT SUM(revoked_ms IS NULL AND flagged = 0), SUM(revoked_ms IS NOT NULL), "
        "SUM(flagged != 0) FROM devices WHERE is_server = 0");
    if (!q) return q.error();
    auto row = q->step();
    if (!row) return row.error();
    out.push_back({"terrain_devices",
                   "Registered devices by state.",
                   {{"state=\"active\"", static_cast<double>(q->int64(0))},
                    {"state=\"revoked\"", static_cast<double>(q->int64(1))},
                    {"state=\"flagged\"", static_cast<double>(q->int64(2))}}});
    auto l = db.prepare("SELECT COALESCE(MAX(position), 0) FROM log");
    if (!l) return l.error();
    if (auto r = l->step(); !r) return r.error();
    out.push_back({"terrain_log_head",
                   "Position of the last log entry.",
                   {{"", static_cast<double>(l->int64(0))}}});
    auto c =
        db.prepare("SELECT SUM(state = 'quarantined'), SUM(state = 'accepted') FROM change_sets");
    if (!c) return c.error();
    if (auto r = c->step(); !r) return r.error();
    out.push_back({"terrain_change_sets",
                   "Stored change sets by state.",
                   {{"state=\"quarantined\"", static_cast<double>(c->int64(0))},
                    {"state=\"accepted\"", static_cast<double>(c->int64(1))}}});
    return out;
  });
  if (!all) return all;
  // The HTTP layer's own gauges: counters in memory, no transaction needed.
  if (http::WorkerPool* pool = ctx.workers.load()) {
    const auto w = pool->stats();
    all->push_back({"terrain_http_workers",
                    "HTTP worker threads (one per open connection) by state.",
                    {{"state=\"busy\"", static_cast<double>(w.threads - w.idle)},
                     {"state=\"idle\"", static_cast<double>(w.idle)}}});
    all->push_back({"terrain_http_workers_peak",
                    "Most HTTP worker threads at once since the start.",
                    {{"", static_cast<double>(w.peak)}}});
    all->push_back({"terrain_http_connections_waiting",
                    "Connections waiting for a worker thread (max_threads reached).",
                    {{"", static_cast<double>(w.queued)}}});
  }
  const auto g = ctx.gate->stats();
  all->push_back({"terrain_requests_in_progress",
                  "Requests being handled, and waiting for one of the `threads` places.",
                  {{"state=\"handled\"", static_cast<double>(g.active)},
                   {"state=\"waiting\"", static_cast<double>(g.waiting)}}});
  const auto r = ctx.reports->stats();
  all->push_back({"terrain_report_snapshots_kept",
                  "Snapshots of the merged state kept for the reports.",
                  {{"", static_cast<double>(r.kept)}}});
  all->push_back({"terrain_report_snapshot_requests_total",
                  "Report requests by how their snapshot was had: loaded from the store, "
                  "kept from an earlier request, or shared with a concurrent load.",
                  {{"way=\"loaded\"", static_cast<double>(r.loads)},
                   {"way=\"kept\"", static_cast<double>(r.hits)},
                   {"way=\"shared\"", static_cast<double>(r.shared)}}});
  all->push_back({"terrain_request_body_bytes_reserved",
                  "Memory reserved by request bodies being received and handled.",
                  {{"", static_cast<double>(ctx.bodies->in_use())}}});
  return all;
}

void add_operations_routes(http::Api& api, ServerContext& ctx) {
  api.get("/healthz", "healthz", http::Auth::none,
          [&ctx](const httplib::Request&, const http::Caller&) {
            auto ok =
                ctx.store->read([](sqlite::Database& db) -> Status { return db.exec("SELECT 1"); });
            if (!ok.ok()) return http::Reply::fail(ok.error());
            return http::Reply::json(
                {{"status", "ok"}, {"epoch", ctx.identity.epoch}, {"server_time_ms", now_ms()}});
          });
  api.get("/metrics", "metrics", http::Auth::none,
          [&ctx](const httplib::Request& req, const http::Caller&) {
            if (!ctx.config.metrics_token.empty() &&
                !constant_time_equal(req.get_header_value("Authorization"),
                                     "Bearer " + ctx.config.metrics_token))
              return http::Reply::fail(make_error(Errc::unauthorized, "metrics token required"));
            auto g = gauges(ctx);
            if (!g) return http::Reply::fail(g.error());
            return http::Reply::text(ctx.metrics.render(*g), "text/plain; version=0.0.4");
          });
}

}  // namespace

int serve(const ServerConfig& config) {
  log::set_level(config.log_level);
  // Request bodies (up to max_body_bytes each, one per worker) are large blocks:
  // with glibc's default, the first one freed raises the mmap threshold to its size,
  // and from then on they are carved from the workers' heaps and never given back
  // (resident memory grew to 8 workers x 3 bodies and stayed there). A fixed
  // threshold keeps every block over 128 KiB in its own mapping, unmapped when freed:
  // memory returns under the bound of docs/protocol-http.md ("Bodies") afterwards.
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  // glibc gives threads up to 8 malloc arenas per core, each keeping its own free
  // memory. With a thread per open connection (http/worker_pool.h) every arena gets
  // used, although at most `threads` requests are handled at once
  // (http/request_gate.h): 4 arenas are enough for those, and cut the server's peak
  // RSS at 256 tablets by about 16 MiB (docs/performance.md).
  ::mallopt(M_ARENA_MAX, 4);
  if (!crypto_init()) {
    log::error("startup_failed", {{"reason", "libsodium failed to initialise"}});
    return 1;
  }
  // Signals are taken by one thread (sigwait), never by a handler: stopping the
  // server is not async-signal-safe. Block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto fail = [](const Error& e) {
    log::error("startup_failed", {{"code", errc_name(e.code)}, {"reason", e.message}});
    return 1;
  };
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return fail(make_error(Errc::io, "cannot create data directory " + config.data_dir));
  ::chmod(config.data_dir.c_str(), 0700);
  // One server per data directory, and never beside a restore (backup.h).
  auto dir_lock = lock_data_dir(config.data_dir);
  if (!dir_lock) return fail(dir_lock.error());

  ServerContext ctx;
  ctx.config = config;
  ctx.schemas = &SchemaRegistry::embedded();
  auto store = Store::open(config.database_path());
  if (!store) return fail(store.error());
  ctx.store = std::move(*store);
  auto identity = open_identity(config, *ctx.store);
  if (!identity) return fail(identity.error());
  ctx.identity = *identity;
  ctx.clock = std::make_unique<ServerClock>(ctx.identity.device_id);
  if (auto s = ctx.store->read([&](sqlite::Database& db) { return ctx.clock->load(db); }); !s.ok())
    return fail(s.error());
  ctx.limiter = std::make_unique<http::RateLimiter>(
      config.requests_per_minute, config.auth_failures_per_window, config.auth_failure_window_s);
  ctx.bodies = std::make_unique<http::BodyBudget>(config.body_memory_bytes);
  ctx.gate = std::make_unique<http::RequestGate>(static_cast<std::size_t>(config.threads));
  ctx.reports = std::make_unique<report::SnapshotCache>(*ctx.store, report::Reference::embedded(),
                                                        report::SnapshotCache::Limits{});

  if (config.initial_admin) {
    auto any = has_admins(*ctx.store);
    if (!any) return fail(any.error());
    if (!*any) {
      std::string password = generate_secret_text(20);
      if (auto s = add_admin(*ctx.store, config, "admin", password); !s.ok())
        return fail(s.error());
      // Printed once, on stdout (never in the log): write it down now.
      std::cout << "terrain-server: created administrator 'admin' with password " << password
                << "\n  (shown once; add others with `terrain-server admin add`)" << std::endl;
      secure_wipe(password.data(), password.size());
    }
  }

  std::unique_ptr<httplib::Server> server;
  if (!config.tls_cert.empty()) {
    auto ssl =
        std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
    if (!ssl->is_valid())
      return fail(make_error(Errc::certificate, "cannot load TLS certificate " + config.tls_cert +
                                                    " or key " + config.tls_key));
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  server->new_task_queue = [&ctx] {
    auto* pool = new http::WorkerPool(static_cast<std::size_t>(ctx.config.threads),
                                      static_cast<std::size_t>(ctx.config.max_threads),
                                      std::chrono::seconds(30));
    ctx.workers = pool;
    return pool;
  };
  server->set_payload_max_length(config.limits.max_change_set_bytes);
  server->set_read_timeout(config.read_timeout_s, 0);
  server->set_write_timeout(config.write_timeout_s, 0);
  server->set_keep_alive_timeout(5);
  // An answer is written in pieces (headers, then body): with Nagle's algorithm on,
  // the second piece waits for the client's delayed ACK (40 ms on Linux), which
  // capped a device's push rate at about 15-25 requests per second.
  server->set_tcp_nodelay(true);
  // cpp-httplib closes a keep-alive connection after 5 requests by default.
  server->set_keep_alive_max_count(1000);
  server->set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        // An answer already written, or one that closes the connection (http/api.h).
        if (!res.body.empty() || http::closes_connection(res))
          return httplib::Server::HandlerResponse::Unhandled;
        http::send(res, default_error(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        log::error("http_exception");
        http::send(res, http::Reply::fail(make_error(Errc::internal, "internal error")));
      });

  http::Api api(*server, ctx);
  add_operations_routes(api, ctx);
  add_admin_routes(api, ctx);
  add_enrolment_routes(api, ctx);
  add_device_routes(api, ctx);
  add_push_routes(api, ctx);
  add_pull_routes(api, ctx);
  add_quarantine_routes(api, ctx);
  add_revocation_routes(api, ctx);
  add_erasure_routes(api, ctx);
  add_central_routes(api, ctx);
  add_report_routes(api, ctx);
  add_journal_routes(api, ctx);
  add_questionnaire_routes(api, ctx);
  add_console_routes(api, ctx);

  // One listener per port. cpp-httplib's default socket options set SO_REUSEPORT,
  // which lets a second server (another data directory, or this one started twice)
  // listen on the same port: the kernel then splits the connections between them,
  // so a client is answered from a database that did not take its earlier writes
  // (an enrolment code made on one is unknown to the other). SO_REUSEADDR alone
  // still allows a restart while old connections are in TIME_WAIT, and makes a
  // second server's bind fail: it stops with "cannot listen on".
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    (void)::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  if (!server->bind_to_port(config.bind_address, config.port))
    return fail(make_error(
        Errc::io, "cannot listen on " + config.bind_address + ":" + std::to_string(config.port)));
  widen_listen_backlog();

  httplib::Server* raw = server.get();
  std::atomic<bool> signalled{false};
  std::atomic<bool> listen_returned{false};
  std::thread signal_thread([raw, signals, &signalled, &listen_returned] {
    int sig = 0;
    sigwait(&signals, &sig);
    signalled = true;
    log::info("stopping", {{"signal", sig}});
    // stop() does nothing until listen_after_bind() runs: a signal taken during
    // start-up (bound, not yet accepting) waits for it, else it is lost and the
    // server runs on.
    while (!raw->is_running() && !listen_returned) {
      timespec ts{0, 1'000'000};
      nanosleep(&ts, nullptr);
    }
    raw->stop();
  });

  log::info("listening", {{"address", config.bind_address},
                          {"port", config.port},
                          {"scheme", config.url_scheme()},
                          {"epoch", ctx.identity.epoch},
                          {"server_device", ctx.identity.device_id},
                          {"schema_version", ctx.schemas->version()}});
  bool ok = server->listen_after_bind();
  // listen_after_bind returns after stop(), once the worker pool has finished the
  // requests in flight (and so their commits).
  listen_returned = true;
  ctx.workers = nullptr;  // deleted by cpp-httplib once its requests finished
  if (!signalled) pthread_kill(signal_thread.native_handle(), SIGTERM);  // wakes sigwait
  signal_thread.join();
  server.reset();
  ctx.store.reset();
  log::info("stopped", {{"clean", ok}});
  return ok ? 0 : 1;
}

}  // namespace terrain::server
