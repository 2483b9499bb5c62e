#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace terrain::server {
namespace {

struct Option {
  const char* key;  // file key; flag is --key-with-dashes, env TERRAIN_KEY
  const char* help;
  std::function<Status(ServerConfig&, const std::string&)> set;
};

template <class T>
Status parse_number(const std::string& key, const std::string& text, T& out, T min, T max) {
  T v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < min || v > max) {
    return make_error(Errc::invalid_argument,
                      "setting '" + key + "': '" + text + "' is not a number between " +
                          std::to_string(min) + " and " + std::to_string(max));
  }
  out = v;
  return {};
}

template <class T>
std::function<Status(ServerConfig&, const std::string&)> number(const char* key, T ServerConfig::*m,
                                                                T min, T max) {
  return [=](ServerConfig& c, const std::string& v) {
    return parse_number<T>(key, v, c.*m, min, max);
  };
}

template <class T>
std::function<Status(ServerConfig&, const std::string&)> limit(const char* key, T Limits::*m, T min,
                                                               T max) {
  return [=](ServerConfig& c, const std::string& v) {
    return parse_number<T>(key, v, c.limits.*m, min, max);
  };
}

std::function<Status(ServerConfig&, const std::string&)> text(std::string ServerConfig::*m) {
  return [=](ServerConfig& c, const std::string& v) {
    c.*m = v;
    return Status{};
  };
}

