// Writes the conformance vectors of docs/vectors/ (see docs/vectors/README.md):
//   protocol_make_vectors <output directory>
// Inputs are fixed here (fixed keys, fixed times, fixed salts); every "expected" is
// computed by the real protocol code (vectors.h), so the files are correct by
// construction. vectors_test.cpp checks the committed files against the code.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "vectors.h"

namespace {

using terrain::Hlc;
using terrain::to_hex;
using terrain::vectors::json;
using ordered = nlohmann::ordered_json;
namespace v = terrain::vectors;

const std::string kMeeting = "0193a2b3-c4d5-7000-8000-000000000001";
const std::string kOtherMeeting = "0193a2b3-c4d5-7000-8000-000000000002";
const std::string kRecord = "0193a2b3-c4d6-7abc-9def-0123456789ab";
const std::string kZeros(64, '0');
constexpr std::uint64_t kT0 = 0x193a2b3c4d6;  // every vector's base time (December 2024)

std::string A() {
  return v::device_of("A");
}
std::string B() {
  return v::device_of("B");
}
std::string C() {
  return v::device_of("C");
}
// A timestamp text: device, milliseconds after kT0, counter.
std::string t(const std::string& device, std::uint64_t dms, std::uint32_t counter = 0) {
  return Hlc{kT0 + dms, counter, device}.to_string();
}

struct File {
  std::string name;
  std::string about;
  std::vector<ordered> vectors;

  void add(const std::string& vname, const std::string& kind, const json& input,
           const std::string& note = {}) {
    ordered o;
    o["name"] = vname;
    o["kind"] = kind;
    if (!note.empty()) o["note"] = note;
    o["input"] = ordered::parse(input.dump());
    json vec = {{"kind", kind}, {"input", input}};
    try {
      o["expected"] = ordered::parse(v::compute(vec).dump());
    } catch (const std::exception& e) {
      throw std::runtime_error(name + ": " + vname + ": " + e.what() + " in " + input.dump());
    }
    vectors.push_back(std::move(o));
  }
  void write(const std::string& dir) const {
    ordered out;
    out["about"] = about;
    out["format"] = 1;
    out["vectors"] = vectors;
    std::ofstream f(dir + "/" + name, std::ios::binary);
    f << out.dump(2) << "\n";
    if (!f) throw std::runtime_error("cannot write " + dir + "/" + name);
  }
};

// ---- encoding -------------------------------------------------------------------

File encoding() {
  File f{"encoding.json",
         "Byte encodings. json_text: the compact text the reference writer produces for a "
         "JSON value (inline values, detached value texts); receivers never re-serialise, so "
         "this is needed only to reproduce the reference bytes exactly. utf8: the validity "
         "rule applied to every text. base64/base64_decode: RFC 4648 standard alphabet with "
         "padding. uuid_v7/uuid_check: record ids.",
         {}};
  auto jt = [&](const std::string& n, const std::string& text, const std::string& note = {}) {
    f.add(n, "json_text", {{"json", text}}, note);
  };
  jt("object keys sorted, no white space", R"({ "b" : 1, "a" : [ 1 , 2 ] })");
  jt("key order is byte order of the UTF-8 names",
     R"({"b":0,"B":0,"_":0,"\u00e9":0,"a1":0,"a":0,"Z":0})");
  jt("string escapes: only quote, backslash and control characters",
     R"("q\" b\\ s\/ t\t n\n r\r b\b f\f c\u0001 d\u007f")",
     "control characters without a short escape are written \\u00XX with lowercase hex; "
     "the solidus and DEL are not escaped");
  jt("non-ASCII is written as raw UTF-8", R"("\u00c9lo\u00efse B\u00e9nard")");
  jt("astral characters and U+2028 raw", R"("\ud83d\ude00 \u2028")");
  jt("integers", R"([0,-1,9007199254740993,18446744073709551615,-9223372036854775808])");
  jt("numbers with a fraction or exponent", R"([1.5,0.1,1.0,1e2,-0.0,1e300,2.5e-8])",
     "a number written with a fraction or an exponent stays a floating-point number and is "
     "written in its shortest round-trip form; counters and seq must be integers");
  jt("literals and empty containers", R"([true,false,null,{},[],""])");
  jt("a name", R"("Claire Martin")");
  jt("nested object inside an array", R"([{"z":{"y":1,"x":2}}])");

  auto u8 = [&](const std::string& n, const std::string& hex) {
    f.add(n, "utf8", {{"bytes_hex", hex}});
  };
  u8("empty", "");
  u8("ASCII", "74657272");
  u8("two-byte e acute", "c3a9");
  u8("three-byte euro sign", "e282ac");
  u8("four-byte emoji", "f09f9880");
  u8("U+10FFFF, the greatest code point", "f48fbfbf");
  u8("overlong two-byte slash", "c0af");
  u8("overlong three-byte slash", "e080af");
  u8("UTF-16 surrogate D800", "eda080");
  u8("above U+10FFFF", "f4908080");
  u8("truncated three-byte sequence", "e282");
  u8("lone continuation byte", "80");
  u8("five-byte lead byte", "f888808080");
  u8("0xff", "ff");

  auto b64 = [&](const std::string& n, const std::string& hex) {
    f.add(n, "base64", {{"bytes_hex", hex}});
  };
  b64("empty", "");
  b64("one byte", "66");
  b64("two bytes", "666f");
  b64("three bytes", "666f6f");
  b64("bytes that use + and /", "fbff3e3f");
  auto b64d = [&](const std::string& n, const std::string& text) {
    f.add(n, "base64_decode", {{"base64", text}});
  };
  b64d("padded", "Zg==");
  b64d("padding missing", "Zg");
  b64d("padding short", "Zg=");
  b64d("white space inside", "Z g==");
  b64d("line break at the end", "Zm9v\n");
  b64d("URL-safe alphabet", "-_-_");
  b64d("standard alphabet + and /", "+/+/");

  f.add("uuid v7 from time and 10 random bytes", "uuid_v7",
        {{"unix_ms", 1700000000000ULL}, {"random_hex", "00112233445566778899"}},
        "bytes 0-5 the time (big-endian), then the random bytes with the version nibble "
        "forced to 7 and the variant bits to 10");
  f.add("uuid v7, random bytes all ones", "uuid_v7",
        {{"unix_ms", 1732345678901ULL}, {"random_hex", "ffffffffffffffffffff"}});
  for (const auto& [n, text] : std::vector<std::pair<std::string, std::string>>{
           {"lowercase UUID", kRecord},
           {"uppercase UUID refused", "0193A2B3-C4D6-7ABC-9DEF-0123456789AB"},
           {"without dashes refused", "0193a2b3c4d67abc9def0123456789ab"},
           {"with braces refused", "{0193a2b3-c4d6-7abc-9def-0123456789ab}"},
           {"any version accepted", "0193a2b3-c4d6-4abc-9def-0123456789ab"}})
    f.add(n, "uuid_check", {{"text", text}});
  return f;
}

