#include <catch2/catch.hpp>

#include "terrain/protocol/encoding.h"
#include "terrain/protocol/errors.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/json_guard.h"

using namespace terrain;

TEST_CASE("hex and base64 round-trip arbitrary bytes", "[encoding]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  CHECK(from_hex(to_hex(bytes)) == bytes);
  CHECK(from_base64(to_base64(bytes)) == bytes);
  CHECK(to_hex("\x01\xab") == "01ab");
  CHECK_FALSE(from_hex("abc"));
  CHECK_FALSE(from_hex("zz"));
  CHECK_FALSE(from_base64("not base64!"));
}

TEST_CASE("UTF-8 validation refuses overlongs, surrogates and truncation", "[encoding]") {
  CHECK(is_valid_utf8("Très satisfait — Île-de-France"));
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));    // emoji
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));      // truncated
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

TEST_CASE("UUIDv7 ids are canonical and ordered by time", "[ids]") {
  const std::string a = uuid_v7(1'700'000'000'000, std::string(10, '\xff'));
  const std::string b = uuid_v7(1'700'000'000'001, std::string(10, '\0'));
  CHECK(is_uuid(a));
  CHECK(a[14] == '7');
  CHECK(a < b);
  CHECK(is_uuid(new_uuid_v7()));
  CHECK_FALSE(is_uuid("0193A2B3-C4D5-7000-8000-000000000000"));
  CHECK_FALSE(is_uuid("not-a-uuid"));
}

TEST_CASE("JSON guard checks size, UTF-8 and depth before parsing", "[json]") {
  CHECK(check_json_bytes(R"({"a":[1,2,{"b":"]]]]"}]})", 1000, 3).ok());
  CHECK(check_json_bytes(std::string(100, '['), 1000, 32).code() == Errc::too_deep);
  CHECK(check_json_bytes(R"({"a":"\"[[[["})", 1000, 1).ok());  // brackets inside strings
  CHECK(check_json_bytes(std::string(2000, ' '), 1000, 32).code() == Errc::too_large);
  CHECK(check_json_bytes("\"\xC0\xAF\"", 1000, 32).code() == Errc::invalid_utf8);
  auto bad = parse_json_guarded("{\"a\":", 1000, 32, "request");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == Errc::malformed);
  CHECK(bad.error().message == "request is not valid JSON");
  // A million nested arrays are refused without recursion.
  CHECK(check_json_bytes(std::string(1'000'000, '['), 2'000'000, 32).code() == Errc::too_deep);
}

TEST_CASE("Duplicate member names are found in any object, after unescaping", "[json]") {
  CHECK_FALSE(duplicate_member_name(R"({"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]})"));
  CHECK_FALSE(duplicate_member_name(R"({"a":"a","b":["a","a"],"c":"\"a\":1,"})"));
  CHECK_FALSE(duplicate_member_name(R"([1,"x",{"k":{}}])"));
  CHECK(duplicate_member_name(R"({"a":1,"a":2})") == "a");
  CHECK(duplicate_member_name(R"({"x":{"f":{"v":1,"h":"0","v":2}}})") == "v");
  CHECK(duplicate_member_name(R"([{"ok":1},{"b":[1,{}],"b":0}])") == "b");
  CHECK(duplicate_member_name(R"({"a":1,"\u0061":2})") == "a");  // the same name escaped
  CHECK(duplicate_member_name(R"({"\"":1,"\u0022":2})") == "\"");
  // A large object: found beyond the linear search too.
  std::string big = "{";
  for (int i = 0; i < 500; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  CHECK_FALSE(duplicate_member_name(big + "\"end\":0}"));
  CHECK(duplicate_member_name(big + "\"k7\":0}") == "k7");
}

TEST_CASE("Error codes have stable names and a transient flag", "[errors]") {
  CHECK(errc_name(Errc::schema_violation) == "schema_violation");
  CHECK(errc_from_name("clock_ahead") == Errc::clock_ahead);
  CHECK_FALSE(errc_from_name("no_such_code"));
  CHECK(errc_is_transient(Errc::network));
  CHECK_FALSE(errc_is_transient(Errc::bad_signature));
  for (int i = 0; i <= static_cast<int>(kLastErrc); ++i) {
    auto c = static_cast<Errc>(i);
    CHECK(errc_from_name(errc_name(c)) == c);
  }
  Error e = make_error(Errc::schema_violation, "must be a string", "attendance/x", "role");
  CHECK(e.to_string() == "schema_violation: attendance/x: field 'role': must be a string");
}
