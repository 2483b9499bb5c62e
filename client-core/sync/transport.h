// HTTP(S) to terrain-server: JSON in and out, device-signed requests, and the
// server's error answers turned back into terrain::Error values.
//
// Failures:
//  - no answer (refused connection, timeout, TLS handshake) -> network;
//  - an untrusted certificate -> certificate;
//  - an error answer -> its stable code (unknown codes -> server_error), with the
//    whole error object (expected_seq, server_time_ms, epoch...) in `details`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"
#include "terrain/replica/replica.h"
#include "terrain/sync/sync_client.h"

namespace httplib {
class Client;
}

namespace terrain::sync::detail {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The server's error object of the last failed call ({} otherwise).
struct Details {
  nlohmann::json error = nlohmann::json::object();
};

// One Transport serves one sync run on one thread: it keeps one keep-alive
// connection to the server for all the run's requests (a new TCP connection per
// request costs a handshake each, and with many tablets at once fills the server's
// accept queue). After a failed request the connection is dropped and the next
// request opens a new one.
class Transport {
 public:
  Transport(std::string base_url, const SyncOptions& options);

  // Unsigned JSON POST (enrolment).
  Result<nlohmann::json> post(const std::string& target, const nlohmann::json& body,
                              Details& details) const;
  // A request signed with the replica's key (see docs/protocol-http.md). The
  // timestamp is clock() + the replica's clock offset.
  Result<nlohmann::json> signed_request(Replica& replica, const std::string& method,
                                        const std::string& target, const std::string& body,
                                        const HeaderList& headers, Details& details) const;
  std::uint64_t now_ms() const;  // clock()

 private:
  Result<nlohmann::json> send(const std::string& method, const std::string& target,
                              const std::string& body, const HeaderList& headers,
                              Details& details) const;
  httplib::Client& client() const;
  std::string base_url_;
  const SyncOptions& options_;
  mutable std::shared_ptr<httplib::Client> client_;  // the kept connection, made on first use
};

// Percent-encodes a query parameter value (RFC 3986 unreserved characters kept).
std::string url_encode(const std::string& value);

}  // namespace terrain::sync::detail