// ---- hashes ---------------------------------------------------------------------

// The worked example of docs/protocol.md §3.5.
const std::string kExampleBody =
    R"({"terrain":1,"device":"d1e8c844ddc848fa","seq":2,"prev":"943ba20724e837a6058215425efde5c9ab28538a077dfed136500ddf34378034","schema":1,"meeting":"01a227b9-7895-722e-a62c-bf7a592efafe","changes":[{"op":"create","c":"attendance","id":"01a227b9-8318-7af3-8df5-2236f1e7cbf5","t":"01a227b98319.0000.d1e8c844ddc848fa","cl":1,"f":{"actor_type":{"v":"mdph"},"consent":{"v":true},"display_name":{"h":"152d9b1131b3c326de55986f1aae44ec3b64c095e461aff8eed2a80d9a29e87e"},"meeting":{"v":"01a227b9-7895-722e-a62c-bf7a592efafe"}}}]})";

File hashes() {
  File f{"hashes.json",
         "BLAKE2b with a 32-byte output and no key. blake2b256: of bytes (a change set's hash "
         "is this over its body bytes). value_hash: of salt bytes || the value's JSON text "
         "(a detached value's name). device_id: the first 8 bytes of the hash of the 32-byte "
         "public key, as 16 lowercase hex digits.",
         {}};
  f.add("empty input", "blake2b256", {{"bytes_hex", ""}});
  f.add("abc", "blake2b256", {{"text", "abc"}});
  f.add("one zero byte", "blake2b256", {{"bytes_hex", "00"}});
  f.add("the worked example's body (protocol.md 3.5)", "blake2b256", {{"text", kExampleBody}},
        "the change set's hash, the next change set's prev");
  f.add("the worked example's detached name", "value_hash",
        {{"salt_hex", "6f1fcfba0f5faec7d73ec5df9b696664"}, {"json", "\"Claire Martin\""}},
        "the JSON text includes its quotes");
  f.add("a detached value with non-ASCII text", "value_hash",
        {{"salt_hex", "000102030405060708090a0b0c0d0e0f"}, {"json", "\"Éloïse Bénard\""}});
  f.add("the worked example's device", "device_id",
        {{"public_key", "cd6419248b6729fd116d62b11eea801293cf18d20ef98c70a549fc2f802c5e1d"}});
  for (const char* who : {"A", "B", "C", "server"})
    f.add(std::string("vector key ") + who, "device_id",
          {{"public_key", v::pk_hex(v::keypair_from_seed(v::seeds().at(who)).public_key)}});
  return f;
}

// ---- signatures -----------------------------------------------------------------

const std::string kRfc8032Seed1 =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const std::string kRfc8032Seed2 =
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";

File signatures() {
  File f{"signatures.json",
         "Ed25519 (RFC 8032, deterministic). keypair: a 32-byte seed gives the public key and "
         "libsodium's 64-byte secret key (seed || public key). sign: the signature of "
         "context || message (context is one of the four domain strings of protocol.md §1, "
         "each ending with a line feed; empty for the plain RFC 8032 vectors). verify: "
         "whether a signature verifies.",
         {}};
  for (const char* who : {"A", "B", "C", "server"})
    f.add(std::string("vector key ") + who, "keypair", {{"seed", v::seeds().at(who)}});
  f.add("RFC 8032 test 1 seed", "keypair", {{"seed", kRfc8032Seed1}});
  f.add("RFC 8032 test 1 (empty message, no context)", "sign",
        {{"seed", kRfc8032Seed1}, {"context", ""}, {"message_hex", ""}},
        "identical to RFC 8032 section 7.1 TEST 1");
  f.add("RFC 8032 test 2 (one byte, no context)", "sign",
        {{"seed", kRfc8032Seed2}, {"context", ""}, {"message_hex", "72"}},
        "identical to RFC 8032 section 7.1 TEST 2");
  const std::string msg = R"({"terrain":1,"device":")" + A() + R"(","seq":1})";
  for (const auto& ctx : {terrain::kChangeSetContext, terrain::kReceiptContext,
                          terrain::kRetractionContext, terrain::kRequestContext})
    f.add(
        "device A signs the same bytes under context " + std::string(ctx.substr(0, ctx.size() - 1)),
        "sign", {{"seed", v::seeds().at("A")}, {"context", std::string(ctx)}, {"message", msg}},
        "one message, four contexts, four different signatures");
  // verify: a good one and its broken variants.
  const terrain::KeyPair a = v::keypair_from_seed(v::seeds().at("A"));
  const terrain::KeyPair b = v::keypair_from_seed(v::seeds().at("B"));
  const auto good = terrain::sign(a.secret_key, terrain::kChangeSetContext, msg);
  std::string flipped = v::sig_b64(good);
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  auto ver = [&](const std::string& n, const terrain::PublicKey& pk, std::string_view ctx,
                 const std::string& m, const std::string& sig) {
    f.add(n, "verify",
          {{"public_key", v::pk_hex(pk)},
           {"context", std::string(ctx)},
           {"message", m},
           {"signature_base64", sig}});
  };
  ver("good signature", a.public_key, terrain::kChangeSetContext, msg, v::sig_b64(good));
  ver("signature presented under another context", a.public_key, terrain::kReceiptContext, msg,
      v::sig_b64(good));
  ver("context without its line feed", a.public_key, "terrain/change-set/v1", msg,
      v::sig_b64(good));
  ver("one bit of the signature changed", a.public_key, terrain::kChangeSetContext, msg, flipped);
  ver("another device's key", b.public_key, terrain::kChangeSetContext, msg, v::sig_b64(good));
  ver("message with one more space", a.public_key, terrain::kChangeSetContext,
      R"({"terrain":1, "device":")" + A() + R"(","seq":1})", v::sig_b64(good));
  return f;
}

// ---- change sets ----------------------------------------------------------------

