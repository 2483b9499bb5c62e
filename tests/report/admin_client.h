// An administrator talking to a real terrain-server over HTTP: logs in, creates
// enrolment codes, erases personal values, reads reports (JSON and CSV).
#pragma once

#include <stdexcept>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace terrain::test {

struct HttpReply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
};

class AdminClient {
 public:
  explicit AdminClient(std::string url) : url_(std::move(url)) {}

  void login(const std::string& name, const std::string& password) {
    auto r = post("/admin/login", {{"name", name}, {"password", password}}, false);
    if (r.status != 200) throw std::runtime_error("admin login failed: " + r.body);
    token_ = r.json().at("token").get<std::string>();
  }
  const std::string& token() const { return token_; }

  HttpReply get(const std::string& target, bool authenticated = true) const {
    httplib::Client cli(url_);
    cli.set_read_timeout(60, 0);
    httplib::Headers h;
    if (authenticated) h.emplace("Authorization", "Bearer " + token_);
    auto res = cli.Get(target.c_str(), h);
    if (!res) throw std::runtime_error("no answer from the server for " + target);
    return {res->status, res->body, res->headers};
  }

  HttpReply post(const std::string& target, const nlohmann::json& body,
                 bool authenticated = true) const {
    httplib::Client cli(url_);
    cli.set_read_timeout(60, 0);
    httplib::Headers h;
    if (authenticated) h.emplace("Authorization", "Bearer " + token_);
    auto res = cli.Post(target.c_str(), h, body.dump(), "application/json");
    if (!res) throw std::runtime_error("no answer from the server for " + target);
    return {res->status, res->body, res->headers};
  }

  std::string enrolment_code(const std::string& role, const nlohmann::json& scope) const {
    auto r = post("/admin/enrolment-codes", {{"role", role}, {"scope", scope}});
    if (r.status != 201) throw std::runtime_error("enrolment code refused: " + r.body);
    return r.json().at("code").get<std::string>();
  }

  // GET a report as JSON; throws unless 200.
  nlohmann::json report(const std::string& target) const {
    auto r = get(target);
    if (r.status != 200)
      throw std::runtime_error(target + " answered " + std::to_string(r.status) + ": " + r.body);
    return r.json();
  }

 private:
  std::string url_;
  std::string token_;
};

// "Rencontres territoriales 2024" as a query string value.
inline std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace terrain::test
