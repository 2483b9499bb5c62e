// Checks raw JSON bytes before any recursive parser or dumper sees them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "terrain/protocol/errors.h"
#include "terrain/protocol/limits.h"

namespace terrain {

// Size, UTF-8 validity and nesting depth of raw bytes (a linear scan that tracks
// strings and escapes; no recursion).
Status check_json_bytes(std::string_view bytes, std::size_t max_bytes, std::size_t max_depth);
// check_json_bytes, then parse. `what` names the input in error messages.
Result<nlohmann::json> parse_json_guarded(std::string_view bytes, std::size_t max_bytes,
                                          std::size_t max_depth, std::string_view what);
// The first member name that appears twice in one object of `bytes`, or nullopt.
// `bytes` must be valid JSON (parse it first); names are compared after unescaping.
// A linear scan, no recursion. RFC 8259 leaves duplicate names undefined and
// parsers disagree (the first or the last wins), so signed bytes must have none.
std::optional<std::string> duplicate_member_name(std::string_view bytes);
// Depth of an already parsed value (iterative).
std::size_t json_depth(const nlohmann::json& j);

}  // namespace terrain