File change_sets() {
  File f{"change_sets.json",
         "Whole signed change sets of device A (seed in signatures.json), a chain of three: "
         "structured input (f is a list, in the writer's order; a field with \"detached\" "
         "travels as a detached value with the given salt) -> the exact body bytes, their "
         "hash (the next prev), the base64 signature over terrain/change-set/v1\\n || body, "
         "the detached values and the envelope exactly as the reference writer emits it.",
         {}};
  const std::string seed = v::seeds().at("A");
  const std::string a = A();
  json in1 = {{"seed", seed},
              {"seq", 1},
              {"prev", kZeros},
              {"schema", 1},
              {"meeting", kMeeting},
              {"changes",
               {{{"op", "create"},
                 {"c", "headcount"},
                 {"id", kRecord},
                 {"t", t(a, 0)},
                 {"cl", 1},
                 {"f",
                  {{{"name", "meeting"}, {"v", kMeeting}},
                   {{"name", "label"}, {"v", "Plénière"}},
                   {{"name", "count"}, {"v", 0}}}}},
                {{"op", "inc"},
                 {"c", "headcount"},
                 {"id", kRecord},
                 {"t", t(a, 0, 1)},
                 {"cl", 1},
                 {"field", "count"},
                 {"by", 12}}}}};
  f.add("seq 1: a head count created and incremented", "change_set", in1,
        "seq 1 has 64 zeros as prev; two changes in one millisecond differ by their counter");
  const std::string h1 = v::compute({{"kind", "change_set"}, {"input", in1}})["hash"];
  const std::string person = "0193a2b3-c4d7-7000-8000-00000000abcd";
  json in2 = {{"seed", seed},
              {"seq", 2},
              {"prev", h1},
              {"schema", 1},
              {"meeting", kMeeting},
              {"changes",
               {{{"op", "create"},
                 {"c", "attendance"},
                 {"id", person},
                 {"t", t(a, 1000)},
                 {"cl", 1},
                 {"f",
                  {{{"name", "actor_type"}, {"v", "mdph"}},
                   {{"name", "consent"}, {"v", true}},
                   {{"name", "display_name"},
                    {"detached", "Claire Martin"},
                    {"salt", "6f1fcfba0f5faec7d73ec5df9b696664"}},
                   {{"name", "meeting"}, {"v", kMeeting}}}}}}}};
  f.add("seq 2: a check-in with its name detached", "change_set", in2,
        "the body holds only the value's hash; the value and its salt travel in values");
  const std::string h2 = v::compute({{"kind", "change_set"}, {"input", in2}})["hash"];
  json in3 = {{"seed", seed},
              {"seq", 3},
              {"prev", h2},
              {"schema", 1},
              {"meeting", kMeeting},
              {"changes",
               {{{"op", "set"},
                 {"c", "attendance"},
                 {"id", person},
                 {"t", t(a, 2000)},
                 {"cl", 1},
                 {"f", {{{"name", "role"}, {"v", "intervenant"}, {"base", t(a, 1000)}}}},
                 {"resolves", {t(B(), 1500)}}},
                {{"op", "resolve"},
                 {"c", "headcount"},
                 {"id", kRecord},
                 {"t", t(a, 2000, 1)},
                 {"cl", 1},
                 {"resolves", {t(B(), 1600)}}},
                {{"op", "del"},
                 {"c", "headcount"},
                 {"id", kRecord},
                 {"t", t(a, 2000, 2)},
                 {"cl", 2},
                 {"seen", {{"count", t(a, 0)}, {"label", t(a, 0)}, {"meeting", t(a, 0)}}}}}}};
  f.add("seq 3: a set with base and resolves, a resolve, a delete with seen", "change_set", in3,
        "key order in a change: op, c, id, t, cl, then f / seen / field+by, then resolves; a "
        "field entry: v or h, then base; seen is written in name order");
  return f;
}

// ---- HLC ------------------------------------------------------------------------

File hlc() {
  File f{"hlc.json",
         "Hybrid logical clock. hlc_text: (ms, counter, device) -> the fixed-width text "
         "(12 hex, dot, 4 hex, dot, 16 hex device, lowercase). hlc_parse: which texts are "
         "timestamps. hlc_order: -1, 0 or 1 comparing a with b (ms, then counter, then "
         "device). hlc_clock: a device's clock through steps (now at a given physical time, "
         "observe a received timestamp, set an offset, restore a persisted last value); "
         "expected is the clock's last timestamp after each step.",
         {}};
  const std::string a = A();
  f.add("zero", "hlc_text", {{"ms", 0}, {"counter", 0}, {"device", a}});
  f.add("the document's example", "hlc_text",
        {{"ms", 0x193a2b3c4d5ULL}, {"counter", 1}, {"device", "3f2a9c0d11e2b4a7"}});
  f.add("greatest values", "hlc_text",
        {{"ms", 0xffffffffffffULL}, {"counter", 0xffff}, {"device", a}});
  for (const auto& [n, text] : std::vector<std::pair<std::string, std::string>>{
           {"valid", "0193a2b3c4d5.0001.3f2a9c0d11e2b4a7"},
           {"uppercase hex refused", "0193A2B3C4D5.0001.3f2a9c0d11e2b4a7"},
           {"uppercase device refused", "0193a2b3c4d5.0001.3F2A9C0D11E2B4A7"},
           {"short ms refused", "193a2b3c4d5.0001.3f2a9c0d11e2b4a7"},
           {"colon separators refused", "0193a2b3c4d5:0001:3f2a9c0d11e2b4a7"},
           {"one more digit refused", "0193a2b3c4d5.0001.3f2a9c0d11e2b4a70"},
           {"empty refused", ""}})
    f.add(n, "hlc_parse", {{"text", text}});
  auto ord = [&](const std::string& n, const std::string& x, const std::string& y) {
    f.add(n, "hlc_order", {{"a", x}, {"b", y}});
  };
  ord("ms first", t(B(), 0, 5), t(a, 1, 0));
  ord("then the counter", t(B(), 1, 1), t(a, 1, 2));
  ord("then the device id", t(a, 1, 1), t(B(), 1, 1));
  ord("equal", t(a, 1, 1), t(a, 1, 1));
  auto clock = [&](const std::string& n, const json& steps, const std::string& note = {}) {
    f.add(n, "hlc_clock", {{"device", a}, {"steps", steps}}, note);
  };
  clock("physical time moving forward",
        {{{"op", "now"}, {"physical_ms", 1000}}, {{"op", "now"}, {"physical_ms", 2000}}});
  clock("two events in one millisecond", {{{"op", "now"}, {"physical_ms", 1000}},
                                          {{"op", "now"}, {"physical_ms", 1000}},
                                          {{"op", "now"}, {"physical_ms", 1000}}});
  clock("physical clock jumping backwards only grows the counter",
        {{{"op", "now"}, {"physical_ms", 5000}},
         {{"op", "now"}, {"physical_ms", 1000}},
         {{"op", "now"}, {"physical_ms", 5001}}});
  clock("a received timestamp ahead is taken in",
        {{{"op", "now"}, {"physical_ms", 1000}},
         {{"op", "observe"}, {"remote", Hlc{9000, 7, B()}.to_string()}},
         {{"op", "now"}, {"physical_ms", 1001}}},
        "observe keeps ms and counter of the greater timestamp; the device stays ours");
  clock("a received timestamp behind changes nothing",
        {{{"op", "now"}, {"physical_ms", 9000}},
         {{"op", "observe"}, {"remote", Hlc{1000, 3, B()}.to_string()}},
         {{"op", "now"}, {"physical_ms", 9000}}});
  clock("counter exhausted within one millisecond borrows the next",
        {{{"op", "restore"}, {"last", Hlc{1000, 0xfffe, a}.to_string()}},
         {{"op", "now"}, {"physical_ms", 1000}},
         {{"op", "now"}, {"physical_ms", 1000}},
         {{"op", "now"}, {"physical_ms", 1000}}});
  clock("an offset learned from the server is added to the physical clock",
        {{{"op", "offset"}, {"offset_ms", 60000}},
         {{"op", "now"}, {"physical_ms", 1000}},
         {{"op", "offset"}, {"offset_ms", -500}},
         {{"op", "now"}, {"physical_ms", 1000}}},
        "with a negative offset the physical time falls behind last, so the counter grows");
  return f;
}

