// The conformance vectors of docs/vectors/ hold against the code: every vector's
// "expected" is what the protocol code computes from its "input" today. A changed
// vector, a changed behaviour, a lost file or a lost vector fails here.
// Regenerate with: build/default/tests/protocol/protocol_make_vectors docs/vectors
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include "vectors.h"

namespace {

using terrain::vectors::json;
namespace v = terrain::vectors;

json load(const std::string& name) {
  const std::string path = std::string(TERRAIN_SOURCE_DIR) + "/docs/vectors/" + name;
  std::ifstream f(path, std::ios::binary);
  INFO(path);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return json::parse(ss.str());
}

void check_file(const std::string& name, std::size_t at_least) {
  const json doc = load(name);
  REQUIRE(doc.at("format") == 1);
  REQUIRE(doc.at("about").is_string());
  const json& vectors = doc.at("vectors");
  CHECK(vectors.size() >= at_least);
  std::set<std::string> names;
  for (const auto& vec : vectors) {
    const std::string n = vec.at("name").get<std::string>();
    INFO(name << ": " << n);
    CHECK(names.insert(vec.at("kind").get<std::string>() + "/" + n).second);
    json got;
    try {
      got = v::compute(vec);
    } catch (const std::exception& e) {
      FAIL("the vector cannot be computed: " << e.what());
    }
    CHECK(got.dump(1) == vec.at("expected").dump(1));
  }
}

}  // namespace

TEST_CASE("conformance vectors: every file is there and every vector holds") {
  for (const auto& [name, at_least] : v::files()) {
    SECTION(name) {
      check_file(name, at_least);
    }
  }
}

TEST_CASE("conformance vectors: merge results do not depend on the order of arrival") {
  const json doc = load("merge.json");
  for (const auto& vec : doc.at("vectors")) {
    INFO(vec.at("name").get<std::string>());
    const json& in = vec.at("input");
    std::vector<std::size_t> order(in.at("changes").size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t tried = 0;
    do {
      CHECK(v::merge_in_order(in, order) == vec.at("expected"));
      ++tried;
    } while (std::next_permutation(order.begin(), order.end()) && tried < 720);
    // Duplicated arrivals change nothing (M8).
    std::vector<std::size_t> twice = order;
    twice.insert(twice.end(), order.rbegin(), order.rend());
    CHECK(v::merge_in_order(in, twice) == vec.at("expected"));
  }
}

TEST_CASE("conformance vectors: the published chain links and every refusal is a refusal") {
  const json chain = load("change_sets.json").at("vectors");
  REQUIRE(chain.size() >= 3);
  CHECK(chain[0].at("input").at("prev") == std::string(64, '0'));
  for (std::size_t i = 1; i < chain.size(); ++i) {
    CHECK(chain[i].at("input").at("seq") == chain[i - 1].at("input").at("seq").get<int>() + 1);
    CHECK(chain[i].at("input").at("prev") == chain[i - 1].at("expected").at("hash"));
  }
  for (const auto& vec : chain) CHECK(vec.at("expected").at("verifies") == true);

  // Every documented code appears, and each refusal code is a real one.
  std::set<std::string> codes;
  const json refusals = load("refusals.json");
  for (const auto& vec : refusals.at("vectors"))
    codes.insert(vec.at("expected").at("code").get<std::string>());
  for (const char* c : {"ok", "malformed", "invalid_utf8", "too_large", "too_deep", "bad_signature",
                        "hash_mismatch", "unknown_collection", "unknown_field", "schema_violation",
                        "multiple_meetings", "unsupported_version"})
    CHECK(codes.count(c) == 1);
  for (const auto& c : codes)
    if (c != "ok") CHECK(terrain::errc_from_name(c).has_value());
}
