// terrain-server's process-wide context and its serve loop.
#pragma once

#include <atomic>
#include <memory>

#include "config/config.h"
#include "http/body_budget.h"
#include "http/rate_limit.h"
#include "http/request_gate.h"
#include "http/worker_pool.h"
#include "identity/server_identity.h"
#include "metrics/metrics.h"
#include "report/snapshot_cache.h"
#include "store/store.h"
#include "terrain/protocol/schema.h"

namespace terrain::server {

// Everything a request handler may use. Built once at start; handlers run on
// httplib's worker threads, so every member is thread-safe.
struct ServerContext {
  ServerConfig config;
  std::unique_ptr<Store> store;
  ServerIdentity identity;
  std::unique_ptr<ServerClock> clock;
  Metrics metrics;
  std::unique_ptr<http::RateLimiter> limiter;
  std::unique_ptr<http::BodyBudget> bodies;
  std::unique_ptr<http::RequestGate> gate;
  std::unique_ptr<report::SnapshotCache> reports;  // after `store`: destroyed before it
  // The HTTP worker pool while the server listens (made and owned by cpp-httplib).
  std::atomic<http::WorkerPool*> workers{nullptr};
  const SchemaRegistry* schemas = nullptr;
};

// Opens the data directory, listens, and serves until SIGTERM or SIGINT; then stops
// accepting, lets in-flight requests (and their commits) finish, and returns 0.
int serve(const ServerConfig& config);

}  // namespace terrain::server