// ---- merge ----------------------------------------------------------------------

struct MergeCase {
  std::string collection = "headcount";
  std::string id = kRecord;
  json changes = json::array();
  json values = json::object();
  std::map<std::string, std::uint64_t> seqs;

  MergeCase& add(json change) {
    const std::string dev = Hlc::parse(change.at("t").get<std::string>())->device;
    change["c"] = collection;
    change["id"] = id;
    changes.push_back({{"seq", ++seqs[dev]}, {"change", std::move(change)}});
    return *this;
  }
  json input() const {
    return {{"collection", collection}, {"id", id}, {"changes", changes}, {"values", values}};
  }
};

json fv(const json& value, const std::string& base = {}) {
  json o = {{"v", value}};
  if (!base.empty()) o["base"] = base;
  return o;
}

json create_hc(const std::string& tt, std::uint32_t cl, const json& count = 0,
               const std::string& label = "Plénière") {
  json f = {{"meeting", fv(kMeeting)}, {"label", fv(label)}};
  if (!count.is_null()) f["count"] = fv(count);
  return {{"op", "create"}, {"t", tt}, {"cl", cl}, {"f", f}};
}
json set1(const std::string& tt, std::uint32_t cl, const std::string& field, const json& value,
          const std::string& base = {}) {
  return {{"op", "set"}, {"t", tt}, {"cl", cl}, {"f", {{field, fv(value, base)}}}};
}
json del(const std::string& tt, std::uint32_t cl, const json& seen) {
  return {{"op", "del"}, {"t", tt}, {"cl", cl}, {"seen", seen}};
}
json inc(const std::string& tt, std::uint32_t cl, const std::string& field, std::int64_t by) {
  return {{"op", "inc"}, {"t", tt}, {"cl", cl}, {"field", field}, {"by", by}};
}
json resolve(const std::string& tt, std::uint32_t cl, const json& versions) {
  return {{"op", "resolve"}, {"t", tt}, {"cl", cl}, {"resolves", versions}};
}
json seen_all(const std::string& tt) {
  return {{"count", tt}, {"label", tt}, {"meeting", tt}};
}

