#include "terrain/protocol/json_guard.h"

#include <set>
#include <vector>

#include "terrain/protocol/encoding.h"

namespace terrain {

Status check_json_bytes(std::string_view bytes, std::size_t max_bytes, std::size_t max_depth) {
  if (bytes.size() > max_bytes)
    return make_error(Errc::too_large, "JSON of " + std::to_string(bytes.size()) +
                                           " bytes exceeds the limit of " +
                                           std::to_string(max_bytes) + " bytes");
  if (!is_valid_utf8(bytes)) return make_error(Errc::invalid_utf8, "JSON text is not valid UTF-8");
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // skip the escaped character
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        if (++depth > max_depth)
          return make_error(Errc::too_deep,
                            "JSON nested deeper than " + std::to_string(max_depth) + " levels");
        break;
      case '}':
      case ']':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return Status::Ok();
}

Result<nlohmann::json> parse_json_guarded(std::string_view bytes, std::size_t max_bytes,
                                          std::size_t max_depth, std::string_view what) {
  if (auto st = check_json_bytes(bytes, max_bytes, max_depth); !st.ok()) {
    Error e = st.error();
    e.message = std::string(what) + ": " + e.message;
    return e;
  }
  auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    return make_error(Errc::malformed, std::string(what) + " is not valid JSON");
  return j;
}

std::optional<std::string> duplicate_member_name(std::string_view bytes) {
  struct Frame {
    bool object = false;
    bool expect_name = false;
    std::vector<std::string> names;  // linear search while small
    std::set<std::string> many;      // then a set (an object may have many members)
    bool insert(std::string name) {
      constexpr std::size_t kLinear = 32;
      if (names.size() < kLinear) {
        for (const auto& n : names)
          if (n == name) return false;
        names.push_back(std::move(name));
        if (names.size() == kLinear) many.insert(names.begin(), names.end());
        return true;
      }
      return many.insert(std::move(name)).second;
    }
  };
  std::vector<Frame> stack;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    switch (c) {
      case '{':
        stack.emplace_back();
        stack.back().object = true;
        stack.back().expect_name = true;
        break;
      case '[':
        stack.emplace_back();
        break;
      case '}':
      case ']':
        if (!stack.empty()) stack.pop_back();
        break;
      case ',':
        if (!stack.empty() && stack.back().object) stack.back().expect_name = true;
        break;
      case '"': {
        const std::size_t start = i + 1;
        bool escaped = false;
        for (++i; i < bytes.size() && bytes[i] != '"'; ++i)
          if (bytes[i] == '\\') {
            escaped = true;
            ++i;
          }
        if (stack.empty() || !stack.back().object || !stack.back().expect_name) break;
        stack.back().expect_name = false;
        std::string name(bytes.substr(start, i - start));
        if (escaped) {
          // "\u0061" and "a" are one name: compare the decoded text.
          auto decoded = nlohmann::json::parse("\"" + name + "\"", nullptr, false);
          if (decoded.is_string()) name = decoded.get<std::string>();
        }
        if (!stack.back().insert(name)) return name;
        break;
      }
      default:
        break;
    }
  }
  return std::nullopt;
}

std::size_t json_depth(const nlohmann::json& root) {
  std::size_t max_depth = 0;
  std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [j, d] = stack.back();
    stack.pop_back();
    if (!j->is_structured()) continue;
    if (d > max_depth) max_depth = d;
    for (const auto& child : *j) stack.emplace_back(&child, d + 1);
  }
  return max_depth;
}

}  // namespace terrain
