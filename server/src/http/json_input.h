// Reading JSON request bodies safely: content type, size, UTF-8 and depth are
// checked on the raw bytes before parsing; typed getters turn a wrong or missing
// member into invalid_argument naming it, never an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"
#include "terrain/protocol/limits.h"

namespace terrain::server::http {

// True when the Content-Type is application/json (parameters such as charset allowed).
bool is_json_content(const httplib::Request& req);
// unsupported_media_type, too_large, invalid_utf8, too_deep, malformed, or an object.
Result<nlohmann::json> parse_json_body(const httplib::Request& req, const Limits& limits);

Result<std::string> string_member(const nlohmann::json& j, const char* key);
Result<std::optional<std::string>> optional_string_member(const nlohmann::json& j, const char* key);
Result<std::optional<std::int64_t>> optional_int_member(const nlohmann::json& j, const char* key);
// Query parameter as a non-negative integer (default when absent).
Result<std::uint64_t> uint_param(const httplib::Request& req, const char* name,
                                 std::uint64_t fallback);

}  // namespace terrain::server::http