File merge() {
  File f{"merge.json",
         "The merge (protocol.md §5): one record's changes, each in its body form with the "
         "seq of the change set that carried it (devices A, B, C of signatures.json) -> the "
         "materialised record: exists, cl (the greatest causal length, acknowledgements "
         "excluded), the view, the winning version of each field, the increments per field "
         "and device, and the conflicts in their JSON form. The result is the same for every "
         "order of arrival and any duplication (the test applies every permutation).",
         {}};
  const std::string a = A(), b = B(), c = C();
  const std::string t0 = t(a, 0);
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 0));
    f.add("a create", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(b, 20), 1, "label", "Atelier 2", t0));
    f.add("concurrent edits: the greater version wins, the other is a conflict", "merge", m.input(),
          "both writers saw only the create (base); B's version is greater, A's write is kept "
          "as a concurrent_edit conflict");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(b, 20), 1, "label", "Atelier 2", t(a, 10)));
    f.add("a later edit that saw the earlier one: no conflict", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(b, 20), 1, "label", "Atelier 2", t0));
    m.add(resolve(t(c, 30), 1, {t(a, 10)}));
    f.add("a conflict acknowledged by resolve", "merge", m.input(),
          "resolve keeps the winner: the loser's version joins the seen set S");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(b, 20), 1, "label", "Atelier 2", t0));
    json s = set1(t(c, 30), 1, "label", "Atelier 1", t(b, 20));
    s["resolves"] = {t(a, 10)};
    m.add(s);
    f.add("a conflict resolved by a set with resolves (keeping the loser's value)", "merge",
          m.input());
  }
  {
    MergeCase m;
    m.collection = "attendance";
    m.add({{"op", "create"},
           {"t", t0},
           {"cl", 1},
           {"f",
            {{"meeting", fv(kMeeting)},
             {"actor_type", fv("mdph")},
             {"consent", fv(true)},
             {"organisation", fv("MDPH du Rhône")}}}});
    m.add(set1(t(a, 10), 1, "organisation", nullptr, t0));
    f.add("a set to null removes an optional field (its version stays)", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(del(t(b, 10), 2, seen_all(t0)));
    f.add("a delete that saw every field: deleted, no conflict", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(b, 10), 1, "label", "Atelier 2", t0));
    m.add(del(t(a, 20), 2, seen_all(t0)));
    f.add("an edit the deleter had not seen: edit_vs_delete", "merge", m.input(),
          "the winner of label in incarnation 1 (B's write) is in no delete's seen: the "
          "conflict's winner is the delete, with a null value");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(b, 10), 1, "label", "Atelier 2", t0));
    m.add(del(t(a, 20), 2, seen_all(t0)));
    json seen = seen_all(t0);
    seen["label"] = t(b, 10);
    m.add(del(t(c, 15), 2, seen));
    f.add("two deletes, one of which saw the edit: no conflict", "merge", m.input(),
          "a field's winner is known when ANY delete ending the incarnation has it in seen; "
          "a conflict, when there is one, names the greatest delete as winner");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 3)).add(del(t(b, 10), 2, json::object()));
    f.add("a delete that saw nothing: every field of the incarnation conflicts", "merge", m.input(),
          "seen is compared field by field with each field's winning version");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 0, "Plénière"));
    m.add(set1(t(a, 5), 1, "label", "Plénière du matin", t0));
    m.add(del(t(b, 10), 2, {{"count", t0}, {"label", t(a, 5)}, {"meeting", t0}}));
    m.add(create_hc(t(c, 20), 3, 7, "Atelier 3"));
    f.add("delete then re-create under the same id: nothing of the former life shows", "merge",
          m.input(), "the re-create has cl 3; only writes with cl == 3 are visible");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1));
    m.add(del(t(b, 10), 2, seen_all(t0)));
    m.add(create_hc(t(b, 20), 3, 7, "Atelier 3"));
    m.add(set1(t(c, 15), 1, "label", "Plénière (salle B)", t0));
    f.add("an edit of the former life arriving after the re-create", "merge", m.input(),
          "C edited incarnation 1 without seeing the delete: invisible (cl 1 < 3), reported "
          "as edit_vs_delete against the delete that ended incarnation 1");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1));
    m.add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(b, 20), 1, "label", "Atelier 2", t0));
    m.add(del(t(c, 30), 2, {{"count", t0}, {"label", t(b, 20)}, {"meeting", t0}}));
    m.add(create_hc(t(c, 40), 3, 0, "Atelier 3"));
    f.add("a concurrent edit of a former incarnation stays a conflict after re-create", "merge",
          m.input(),
          "M5 runs in every incarnation: A's write lost to B's in incarnation 1 is still "
          "listed (winner B's value) although the record now lives in incarnation 3");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 5)).add(inc(t(a, 10), 1, "count", 3));
    m.add(inc(t(b, 11), 1, "count", 2)).add(inc(t(a, 12), 1, "count", -1));
    f.add("counters: the created value plus every device's increments", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 5));
    f.add("an optional counter not given at creation is absent", "merge", m.input(),
          "count_people_concerned does not appear in the view (not 0)");
    m.add(inc(t(b, 10), 1, "count_people_concerned", 4));
    f.add("an optional counter starts from 0 at its first increment", "merge", m.input());
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 0));
    m.add(inc(t(b, 10), 1, "count", 5));
    m.add(del(t(a, 20), 2, seen_all(t0)));
    m.add(inc(t(b, 30), 1, "count", 2));
    f.add("increments against a delete", "merge", m.input(),
          "the delete's seen covers count (its create version): no conflict; increments are "
          "never conflicts, even those made after the delete by a device that had not seen "
          "it; the deleted record has no counters");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1, 0));
    m.add(inc(t(b, 10), 1, "count", 5));
    m.add(del(t(a, 20), 2, seen_all(t0)));
    m.add(create_hc(t(a, 40), 3, 1));
    m.add(inc(t(c, 50), 3, "count", 2));
    m.add(inc(t(b, 60), 1, "count", 7));
    f.add("increments of a former life do not count after a re-create", "merge", m.input(),
          "B still increments incarnation 1 (cl 1): ignored; C's increment with cl 3 counts");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(del(t(b, 10), 2, seen_all(t0)));
    m.add(resolve(t(c, 20), 3, {t0}));
    f.add("acknowledgements do not count in cl", "merge", m.input(),
          "a resolve (or a set's resolves) only adds versions to S; its cl, even greater, "
          "does not revive the record");
  }
  {
    MergeCase m;
    m.add(create_hc(t0, 1)).add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    m.add(set1(t(a, 10), 1, "label", "Atelier 1", t0));
    f.add("a change received twice has no second effect", "merge", m.input());
  }
  {
    MergeCase m;
    m.collection = "attendance";
    const std::string salt = "000102030405060708090a0b0c0d0e0f";
    const std::string name_json = "\"Claire Martin\"";
    const std::string h = terrain::hex_of(terrain::blake2b256_salted(v::unhex(salt), name_json));
    const std::string salt2 = "0f0e0d0c0b0a09080706050403020100";
    const std::string name2 = "\"Claire Martin-Dupont\"";
    const std::string h2 = terrain::hex_of(terrain::blake2b256_salted(v::unhex(salt2), name2));
    m.add({{"op", "create"},
           {"t", t0},
           {"cl", 1},
           {"f",
            {{"meeting", fv(kMeeting)},
             {"actor_type", fv("mdph")},
             {"consent", fv(true)},
             {"display_name", {{"h", h}}}}}});
    m.values[h] = {{"salt", salt}, {"json", name_json}};
    f.add("a detached value present", "merge", m.input());
    m.values[h] = {{"redacted", true}};
    f.add("a redacted value shows as null and is listed in _redacted", "merge", m.input());
    m.values.erase(h);
    m.add({{"op", "set"}, {"t", t(b, 10)}, {"cl", 1}, {"f", {{"display_name", {{"h", h2}}}}}});
    m.values[h2] = {{"salt", salt2}, {"json", name2}};
    m.add({{"op", "set"}, {"t", t(c, 5)}, {"cl", 1}, {"f", {{"display_name", fv(nullptr, t0)}}}});
    f.add("a missing value merges as redacted and still wins or loses", "merge", m.input(),
          "the create's value is absent (redacted); B's write wins; C's removal (base the "
          "create) is a concurrent_edit loser");
  }
  return f;
}

// ---- receipts -------------------------------------------------------------------

File receipts() {
  File f{"receipts.json",
         "Receipts signed by the server key (seed \"server\" of signatures.json) with context "
         "terrain/receipt/v1\\n. receipt: the fields -> the exact body, its signature and the "
         "{body, sig} object as it travels. receipt_verify: a received {body, sig} -> its "
         "fields, or the error code a client must get.",
         {}};
  const std::string seed = v::seeds().at("server");
  const std::string cs_hash(64, 'e');
  json accepted = {{"change_set", cs_hash},
                   {"device", A()},
                   {"seq", 3},
                   {"position", 4711},
                   {"outcome", "accepted"},
                   {"reason", ""},
                   {"message", ""},
                   {"epoch", "5f0c9a1e2b3d4c6a"},
                   {"server_time_ms", kT0 + 5000}};
  f.add("accepted", "receipt", {{"server_seed", seed}, {"receipt", accepted}});
  json quarantined = accepted;
  quarantined["outcome"] = "quarantined";
  quarantined["position"] = 0;
  quarantined["reason"] = "schema_violation";
  quarantined["message"] =
      "schema_violation: headcount/" + kRecord + ": field 'count': required field is missing";
  f.add("quarantined (position 0, reason the error code)", "receipt",
        {{"server_seed", seed}, {"receipt", quarantined}});
  json rejected = accepted;
  rejected["outcome"] = "rejected";
  rejected["position"] = 0;
  rejected["reason"] = "clock_ahead";
  rejected["message"] = "the change set is stamped 259199 s ahead of the server clock";
  f.add("rejected for clock_ahead (never stored)", "receipt",
        {{"server_seed", seed}, {"receipt", rejected}});

  const terrain::KeyPair sk = v::keypair_from_seed(seed);
  const std::string pk = v::pk_hex(sk.public_key);
  const json wire = v::compute(
      {{"kind", "receipt"}, {"input", {{"server_seed", seed}, {"receipt", accepted}}}})["wire"];
  auto rv = [&](const std::string& n, const std::string& key, const json& w,
                const std::string& note = {}) {
    f.add(n, "receipt_verify", {{"server_public_key", key}, {"wire", w}}, note);
  };
  rv("a good receipt", pk, wire);
  rv("another server's key", v::pk_hex(v::keypair_from_seed(v::seeds().at("A")).public_key), wire);
  json changed = wire;
  std::string body = changed["body"];
  body.replace(body.find("4711"), 4, "4712");
  changed["body"] = body;
  rv("a changed body", pk, changed);
  auto signed_body = [&](const std::string& text, std::string_view ctx) {
    return json{{"body", text}, {"sig", v::sig_b64(terrain::sign(sk.secret_key, ctx, text))}};
  };
  rv("signed under the change-set context", pk,
     signed_body(wire["body"].get<std::string>(), terrain::kChangeSetContext));
  std::string unknown = wire["body"];
  unknown.replace(unknown.find("accepted"), 8, "accepted!");
  rv("an unknown outcome", pk, signed_body(unknown, terrain::kReceiptContext));
  rv("a required field missing", pk,
     signed_body(R"({"receipt":1,"change_set":")" + cs_hash + R"("})", terrain::kReceiptContext));
  rv("sig not base64 of 64 bytes", pk, {{"body", wire["body"]}, {"sig", "AAAA"}});
  return f;
}

