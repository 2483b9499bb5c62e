// The device's clock against the server's (docs/protocol.md §2): the one place where
// the sync layer learns the offset and where a request refused for its timestamp is
// corrected and sent again.
//
// Where the offset comes from:
//   clock_skew error (any signed request) -> adopt at once, retry the request once
//   clock_ahead error (push)              -> Replica::restamp(offset) stores it
//   pull page, enrolment answer           -> adopt when it moved by more than 10 s
// Invariant: a request is sent again only after a clock_skew answer, which the
// server gives before it looks at the device or the body, so nothing of the first
// attempt was stored or applied.
#include <cstdlib>

#include "session.h"

namespace terrain::sync::detail {

std::optional<std::int64_t> server_offset(const Transport& transport, const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("server_time_ms") || !j["server_time_ms"].is_number_integer())
    return std::nullopt;
  return j["server_time_ms"].get<std::int64_t>() - static_cast<std::int64_t>(transport.now_ms());
}

Status adopt_offset(Replica& replica, std::int64_t offset, std::int64_t min_change_ms) {
  if (std::llabs(offset - replica.clock_offset_ms()) <= min_change_ms) return {};
  return replica.set_clock_offset_ms(offset);
}

Result<nlohmann::json> Session::signed_request(const std::string& method, const std::string& target,
                                               const std::string& body, const HeaderList& headers,
                                               Details& details) {
  auto answer = transport.signed_request(replica, method, target, body, headers, details);
  if (answer || answer.error().code != Errc::clock_skew || clock_retried) return answer;
  const auto offset = server_offset(transport, details.error);
  if (!offset) return answer;
  clock_retried = true;
  TERRAIN_RETURN_IF_ERROR(adopt_offset(replica, *offset, 0));
  return transport.signed_request(replica, method, target, body, headers, details);
}

}  // namespace terrain::sync::detail
