#include "devices/device_auth.h"

#include <charconv>
#include <cstring>

#include "server.h"
#include "terrain/protocol/encoding.h"

namespace terrain::server {

std::string request_signing_bytes(std::string_view method, std::string_view target,
                                  std::string_view timestamp, std::string_view body) {
  std::string out;
  out.reserve(method.size() + target.size() + timestamp.size() + 70);
  out.append(method).append("\n").append(target).append("\n").append(timestamp).append("\n");
  out.append(hex_of(blake2b256(body)));
  return out;
}

Result<http::DevicePrincipal> authenticate_device(ServerContext& ctx, const httplib::Request& req) {
  std::string device = req.get_header_value("X-Terrain-Device");
  std::string ts_text = req.get_header_value("X-Terrain-Timestamp");
  std::string sig_b64 = req.get_header_value("X-Terrain-Signature");
  if (device.empty() || ts_text.empty() || sig_b64.empty())
    return make_error(Errc::unauthorized,
                      "signed request required: X-Terrain-Device, X-Terrain-Timestamp and "
                      "X-Terrain-Signature");
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(ts_text.data(), ts_text.data() + ts_text.size(), ts);
  if (ec != std::errc() || p != ts_text.data() + ts_text.size())
    return make_error(Errc::unauthorized, "X-Terrain-Timestamp must be Unix milliseconds");
  // Before the key lookup and the signature check: cheap, and what it tells an
  // unauthenticated caller (the server's time, which /healthz gives anyway and the
  // wrapper adds as server_time_ms) is nothing a device id or a key would reveal.
  std::int64_t skew = ts - now_ms();
  if (skew > ctx.config.request_tolerance_ms || -skew > ctx.config.request_tolerance_ms)
    return make_error(Errc::clock_skew,
                      "request timestamp is " + std::to_string(skew / 1000) +
                          " s away from the server clock: correct the clock by server_time_ms "
                          "and retry");
  auto sig_raw = from_base64(sig_b64);
  if (!sig_raw || sig_raw->size() != Signature{}.size())
    return make_error(Errc::unauthorized, "X-Terrain-Signature is not a base64 signature");
  Signature sig{};
  std::memcpy(sig.data(), sig_raw->data(), sig.size());

  auto found = ctx.store->read([&](sqlite::Database& db)
                                   -> Result<std::optional<http::DevicePrincipal>> {
    auto q = db.prepare(
        "SELECT public_key, role, scope, last_seq, last_hash, revoked_ms, is_server FROM devices "
        "WHERE device_id = ?");
    if (!q) return q.error();
    q->bind(1, device);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return std::optional<http::DevicePrincipal>();
    http::DevicePrincipal d;
    d.device_id = device;
    std::string pk = q->blob(0);
    if (pk.size() != d.public_key.size())
      return make_error(Errc::internal, "stored public key has a wrong size");
    std::memcpy(d.public_key.data(), pk.data(), pk.size());
    d.role = q->text(1);
    d.scope = nlohmann::json::parse(q->text(2), nullptr, false);
    d.last_seq = static_cast<std::uint64_t>(q->int64(3));
    d.last_hash = q->text(4);
    if (!q->is_null(5)) d.role = "revoked";
    if (q->int64(6) != 0) d.role = "server";
    return std::optional<http::DevicePrincipal>(d);
  });
  if (!found) return found.error();
  if (!found->has_value())
    return make_error(Errc::unknown_device, "device " + device + " is not registered: enrol it");
  http::DevicePrincipal d = **found;
  if (d.role == "server")
    return make_error(Errc::forbidden, "the server's own key does not sync over HTTP");
  std::string bytes = request_signing_bytes(req.method, req.target, ts_text, req.body);
  if (!verify(d.public_key, kRequestContext, bytes, sig))
    return make_error(Errc::unauthorized, "request signature does not verify");
  if (d.role == "revoked")
    return make_error(Errc::device_revoked,
                      "device " + device + " was revoked: it may no longer sync");
  return d;
}

}  // namespace terrain::server