const std::vector<Option>& options() {
  static const std::vector<Option> opts = {
      {"bind", "Address to listen on (default 127.0.0.1).", text(&ServerConfig::bind_address)},
      {"port", "TCP port (default 8443).", number<int>("port", &ServerConfig::port, 1, 65535)},
      {"data", "Data directory: terrain.db (SQLite) and server.key (required).",
       text(&ServerConfig::data_dir)},
      {"tls_cert", "PEM certificate chain; with tls_key the server speaks HTTPS.",
       text(&ServerConfig::tls_cert)},
      {"tls_key", "PEM private key of the certificate.", text(&ServerConfig::tls_key)},
      {"max_body_bytes", "Largest request body, bytes (default 8 MiB).",
       limit<std::size_t>("max_body_bytes", &Limits::max_change_set_bytes, 1024, 64u << 20)},
      {"max_unauthenticated_body_bytes",
       "Largest body of a request sent without credentials (enrolment, admin login), bytes "
       "(default 16 KiB).",
       number<std::size_t>("max_unauthenticated_body_bytes",
                           &ServerConfig::max_unauthenticated_body_bytes, 1024, 64u << 20)},
      {"max_changes_per_set", "Most changes in one change set (default 1000).",
       limit<std::size_t>("max_changes_per_set", &Limits::max_changes_per_set, 1, 100000)},
      {"max_fields_per_change", "Most fields written by one change (default 64).",
       limit<std::size_t>("max_fields_per_change", &Limits::max_fields_per_change, 1, 10000)},
      {"max_value_bytes", "Largest field value as JSON text, bytes (default 40 KiB).",
       limit<std::size_t>("max_value_bytes", &Limits::max_value_bytes, 16, 16u << 20)},
      {"max_json_depth", "Deepest JSON nesting accepted (default 32).",
       limit<std::size_t>("max_json_depth", &Limits::max_json_depth, 4, 256)},
      {"clock_tolerance_ms",
       "A change stamped more than this ahead of the server clock is refused "
       "(clock_ahead; default 300000).",
       limit<std::int64_t>("clock_tolerance_ms", &Limits::max_clock_ahead_ms, 0,
                           std::int64_t{365} * 24 * 3600 * 1000)},
      {"request_tolerance_ms", "Allowed skew of a signed request's timestamp (default 900000).",
       number<std::int64_t>("request_tolerance_ms", &ServerConfig::request_tolerance_ms, 1000,
                            std::int64_t{7} * 24 * 3600 * 1000)},
      {"read_timeout_s", "Seconds to wait for a client's request bytes (default 30).",
       number<int>("read_timeout_s", &ServerConfig::read_timeout_s, 1, 3600)},
      {"write_timeout_s", "Seconds to wait while sending a response (default 30).",
       number<int>("write_timeout_s", &ServerConfig::write_timeout_s, 1, 3600)},
      {"threads", "Requests handled at once, and HTTP worker threads always ready (default 8).",
       number<int>("threads", &ServerConfig::threads, 1, 256)},
      {"max_threads",
       "Most HTTP worker threads, one per open connection; more connections wait "
       "(default 512).",
       number<int>("max_threads", &ServerConfig::max_threads, 1, 65536)},
      {"body_memory_bytes",
       "Memory all request bodies being received may take at once, bytes (default 128 MiB).",
       number<std::size_t>("body_memory_bytes", &ServerConfig::body_memory_bytes, 64u << 10,
                           std::size_t{64} << 30)},
      {"pull_page_entries", "Most entries in one pull page (default 200).",
       number<std::size_t>("pull_page_entries", &ServerConfig::pull_page_entries, 1, 100000)},
      {"pull_page_bytes", "Approximate largest pull page, bytes (default 4 MiB).",
       number<std::size_t>("pull_page_bytes", &ServerConfig::pull_page_bytes, 1024, 256u << 20)},
      {"pwhash_opslimit", "argon2id passes for admin passwords (default 3).",
       number<std::uint64_t>("pwhash_opslimit", &ServerConfig::pwhash_opslimit, 1, 64)},
      {"pwhash_memlimit", "argon2id memory for admin passwords, bytes (default 256 MiB).",
       number<std::uint64_t>("pwhash_memlimit", &ServerConfig::pwhash_memlimit, 8192,
                             std::uint64_t{4} << 30)},
      {"session_ttl_s", "Lifetime of an administrator session, seconds (default 28800).",
       number<std::int64_t>("session_ttl_s", &ServerConfig::session_ttl_s, 1, 30 * 86400)},
      {"enrolment_code_ttl_s", "Default lifetime of an enrolment code, seconds (default 604800).",
       number<std::int64_t>("enrolment_code_ttl_s", &ServerConfig::enrolment_code_ttl_s, 1,
                            365 * 86400)},
      {"auth_failures_per_window",
       "Failed enrolments or admin logins allowed per address per window (default 10).",
       number<int>("auth_failures_per_window", &ServerConfig::auth_failures_per_window, 1,
                   1000000)},
      {"auth_failure_window_s", "Window of the failure limit, seconds (default 900).",
       number<std::int64_t>("auth_failure_window_s", &ServerConfig::auth_failure_window_s, 1,
                            86400)},
      {"requests_per_minute", "Requests allowed per address per minute (default 30000).",
       number<int>("requests_per_minute", &ServerConfig::requests_per_minute, 1, 100000000)},
      {"metrics_token", "Bearer token required by /metrics (default: none).",
       text(&ServerConfig::metrics_token)},
      {"console_dir",
       "The built web console served at /console/ (default: console/dist of the source tree; "
       "empty: no console).",
       text(&ServerConfig::console_dir)},
      {"log_level", "debug, info, warn or error (default info).",
       [](ServerConfig& c, const std::string& v) -> Status {
         static const std::map<std::string, LogLevel> m = {{"debug", LogLevel::debug},
                                                           {"info", LogLevel::info},
                                                           {"warn", LogLevel::warn},
                                                           {"error", LogLevel::error}};
         auto it = m.find(v);
         if (it == m.end())
           return make_error(Errc::invalid_argument,
                             "setting 'log_level': '" + v + "' is not debug, info, warn or error");
         c.log_level = it->second;
         return {};
       }},
      {"trust_forwarded_for",
       "true behind a reverse proxy: the last X-Forwarded-For hop is the client address "
       "(default false).",
       [](ServerConfig& c, const std::string& v) -> Status {
         if (v != "true" && v != "false" && v != "1" && v != "0")
           return make_error(Errc::invalid_argument,
                             "setting 'trust_forwarded_for': '" + v + "' is not true or false");
         c.trust_forwarded_for = v == "true" || v == "1";
         return {};
       }},
      {"initial_admin",
       "true: at first start without administrators, create 'admin' and print its "
       "password once (default true).",
       [](ServerConfig& c, const std::string& v) -> Status {
         if (v == "true" || v == "1") {
           c.initial_admin = true;
         } else if (v == "false" || v == "0") {
           c.initial_admin = false;
         } else {
           return make_error(Errc::invalid_argument,
                             "setting 'initial_admin': '" + v + "' is not true or false");
         }
         return {};
       }},
  };
  return opts;
}

