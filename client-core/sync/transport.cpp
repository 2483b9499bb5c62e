#include "transport.h"

#include <httplib.h>

#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain::sync::detail {

Transport::Transport(std::string base_url, const SyncOptions& options)
    : base_url_(std::move(base_url)), options_(options) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::uint64_t Transport::now_ms() const {
  return options_.clock ? options_.clock() : system_clock_ms()();
}

std::string url_encode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Result<nlohmann::json> Transport::post(const std::string& target, const nlohmann::json& body,
                                       Details& details) const {
  return send("POST", target, body.dump(), {}, details);
}

Result<nlohmann::json> Transport::signed_request(Replica& replica, const std::string& method,
                                                 const std::string& target, const std::string& body,
                                                 const HeaderList& headers,
                                                 Details& details) const {
  const std::int64_t ts = static_cast<std::int64_t>(now_ms()) + replica.clock_offset_ms();
  const std::string ts_text = std::to_string(ts);
  const std::string bytes =
      method + "\n" + target + "\n" + ts_text + "\n" + hex_of(blake2b256(body));
  auto sig = replica.sign_request(bytes);
  if (!sig) return sig.error();
  HeaderList all = {
      {"X-Terrain-Device", replica.device_id()},
      {"X-Terrain-Timestamp", ts_text},
      {"X-Terrain-Signature",
       to_base64(std::string_view(reinterpret_cast<const char*>(sig->data()), sig->size()))}};
  all.insert(all.end(), headers.begin(), headers.end());
  return send(method, target, body, all, details);
}

httplib::Client& Transport::client() const {
  if (client_) return *client_;
  client_ = std::make_shared<httplib::Client>(base_url_);
  httplib::Client& cli = *client_;
  cli.set_keep_alive(true);
  cli.set_tcp_nodelay(true);  // a request is written in pieces: no Nagle delay between them
  cli.set_connection_timeout(options_.connect_timeout_ms / 1000,
                             (options_.connect_timeout_ms % 1000) * 1000);
  cli.set_read_timeout(options_.read_timeout_ms / 1000, (options_.read_timeout_ms % 1000) * 1000);
  cli.set_write_timeout(options_.read_timeout_ms / 1000, (options_.read_timeout_ms % 1000) * 1000);
  if (base_url_.rfind("https://", 0) == 0) {
    if (!options_.ca_file.empty()) cli.set_ca_cert_path(options_.ca_file.c_str());
    cli.enable_server_certificate_verification(true);
  }
  return cli;
}

Result<nlohmann::json> Transport::send(const std::string& method, const std::string& target,
                                       const std::string& body, const HeaderList& headers,
                                       Details& details) const {
  details.error = nlohmann::json::object();
  httplib::Client& cli = client();
  if (!cli.is_valid()) return make_error(Errc::invalid_argument, "not a server URL: " + base_url_);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  httplib::Result res = method == "GET" ? cli.Get(target.c_str(), h)
                                        : cli.Post(target.c_str(), h, body, "application/json");
  if (!res) {
    client_.reset();  // a fresh connection for the next request
    const auto err = res.error();
    if (err == httplib::Error::SSLServerVerification || err == httplib::Error::SSLLoadingCerts)
      return make_error(Errc::certificate, "the server's TLS certificate is not trusted (" +
                                               httplib::to_string(err) + "): check the CA file");
    return make_error(Errc::network,
                      "no answer from " + base_url_ + " (" + httplib::to_string(err) + ")");
  }
  auto json = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status >= 200 && res->status < 300) {
    if (json.is_discarded() || !json.is_object())
      return make_error(Errc::malformed, "the server answered something that is not JSON");
    return json;
  }
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    details.error = json["error"];
    const auto& e = details.error;
    std::string name = e.value("code", "");
    auto code = errc_from_name(name);
    return make_error(code ? *code : Errc::server_error, e.value("message", name),
                      e.value("record", ""), e.value("field", ""));
  }
  return make_error(res->status >= 500 ? Errc::server_error : Errc::malformed,
                    "HTTP " + std::to_string(res->status) + " without a Terrain error");
}

}  // namespace terrain::sync::detail
