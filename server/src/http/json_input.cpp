#include "http/json_input.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "terrain/protocol/json_guard.h"

namespace terrain::server::http {

bool is_json_content(const httplib::Request& req) {
  std::string ct = req.get_header_value("Content-Type");
  std::transform(ct.begin(), ct.end(), ct.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto semi = ct.find(';');
  std::string base = ct.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return base == "application/json";
}

Result<nlohmann::json> parse_json_body(const httplib::Request& req, const Limits& limits) {
  if (!is_json_content(req))
    return make_error(Errc::unsupported_media_type, "the request body must be application/json");
  auto j = parse_json_guarded(req.body, limits.max_change_set_bytes, limits.max_json_depth,
                              "request body");
  if (!j) return j.error();
  if (!j->is_object()) return make_error(Errc::malformed, "the request body must be a JSON object");
  return j;
}

Result<std::string> string_member(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    return make_error(Errc::invalid_argument, std::string("'") + key + "' must be a string", "",
                      key);
  return it->get<std::string>();
}

Result<std::optional<std::string>> optional_string_member(const nlohmann::json& j,
                                                          const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string())
    return make_error(Errc::invalid_argument, std::string("'") + key + "' must be a string", "",
                      key);
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<std::int64_t>> optional_int_member(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer())
    return make_error(Errc::invalid_argument, std::string("'") + key + "' must be an integer", "",
                      key);
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Result<std::uint64_t> uint_param(const httplib::Request& req, const char* name,
                                 std::uint64_t fallback) {
  if (!req.has_param(name)) return fallback;
  std::string v = req.get_param_value(name);
  std::uint64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size())
    return make_error(Errc::invalid_argument,
                      std::string("query parameter '") + name + "' must be a non-negative integer");
  return out;
}

}  // namespace terrain::server::http