const Option* find_option(const std::string& key) {
  for (const auto& o : options())
    if (key == o.key) return &o;
  return nullptr;
}

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string env_name(const std::string& key) {
  std::string e = "TERRAIN_";
  for (char c : key) e += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

Status apply_file(ServerConfig& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(Errc::io, "cannot read configuration file " + path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos)
      return make_error(Errc::invalid_argument,
                        path + ":" + std::to_string(n) + ": expected `key = value`");
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    const Option* o = find_option(key);
    if (!o)
      return make_error(Errc::invalid_argument,
                        path + ":" + std::to_string(n) + ": unknown setting '" + key + "'");
    TERRAIN_RETURN_IF_ERROR(o->set(c, value));
  }
  return {};
}

}  // namespace

std::string_view log_level_name(LogLevel l) {
  switch (l) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::string config_help() {
  std::ostringstream out;
  out << "Settings (flag --name-with-dashes VALUE, environment TERRAIN_NAME, or `name = value`\n"
         "in the file given by --config FILE / TERRAIN_CONFIG; flags win over the environment,\n"
         "which wins over the file):\n\n";
  for (const auto& o : options()) {
    std::string flag = std::string("--") + o.key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    out << "  " << flag;
    if (flag.size() < 26) out << std::string(26 - flag.size(), ' ');
    out << " " << o.help << "\n";
    out << "  " << std::string(26, ' ') << " env " << env_name(o.key) << "\n";
  }
  return out.str();
}

Result<ServerConfig> load_config(const std::vector<std::string>& args) {
  // Flags first into a map, so the file named by --config can be read before them.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_file;
  if (const char* e = std::getenv("TERRAIN_CONFIG")) config_file = e;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a.rfind("--", 0) != 0)
      return make_error(Errc::invalid_argument, "unexpected argument '" + a + "'");
    std::string name = a.substr(2);
    std::string value;
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= args.size())
        return make_error(Errc::invalid_argument, "flag " + a + " needs a value");
      value = args[++i];
    }
    std::replace(name.begin(), name.end(), '-', '_');
    if (name == "config") {
      config_file = value;
      continue;
    }
    if (!find_option(name)) return make_error(Errc::invalid_argument, "unknown flag " + a);
    flags.emplace_back(name, value);
  }
  ServerConfig c;
  if (!config_file.empty()) TERRAIN_RETURN_IF_ERROR(apply_file(c, config_file));
  for (const auto& o : options()) {
    if (const char* e = std::getenv(env_name(o.key).c_str())) {
      TERRAIN_RETURN_IF_ERROR(o.set(c, e));
    }
  }
  for (const auto& [k, v] : flags) TERRAIN_RETURN_IF_ERROR(find_option(k)->set(c, v));
  if (c.data_dir.empty())
    return make_error(Errc::invalid_argument, "no data directory: pass --data DIR");
  if (c.tls_cert.empty() != c.tls_key.empty())
    return make_error(Errc::invalid_argument, "tls_cert and tls_key go together");
  Limits defaults;
  if (c.limits.max_change_set_bytes > defaults.max_change_set_bytes ||
      c.limits.max_json_depth > defaults.max_json_depth ||
      c.limits.max_changes_per_set > defaults.max_changes_per_set ||
      c.limits.max_fields_per_change > defaults.max_fields_per_change ||
      c.limits.max_value_bytes > defaults.max_value_bytes)
    return make_error(Errc::invalid_argument,
                      "limits may only be tightened: tablets seal with the protocol's limits");
  // Never above the authenticated limit (a tightened max_body_bytes tightens both).
  c.max_unauthenticated_body_bytes =
      std::min(c.max_unauthenticated_body_bytes, c.limits.max_change_set_bytes);
  c.max_threads = std::max(c.max_threads, c.threads);
  return c;
}

}  // namespace terrain::server
