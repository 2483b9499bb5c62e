// Routing with authentication, limits, error mapping, metrics and logs in one
// place, so every endpoint behaves the same way:
//   1. per-address request budget (rate_limited);
//   2. authentication: none, an administrator's bearer token, or a device's
//      signed request (see devices/device_auth.h);
//   3. the handler, whose failures are values turned into JSON errors; an
//      exception (a bug) becomes `internal` and is logged, never a crash;
//   4. one metrics sample and one log line per request (route, status, duration:
//      never bodies, tokens or addresses).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "terrain/protocol/crypto.h"

namespace terrain::server {
struct ServerContext;
}

namespace terrain::server::http {

struct AdminPrincipal {
  std::int64_t id = 0;
  std::string name;
};

struct DevicePrincipal {
  std::string device_id;
  PublicKey public_key{};
  std::string role;
  nlohmann::json scope;
  std::uint64_t last_seq = 0;
  std::string last_hash;
};

struct Caller {
  std::optional<AdminPrincipal> admin;
  std::optional<DevicePrincipal> device;
  std::string address;  // for rate limits only; never logged
};

enum class Auth { none, admin, device };
using Handler = std::function<Reply(const httplib::Request&, const Caller&)>;

class Api {
 public:
  Api(httplib::Server& server, ServerContext& ctx) : server_(server), ctx_(ctx) {}
  void get(const std::string& pattern, const std::string& route, Auth auth, Handler h);
  void post(const std::string& pattern, const std::string& route, Auth auth, Handler h);

 private:
  httplib::Server::Handler wrap(std::string route, Auth auth, Handler h);
  httplib::Server& server_;
  ServerContext& ctx_;
};

// Sends a reply (used by the wrapper and by httplib's error handler).
void send(httplib::Response& res, const Reply& r);

}  // namespace terrain::server::http
