// Byte encodings used on the wire: lowercase hex and standard base64 (RFC 4648, padded).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace terrain {

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);  // nullopt on odd length or bad digit
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view b64);
// True when bytes are well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace terrain
