#include "admin_session.h"

#include <httplib.h>

namespace terrain::demo {

Result<nlohmann::json> AdminSession::request(const std::string& method, const std::string& target,
                                             const nlohmann::json& body, int expected) {
  httplib::Client cli(url_);
  cli.set_read_timeout(120, 0);
  httplib::Headers h;
  if (!token_.empty()) h.emplace("Authorization", "Bearer " + token_);
  auto res = method == "POST" ? cli.Post(target.c_str(), h, body.dump(), "application/json")
                              : cli.Get(target.c_str(), h);
  if (!res) return make_error(Errc::network, "no answer from " + url_ + target);
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status != expected) {
    std::string msg = j.is_object() && j.contains("error") ? j["error"].dump() : res->body;
    return make_error(Errc::server_error, method + " " + target + " answered " +
                                              std::to_string(res->status) + ": " + msg);
  }
  if (j.is_discarded()) return make_error(Errc::malformed, target + " did not answer JSON");
  return j;
}

Status AdminSession::login(const std::string& name, const std::string& password) {
  auto r = request("POST", "/admin/login", {{"name", name}, {"password", password}}, 200);
  if (!r) return r.error();
  token_ = r->value("token", std::string());
  if (token_.empty()) return make_error(Errc::malformed, "login answered no token");
  return {};
}

Result<std::string> AdminSession::enrolment_code(const std::string& role,
                                                 const nlohmann::json& scope) {
  auto r = request("POST", "/admin/enrolment-codes", {{"role", role}, {"scope", scope}}, 201);
  if (!r) return r.error();
  return r->value("code", std::string());
}

Result<std::string> AdminSession::define_meeting(const std::string& id,
                                                 const nlohmann::json& fields) {
  nlohmann::json body = {
      {"meeting", id},
      {"changes", {{{"op", "create"}, {"collection", "meeting"}, {"id", id}, {"fields", fields}}}}};
  auto r = request("POST", "/admin/changes", body, 201);
  if (!r) return r.error();
  return id;
}

Result<nlohmann::json> AdminSession::get_json(const std::string& target) {
  return request("GET", target, nullptr, 200);
}

}  // namespace terrain::demo
