// Reading schemas/ from the source tree in the schema tests.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace terrain::test {

// schemas/ in the source tree (the test environment sets TERRAIN_SOURCE_DIR).
inline std::filesystem::path schemas_dir() {
  const char* src = std::getenv("TERRAIN_SOURCE_DIR");
  if (src == nullptr) throw std::runtime_error("TERRAIN_SOURCE_DIR is not set");
  return std::filesystem::path(src) / "schemas";
}

inline nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return nlohmann::json::parse(bytes.str());
}

// The .json files directly in `dir`, sorted by name (empty if `dir` does not exist).
inline std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The codes of a reference file's items, in order.
inline std::vector<nlohmann::json> codes_of(const nlohmann::json& reference) {
  std::vector<nlohmann::json> out;
  for (const auto& item : reference.at("items")) out.push_back(item.at("code"));
  return out;
}

}  // namespace terrain::test
