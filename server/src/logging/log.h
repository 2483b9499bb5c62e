// Structured logs: one JSON object per line on stderr (journald, docker and
// log shippers read that as is).
//
// Rules: a log line carries an event name and technical facts only (route, status,
// device id, seq, position, error code, duration). It never carries personal data
// (field values, names), secrets (passwords, tokens, enrolment codes, keys) or
// request bodies, and never a client's IP address. Callers pass fields explicitly;
// there is no "dump the request" helper on purpose.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "config/config.h"

namespace terrain::server::log {

void set_level(LogLevel level);
bool enabled(LogLevel level);
// {"ts":"2024-05-01T10:00:00.123Z","level":"info","event":event, ...fields}
void write(LogLevel level, std::string_view event, const nlohmann::json& fields = {});

inline void debug(std::string_view e, const nlohmann::json& f = {}) {
  write(LogLevel::debug, e, f);
}
inline void info(std::string_view e, const nlohmann::json& f = {}) {
  write(LogLevel::info, e, f);
}
inline void warn(std::string_view e, const nlohmann::json& f = {}) {
  write(LogLevel::warn, e, f);
}
inline void error(std::string_view e, const nlohmann::json& f = {}) {
  write(LogLevel::error, e, f);
}

}  // namespace terrain::server::log
