// Routing with authentication, limits, error mapping, metrics and logs in one
// place, so every endpoint behaves the same way:
//   1. per-address request budget (rate_limited);
//   2. authentication: none, an administrator's bearer token, or a device's
//      signed request (see devices/device_auth.h);
//   3. the handler, whose failures are values turned into JSON errors; an
//      exception (a bug) becomes `internal` and is logged, never a crash;
//   4. one metrics sample and one log line per request (route, status, duration:
//      never bodies, tokens or addresses).
// Before all of these, every request body is bounded however it is framed
// (docs/protocol-http.md, "Bodies"): a declared Content-Length over the route's
// limit is answered `413 too_large` from the headers alone, a chunked body the
// moment it passes the limit; a route's limit is max_unauthenticated_body_bytes
// when it is reachable without credentials (Auth::none), limits.max_change_set_bytes
// otherwise; an endpoint without a body route takes no body. Such an answer closes
// the connection (`Connection: close`): the rest of the body is never read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/errors.h"
#include "terrain/protocol/crypto.h"

namespace terrain::server {
struct ServerContext;
}

namespace terrain::server::http {

// A console role (docs/console.md, "Roles"): an administrator does everything; an
// analyst reads the consolidated reports only (no names, no device or quarantine
// action). The server enforces it on every route (Auth below), not the page.
enum class AdminRole { administrator, analyst };

struct AdminPrincipal {
  std::int64_t id = 0;
  std::string name;
  AdminRole role = AdminRole::administrator;
  // Signed in with the console's session cookie (not a bearer token): every
  // state-changing request must then carry `X-CSRF-Token: <csrf>`.
  bool via_cookie = false;
  std::string csrf;
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

// none: anyone; admin: an administrator; reader: an administrator or an analyst;
// device: a signed device request.
enum class Auth { none, admin, reader, device };
using Handler = std::function<Reply(const httplib::Request&, const Caller&)>;

class Api {
 public:
  // Installs the body checks (pre-routing and Expect: 100-continue handlers).
  Api(httplib::Server& server, ServerContext& ctx);
  void get(const std::string& pattern, const std::string& route, Auth auth, Handler h);
  void post(const std::string& pattern, const std::string& route, Auth auth, Handler h);

  // The largest body a request to this method and path may carry (0: none).
  std::size_t body_limit(const std::string& method, const std::string& path) const;

 private:
  struct BodyRoute {
    std::regex pattern;
    std::string route;
    std::size_t limit = 0;
  };
  httplib::Server::Handler wrap(std::string route, Auth auth, Handler h);
  const BodyRoute* body_route(const std::string& method, const std::string& path) const;
  // The refusal of a request from its headers alone (framing, declared length), if any.
  std::optional<Reply> refuse_from_headers(const httplib::Request& req) const;
  // Answers `r` and closes the connection; one metrics sample and one log line.
  void refuse(const std::string& route, const httplib::Request& req, httplib::Response& res,
              const Reply& r) const;
  httplib::Server& server_;
  ServerContext& ctx_;
  std::vector<BodyRoute> body_routes_;  // filled before listening, read-only afterwards
};

// Sends a reply (used by the wrapper and by httplib's error handler).
void send(httplib::Response& res, const Reply& r);
// Sends a reply with `Connection: close`, and makes cpp-httplib close the
// connection once it is written, without reading what the client still sends.
void send_and_close(httplib::Response& res, const Reply& r);
// True for a reply set by send_and_close (httplib's error handler leaves it alone).
bool closes_connection(const httplib::Response& res);

}  // namespace terrain::server::http
