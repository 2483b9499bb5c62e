// HTTP error responses: {"error": {"code", "message", "record"?, "field"?, ...}}
// with the stable snake_case codes of terrain::Errc. Each code has ONE status
// (listed in docs/protocol-http.md): 4xx for anything the client can fix or must
// stop doing, 5xx only for the server's own failures, never for bad input.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"

namespace terrain::server::http {

int status_of(Errc code);
// The error object; `extra` members (expected_seq, server_time_ms...) are merged in.
nlohmann::json error_body(const Error& e, const nlohmann::json& extra = nlohmann::json::object());

// A handler's answer.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::optional<Errc> error;  // set on failures, for metrics and logs
  // Extra response headers (e.g. Content-Disposition of a CSV download).
  std::vector<std::pair<std::string, std::string>> headers;

  static Reply json(const nlohmann::json& j, int status = 200);
  static Reply fail(const Error& e, const nlohmann::json& extra = nlohmann::json::object());
  static Reply text(std::string body, std::string content_type);
};

}  // namespace terrain::server::http