// ---- refusals -------------------------------------------------------------------

struct Signer {
  terrain::KeyPair kp = v::keypair_from_seed(v::seeds().at("A"));
  std::string dev = terrain::device_id_of(kp.public_key);
  std::string sig(const std::string& body, std::string_view ctx = terrain::kChangeSetContext) {
    return v::sig_b64(terrain::sign(kp.secret_key, ctx, body));
  }
  std::string envelope(const std::string& body, const json& values = json()) {
    json e = {{"body", body}, {"sig", sig(body)}};
    if (!values.is_null()) e["values"] = values;
    return e.dump();
  }
};

File refusals() {
  File f{"refusals.json",
         "What a receiver answers (protocol.md §3): envelope: the exact envelope bytes "
         "(\"envelope\", or \"envelope_hex\" for bytes that are not UTF-8) are decoded and "
         "verified with the author's public key (device A of signatures.json unless said), "
         "then parsed -> \"ok\" or the error code. signed_body: a body and signature given "
         "directly (bytes no JSON envelope can carry). schema: as envelope, then schema "
         "validation with the bundle of schemas/ (what the server quarantines, or refuses "
         "with 422 for a central change).",
         {}};
  Signer s;
  const std::string pk = v::pk_hex(s.kp.public_key);
  const std::string pre = R"({"terrain":1,"device":")" + s.dev + R"(",)";
  const std::string tt = t(s.dev, 0);
  // A body from its parts after the device (seq..changes), and one change's text.
  auto body = [&](const std::string& rest) { return pre + rest + "}"; };
  auto head = [&](const std::string& seq = "1", const std::string& prev = kZeros,
                  const std::string& schema = "1", const std::string& meeting = kMeeting) {
    return R"("seq":)" + seq + R"(,"prev":")" + prev + R"(","schema":)" + schema +
           R"(,"meeting":")" + meeting + R"(")";
  };
  auto with_changes = [&](const std::string& changes) {
    return body(head() + R"(,"changes":[)" + changes + "]");
  };
  auto chg = [&](const std::string& op, const std::string& extra, const std::string& cl = "1",
                 const std::string& ts = {}) {
    return R"({"op":")" + op + R"(","c":"headcount","id":")" + kRecord + R"(","t":")" +
           (ts.empty() ? tt : ts) + R"(","cl":)" + cl + extra + "}";
  };
  const std::string okf = R"(,"f":{"label":{"v":"Plénière"}})";
  const std::string good = with_changes(chg("set", okf));
  auto env = [&](const std::string& n, const std::string& envelope, const std::string& note = {},
                 const std::string& key = {}) {
    f.add(n, "envelope", {{"author_public_key", key.empty() ? pk : key}, {"envelope", envelope}},
          note);
  };
  auto envb = [&](const std::string& n, const std::string& b, const std::string& note = {}) {
    env(n, s.envelope(b), note);
  };

  // Accepted controls.
  envb("a well-formed change set", good);
  env("envelope members in another order, with white space",
      "{ \"sig\" : \"" + s.sig(good) + "\" ,\n \"body\" : " + json(good).dump() + " }");
  env(
      "body escaped differently in the envelope (same decoded bytes)",
      R"({"body":")" +
          [&] {
            std::string e = json(good).dump();
            e = e.substr(1, e.size() - 2);
            auto at = e.find("Pl\xc3\xa9");
            e.replace(at, 4, "Pl\\u00e9");
            return e;
          }() +
          R"(","sig":")" + s.sig(good) + R"("})",
      "the signed bytes are the decoded string: \\u00e9 and a raw é decode alike");
  envb("meeting \"global\"",
       body(head("1", kZeros, "1", "global") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("white space between tokens after the prefix",
       pre + " " + head() + R"( , "changes" : [ )" + chg("set", okf) + " ] }",
       "the signature covers the bytes as they are");

  // Envelope structure.
  env("not JSON", "{\"body\":");
  env("an array", "[]");
  env("an unknown envelope member",
      R"({"body":)" + json(good).dump() + R"(,"sig":")" + s.sig(good) + R"(","extra":1})");
  env("no sig", R"({"body":)" + json(good).dump() + "}");
  env("body not a string", R"({"body":{"terrain":1},"sig":")" + s.sig(good) + R"("})");
  {
    std::string unpadded = s.sig(good);
    unpadded.resize(86);
    env("sig without its padding",
        R"({"body":)" + json(good).dump() + R"(,"sig":")" + unpadded + R"("})");
    std::string spaced = s.sig(good);
    spaced.insert(44, "\n");
    env("sig with a line break",
        R"({"body":)" + json(good).dump() + R"(,"sig":)" + json(spaced).dump() + "}");
    env("sig of 48 bytes",
        R"({"body":)" + json(good).dump() + R"(,"sig":")" + s.sig(good).substr(0, 64) + R"("})");
  }
  env("values not an object",
      R"({"body":)" + json(good).dump() + R"(,"sig":")" + s.sig(good) + R"(","values":[]})");
  const std::string salt = "000102030405060708090a0b0c0d0e0f";
  const std::string vjson = "\"Claire Martin\"";
  const std::string vh = terrain::hex_of(terrain::blake2b256_salted(v::unhex(salt), vjson));
  const std::string att_pre = R"({"op":"create","c":"attendance","id":")" + kRecord + R"(","t":")" +
                              tt + R"(","cl":1,"f":{"meeting":{"v":")" + kMeeting +
                              R"("},"actor_type":{"v":"mdph"},"consent":{"v":true},)";
  const std::string with_name = with_changes(att_pre + R"("display_name":{"h":")" + vh + R"("}}})");
  envb("a detached value present and matching", with_name);
  env("a detached value absent (reads as redacted)", s.envelope(with_name, json::object()));
  env("a redacted value", s.envelope(with_name, {{vh, {{"redacted", true}}}}));
  {
    std::string upper = vh;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    env("a value name in uppercase hex",
        s.envelope(with_name, {{upper, {{"salt", salt}, {"json", vjson}}}}));
  }
  env("redacted false", s.envelope(with_name, {{vh, {{"redacted", false}}}}));
  env("a redacted value with another member",
      s.envelope(with_name, {{vh, {{"redacted", true}, {"salt", salt}}}}));
  env("a salt of 15 bytes",
      s.envelope(with_name, {{vh, {{"salt", salt.substr(2)}, {"json", vjson}}}}));
  env("a value with an extra member",
      s.envelope(with_name, {{vh, {{"salt", salt}, {"json", vjson}, {"x", 1}}}}));
  env("a value whose text does not hash to its name",
      s.envelope(with_name, {{vh, {{"salt", salt}, {"json", "\"Claire Martine\""}}}}));
  env("a value no field refers to", s.envelope(good, {{vh, {{"salt", salt}, {"json", vjson}}}}));
  {
    const std::string dup_json = R"({"a":1,"a":2})";
    const std::string dh = terrain::hex_of(terrain::blake2b256_salted(v::unhex(salt), dup_json));
    env("a value whose JSON has a duplicate name",
        s.envelope(with_changes(att_pre + R"("display_name":{"h":")" + dh + R"("}}})"),
                   {{dh, {{"salt", salt}, {"json", dup_json}}}}));
    const std::string bad_json = "{\"a\":";
    const std::string bh = terrain::hex_of(terrain::blake2b256_salted(v::unhex(salt), bad_json));
    env("a value whose text is not JSON",
        s.envelope(with_changes(att_pre + R"("display_name":{"h":")" + bh + R"("}}})"),
                   {{bh, {{"salt", salt}, {"json", bad_json}}}}));
  }
  {
    // Not UTF-8: 0xff inside the envelope's bytes.
    const std::string e = s.envelope(good);
    std::string bytes = e;
    bytes.insert(bytes.size() - 1, ",\"x\":\"\xff\"");
    f.add("envelope bytes not UTF-8", "envelope",
          {{"author_public_key", pk}, {"envelope_hex", to_hex(bytes)}});
    std::string deep = e.substr(0, e.size() - 1) + ",\"values\":";
    for (int i = 0; i < 32; ++i) deep += "[";
    for (int i = 0; i < 32; ++i) deep += "]";
    env("envelope nested 33 levels", deep + "}", "the envelope itself is level 1");
  }

  // Prefix, key and signature.
  envb("white space inside the prefix", " " + good);
  envb("terrain 2", R"({"terrain":2,"device":")" + s.dev + R"(",)" + head() + R"(,"changes":[)" +
                        chg("set", okf) + "]}");
  envb(
      "device id in uppercase",
      R"({"terrain":1,"device":")" +
          [&] {
            std::string u = s.dev;
            for (auto& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            return u;
          }() +
          R"(",)" + head() + R"(,"changes":[)" + chg("set", okf) + "]}");
  env("verified with another device's key", s.envelope(good), "the prefix names device A",
      v::pk_hex(v::keypair_from_seed(v::seeds().at("B")).public_key));
  {
    Signer other;
    other.kp = v::keypair_from_seed(v::seeds().at("B"));
    env("signed by another key",
        R"({"body":)" + json(good).dump() + R"(,"sig":")" + other.sig(good) + R"("})");
    env("signed under the receipt context", R"({"body":)" + json(good).dump() + R"(,"sig":")" +
                                                s.sig(good, terrain::kReceiptContext) + R"("})");
    env("a signature of other bytes",
        R"({"body":)" + json(good).dump() + R"(,"sig":")" + s.sig(good + " ") + R"("})");
  }
  // Body keys.
  envb("seq 0", body(head("0") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("seq 1.0", body(head("1.0") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("seq 1e0", body(head("1e0") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("seq as a string", body(head("\"1\"") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("seq 1 with a prev that is not zeros",
       body(head("1", std::string(64, 'a')) + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("seq 2 with any prev (the chain is the server's check)",
       body(head("2", std::string(64, 'a')) + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("prev in uppercase",
       body(head("2", std::string(64, 'A')) + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("schema 0", body(head("1", kZeros, "0") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("schema 1000001",
       body(head("1", kZeros, "1000001") + R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("meeting in uppercase", body(head("1", kZeros, "1", "0193A2B3-C4D5-7000-8000-000000000001") +
                                    R"(,"changes":[)" + chg("set", okf) + "]"));
  envb("no changes", body(head() + R"(,"changes":[])"));
  envb("an unknown body key", body(head() + R"(,"changes":[)" + chg("set", okf) + R"(],"x":1)"));
  envb("a missing body key", body(R"("seq":1,"prev":")" + kZeros + R"(","schema":1,"changes":[)" +
                                  chg("set", okf) + "]"));
  envb("a duplicate body key", body(head() + R"(,"schema":1,"changes":[)" + chg("set", okf) + "]"));
  envb("a duplicate name written with an escape",
       with_changes(chg("set", R"(,"f":{"label":{"v":"a"},"l\u0061bel":{"v":"b"}})")),
       "names are compared after unescaping");
  envb("a duplicate name inside an inline value",
       with_changes(chg("set", R"(,"f":{"label":{"v":{"a":1,"a":2}}})")));
  // Changes.
  envb("an unknown op", with_changes(chg("upsert", okf)));
  envb("a change timestamp of another device", with_changes(chg("set", okf, "1", t(B(), 0))));
  envb("a timestamp in uppercase", with_changes(chg("set", okf, "1", [&] {
         std::string u = tt;
         for (auto& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
         return u;
       }())));
  envb("an even cl for a set", with_changes(chg("set", okf, "2")));
  envb("an odd cl for a delete", with_changes(chg("del", R"(,"seen":{})", "3")));
  envb("cl 0", with_changes(chg("set", okf, "0")));
  envb("cl 2^32", with_changes(chg("set", okf, "4294967297")));
  envb("cl 2^32-1 accepted", with_changes(chg("set", okf, "4294967295")));
  envb("a record id in uppercase",
       with_changes(
           R"({"op":"set","c":"headcount","id":"0193A2B3-C4D6-7ABC-9DEF-0123456789AB","t":")" + tt +
           R"(","cl":1)" + okf + "}"));
  envb("an empty f", with_changes(chg("set", R"(,"f":{})")));
  envb("a field entry with both v and h",
       with_changes(chg("set", R"(,"f":{"label":{"v":"a","h":")" + vh + R"("}})")));
  envb("a field entry with neither v nor h", with_changes(chg("set", R"(,"f":{"label":{}})")));
  envb("a field name in uppercase", with_changes(chg("set", R"(,"f":{"Label":{"v":"a"}})")));
  envb("an unknown key in a field entry",
       with_changes(chg("set", R"(,"f":{"label":{"v":"a","w":1}})")));
  envb("an unknown key in a change", with_changes(chg("set", okf + R"(,"x":1)")));
  envb("a delete without seen", with_changes(chg("del", "", "2")));
  envb("inc by 0", with_changes(chg("inc", R"(,"field":"count","by":0)")));
  envb("inc by 100001", with_changes(chg("inc", R"(,"field":"count","by":100001)")));
  envb("inc by -100000 accepted", with_changes(chg("inc", R"(,"field":"count","by":-100000)")));
  envb("inc by 1.5", with_changes(chg("inc", R"(,"field":"count","by":1.5)")));
  envb("resolves on a create",
       with_changes(chg("create", okf + R"(,"resolves":[")" + tt + R"("])")));
  envb("a resolve without versions", with_changes(chg("resolve", R"(,"resolves":[])")));
  {
    std::string f65 = R"(,"f":{)";
    for (int i = 0; i < 65; ++i)
      f65 += (i ? "," : "") + std::string("\"f") + std::to_string(i) + R"(":{"v":1})";
    envb("65 fields in one change", with_changes(chg("set", f65 + "}")));
    const std::string big(40 * 1024, 'x');
    envb("an inline value over 40 KiB",
         with_changes(chg("set", R"(,"f":{"label":{"v":")" + big + R"("}})")));
    for (int levels : {32, 33}) {
      // body 1, changes 2, a change 3, f 4, a field entry 5: the value's arrays from 6.
      std::string deep = R"(,"f":{"label":{"v":)";
      for (int i = 5; i < levels; ++i) deep += "[";
      for (int i = 5; i < levels; ++i) deep += "]";
      envb("a body nested " + std::to_string(levels) + " levels",
           with_changes(chg("set", deep + "}}")),
           "the body is level 1, changes 2, a change 3, f 4, a field entry 5, the value's "
           "first array 6");
    }
  }
  {
    // A body whose bytes are not UTF-8, signed as they are.
    std::string b =
        with_changes(chg("set", R"(,"f":{"label":{"v":"Pl)" + std::string("\xe9") + R"(nière"}})"));
    f.add("a body that is not UTF-8 (Latin-1 é)", "signed_body",
          {{"author_public_key", pk}, {"body_hex", to_hex(b)}, {"signature_base64", s.sig(b)}});
    f.add(
        "the same check on a valid body", "signed_body",
        {{"author_public_key", pk}, {"body_hex", to_hex(good)}, {"signature_base64", s.sig(good)}});
  }

  // Schema validation (what the server quarantines; a central change gets 422).
  auto sch = [&](const std::string& n, const std::string& b, const json& values = json(),
                 const std::string& note = {}) {
    f.add(n, "schema", {{"author_public_key", pk}, {"envelope", s.envelope(b, values)}}, note);
  };
  const std::string hc_create = R"({"op":"create","c":"headcount","id":")" + kRecord +
                                R"(","t":")" + tt + R"(","cl":1,"f":{"meeting":{"v":")" + kMeeting +
                                R"("},"label":{"v":"Plénière"})";
  sch("a head count created with its count", with_changes(hc_create + R"(,"count":{"v":0}}})"));
  sch("a head count created without count", with_changes(hc_create + "}}"), json(),
      "count is required (its increments start from the created value)");
  sch("a head count created with a negative count",
      with_changes(hc_create + R"(,"count":{"v":-1}}})"));
  sch("a head count created with a fractional count",
      with_changes(hc_create + R"(,"count":{"v":1.5}}})"));
  sch("a counter set instead of incremented",
      with_changes(chg("set", R"(,"f":{"count":{"v":3}})")));
  sch("an increment of a field that is not a counter",
      with_changes(chg("inc", R"(,"field":"label","by":1)")));
  sch("an immutable field set after creation",
      with_changes(chg("set", R"(,"f":{"meeting":{"v":")" + kOtherMeeting + R"("}})")));
  sch("a required field removed", with_changes(chg("set", R"(,"f":{"label":{"v":null}})")));
  sch("an optional field removed",
      with_changes(R"({"op":"set","c":"attendance","id":")" + kRecord + R"(","t":")" + tt +
                   R"(","cl":1,"f":{"organisation":{"v":null}}})"));
  sch("an unknown field", with_changes(chg("set", R"(,"f":{"door":{"v":"A"}})")));
  sch("an unknown collection",
      with_changes(R"({"op":"set","c":"parking","id":")" + kRecord + R"(","t":")" + tt +
                   R"(","cl":1,"f":{"label":{"v":"a"}}})"));
  sch("a record of another meeting",
      with_changes(R"({"op":"create","c":"headcount","id":")" + kRecord + R"(","t":")" + tt +
                   R"(","cl":1,"f":{"meeting":{"v":")" + kOtherMeeting +
                   R"("},"label":{"v":"a"},"count":{"v":0}}})"));
  sch("a personal field written inline",
      with_changes(att_pre + R"("display_name":{"v":"Claire Martin"}}})"));
  sch("a personal field detached", with_name, {{vh, {{"salt", salt}, {"json", vjson}}}});
  sch("a personal field detached, value redacted", with_name, {{vh, {{"redacted", true}}}},
      "a create with a redacted value is checked field by field plus the required names");
  sch("a schema version newer than the bundle",
      body(head("1", kZeros, "2") + R"(,"changes":[)" + hc_create + R"(,"count":{"v":0}}}])"));
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: protocol_make_vectors <output directory>\n";
    return 2;
  }
  try {
    (void)terrain::crypto_init();
    // Sanity: the library is plain RFC 8032 Ed25519 when the context is empty.
    const json rfc1 =
        v::compute({{"kind", "sign"},
                    {"input", {{"seed", kRfc8032Seed1}, {"context", ""}, {"message_hex", ""}}}});
    if (rfc1["signature_hex"] !=
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
        "1cf9b46bd25bf5f0595bbe24655141438e7a100b")
      throw std::runtime_error("RFC 8032 test 1 does not match");
    for (const File& f : {encoding(), hashes(), signatures(), change_sets(), hlc(), merge(),
                          receipts(), refusals()})
      f.write(argv[1]);
  } catch (const std::exception& e) {
    std::cerr << "protocol_make_vectors: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
