// Conformance vectors (docs/vectors/): what each kind of vector computes from its
// input, with the real protocol code. The generator (make_vectors.cpp) writes
// {"name", "kind", "input", "expected": compute(kind, input)}; the test
// (vectors_test.cpp) reads the committed files and checks that compute() still gives
// every "expected", so a changed vector or a changed behaviour fails.
#pragma once

#include <sodium.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/merge.h"
#include "terrain/protocol/receipt.h"
#include "terrain/protocol/schema.h"

namespace terrain::vectors {

using json = nlohmann::json;

// The fixed Ed25519 seeds of the vectors' devices and server (never use them for
// anything real).
inline const std::map<std::string, std::string>& seeds() {
  static const std::map<std::string, std::string> s = {
      {"A", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"},
      {"B", "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"},
      {"C", "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"},
      {"server", "7465727261696e2d766563746f72732d7365727665722d736565642d30303031"},
  };
  return s;
}

inline std::string unhex(const std::string& h) {
  auto raw = from_hex(h);
  if (!raw) throw std::runtime_error("bad hex in a vector: " + h);
  return *raw;
}

inline KeyPair keypair_from_seed(const std::string& seed_hex) {
  const std::string seed = unhex(seed_hex);
  if (seed.size() != crypto_sign_SEEDBYTES) throw std::runtime_error("a seed is 32 bytes");
  (void)crypto_init();
  KeyPair kp;
  crypto_sign_seed_keypair(kp.public_key.data(), kp.secret_key.data(),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return kp;
}

inline std::string sig_hex(const Signature& s) {
  return to_hex(std::string_view(reinterpret_cast<const char*>(s.data()), s.size()));
}
inline std::string sig_b64(const Signature& s) {
  return to_base64(std::string_view(reinterpret_cast<const char*>(s.data()), s.size()));
}
inline std::string pk_hex(const PublicKey& k) {
  return hex_of(k);
}

// The device id of a named seed ("A", "B", "C", "server").
inline std::string device_of(const std::string& who) {
  return device_id_of(keypair_from_seed(seeds().at(who)).public_key);
}

// The secret key of the device with this id, among the fixed seeds.
inline const SecretKey& secret_of_device(const std::string& device) {
  static std::map<std::string, KeyPair> by_device = [] {
    std::map<std::string, KeyPair> m;
    for (const auto& [name, seed] : seeds()) {
      KeyPair kp = keypair_from_seed(seed);
      m[device_id_of(kp.public_key)] = kp;
    }
    return m;
  }();
  auto it = by_device.find(device);
  if (it == by_device.end()) throw std::runtime_error("no fixed seed for device " + device);
  return it->second.secret_key;
}

inline json error_json(const Error& e) {
  return {{"code", std::string(errc_name(e.code))}};
}

// ---- encoding -------------------------------------------------------------------

inline json compute_encoding(const std::string& kind, const json& in) {
  if (kind == "json_text") {
    // The reference writer's compact text of a JSON value (nlohmann::json::dump):
    // inline values in a body, a detached value's text.
    auto v = json::parse(in.at("json").get<std::string>());
    const std::string out = v.dump();
    return {{"text", out}, {"utf8_hex", to_hex(out)}};
  }
  if (kind == "utf8") return {{"valid", is_valid_utf8(unhex(in.at("bytes_hex")))}};
  if (kind == "base64") {
    const std::string b = unhex(in.at("bytes_hex"));
    return {{"base64", to_base64(b)}, {"hex", to_hex(b)}};
  }
  if (kind == "base64_decode") {
    auto raw = from_base64(in.at("base64").get<std::string>());
    if (!raw) return {{"valid", false}};
    return {{"valid", true}, {"bytes_hex", to_hex(*raw)}};
  }
  if (kind == "uuid_v7")
    return {{"uuid", uuid_v7(in.at("unix_ms").get<std::uint64_t>(), unhex(in.at("random_hex")))}};
  if (kind == "uuid_check") return {{"valid", is_uuid(in.at("text").get<std::string>())}};
  throw std::runtime_error("unknown encoding kind " + kind);
}

// ---- hashes ---------------------------------------------------------------------

inline json compute_hash(const std::string& kind, const json& in) {
  if (kind == "blake2b256") {
    const std::string bytes =
        in.contains("text") ? in.at("text").get<std::string>() : unhex(in.at("bytes_hex"));
    return {{"hash", hex_of(blake2b256(bytes))}};
  }
  if (kind == "value_hash") {
    const std::string salt = unhex(in.at("salt_hex"));
    const std::string text = in.at("json").get<std::string>();
    return {{"hash", hex_of(blake2b256_salted(salt, text))}};
  }
  if (kind == "device_id") {
    auto pk = public_key_from_hex(in.at("public_key").get<std::string>());
    if (!pk) return error_json(pk.error());
    return {{"device", device_id_of(*pk)}};
  }
  throw std::runtime_error("unknown hash kind " + kind);
}

// ---- signatures -----------------------------------------------------------------

inline json compute_signature(const std::string& kind, const json& in) {
  if (kind == "keypair") {
    KeyPair kp = keypair_from_seed(in.at("seed").get<std::string>());
    return {
        {"public_key", pk_hex(kp.public_key)},
        {"secret_key", to_hex(std::string_view(reinterpret_cast<const char*>(kp.secret_key.data()),
                                               kp.secret_key.size()))},
        {"device", device_id_of(kp.public_key)}};
  }
  if (kind == "sign") {
    KeyPair kp = keypair_from_seed(in.at("seed").get<std::string>());
    const std::string context = in.at("context").get<std::string>();
    const std::string message =
        in.contains("message") ? in.at("message").get<std::string>() : unhex(in.at("message_hex"));
    Signature s = sign(kp.secret_key, context, message);
    return {{"public_key", pk_hex(kp.public_key)},
            {"signed_bytes_hex", to_hex(context + message)},
            {"signature_hex", sig_hex(s)},
            {"signature_base64", sig_b64(s)},
            {"verifies", verify(kp.public_key, context, message, s)}};
  }
  if (kind == "verify") {
    auto pk = public_key_from_hex(in.at("public_key").get<std::string>());
    auto raw = from_base64(in.at("signature_base64").get<std::string>());
    if (!pk || !raw || raw->size() != 64) return {{"verifies", false}};
    Signature s{};
    std::copy(raw->begin(), raw->end(), s.begin());
    const std::string message =
        in.contains("message") ? in.at("message").get<std::string>() : unhex(in.at("message_hex"));
    return {{"verifies", verify(*pk, in.at("context").get<std::string>(), message, s)}};
  }
  throw std::runtime_error("unknown signature kind " + kind);
}

// ---- change sets ----------------------------------------------------------------

inline Hlc hlc_of(const json& j) {
  auto h = Hlc::parse(j.get<std::string>());
  if (!h) throw std::runtime_error("bad timestamp in a vector");
  return *h;
}

// A change as a writer holds it: "f" is a list (the writer's order) of
// {"name", "v"} (inline) or {"name", "detached": value, "salt": hex}, each with an
// optional "base"; the detached values are added to `values`.
inline Change change_of(const json& in, DetachedValues& values) {
  Change c;
  c.op = *op_from_name(in.at("op").get<std::string>());
  c.collection = in.at("c").get<std::string>();
  c.id = in.at("id").get<std::string>();
  c.t = hlc_of(in.at("t"));
  c.cl = in.at("cl").get<std::uint32_t>();
  for (const auto& f : in.value("f", json::array())) {
    FieldWrite w;
    w.name = f.at("name").get<std::string>();
    if (f.contains("base")) w.base = hlc_of(f.at("base"));
    if (f.contains("detached")) {
      DetachedValue dv;
      dv.salt = unhex(f.at("salt").get<std::string>());
      dv.json = f.at("detached").dump();
      w.detached = true;
      w.value_hash = hex_of(blake2b256_salted(dv.salt, dv.json));
      values[w.value_hash] = dv;
    } else {
      w.value = f.at("v");
    }
    c.fields.push_back(std::move(w));
  }
  const json seen = in.value("seen", json::object());
  for (const auto& [k, v] : seen.items()) c.seen[k] = hlc_of(v);
  if (in.contains("field")) c.counter = in.at("field").get<std::string>();
  if (in.contains("by")) c.by = in.at("by").get<std::int64_t>();
  for (const auto& v : in.value("resolves", json::array())) c.resolves.push_back(hlc_of(v));
  return c;
}

inline json compute_change_set(const json& in) {
  KeyPair kp = keypair_from_seed(in.at("seed").get<std::string>());
  ChangeSet cs;
  cs.device = device_id_of(kp.public_key);
  cs.seq = in.at("seq").get<std::uint64_t>();
  cs.prev = in.at("prev").get<std::string>();
  cs.schema = in.at("schema").get<int>();
  cs.meeting = in.at("meeting").get<std::string>();
  DetachedValues values;
  for (const auto& c : in.at("changes")) cs.changes.push_back(change_of(c, values));
  SignedChangeSet scs = seal(cs, values, kp.secret_key);
  json vals = json::object();
  for (const auto& [h, v] : values) vals[h] = {{"salt", to_hex(v.salt)}, {"json", v.json}};
  // The envelope as received must verify and parse. (Parsing and writing again need not
  // give the same bytes, e.g. f in another order: nobody re-serialises a body.)
  auto decoded = decode_envelope(encode_envelope(scs), Limits{});
  json verified = decoded ? json(true) : json(false);
  if (decoded) {
    auto parsed = verify_and_parse(*decoded, kp.public_key, Limits{});
    verified = parsed.ok() && parsed->seq == cs.seq && parsed->changes.size() == cs.changes.size();
  }
  return {{"device", cs.device},
          {"body", scs.body},
          {"body_bytes", scs.body.size()},
          {"hash", scs.hash()},
          {"signature_base64", sig_b64(scs.sig)},
          {"values", vals},
          {"envelope", encode_envelope(scs)},
          {"verifies", verified}};
}

// ---- HLC ------------------------------------------------------------------------

inline json compute_hlc(const std::string& kind, const json& in) {
  if (kind == "hlc_text") {
    Hlc h{in.at("ms").get<std::uint64_t>(), in.at("counter").get<std::uint32_t>(),
          in.at("device").get<std::string>()};
    return {{"text", h.to_string()}};
  }
  if (kind == "hlc_parse") {
    auto h = Hlc::parse(in.at("text").get<std::string>());
    if (!h) return {{"valid", false}};
    return {{"valid", true}, {"ms", h->ms}, {"counter", h->counter}, {"device", h->device}};
  }
  if (kind == "hlc_order") {
    Hlc a = hlc_of(in.at("a")), b = hlc_of(in.at("b"));
    return {{"order", a < b ? -1 : (a == b ? 0 : 1)}};
  }
  if (kind == "hlc_clock") {
    std::uint64_t physical = 0;
    HlcClock clock(in.at("device").get<std::string>(), [&physical] { return physical; });
    json out = json::array();
    for (const auto& step : in.at("steps")) {
      const std::string op = step.at("op").get<std::string>();
      if (op == "now") {
        physical = step.at("physical_ms").get<std::uint64_t>();
        out.push_back(clock.now().to_string());
      } else if (op == "observe") {
        clock.observe(hlc_of(step.at("remote")));
        out.push_back(clock.last().to_string());
      } else if (op == "offset") {
        clock.set_offset_ms(step.at("offset_ms").get<std::int64_t>());
        out.push_back(clock.last().to_string());
      } else if (op == "restore") {
        clock.restore(hlc_of(step.at("last")));
        out.push_back(clock.last().to_string());
      } else {
        throw std::runtime_error("unknown clock step " + op);
      }
    }
    return {{"last_after_each_step", out}};
  }
  throw std::runtime_error("unknown hlc kind " + kind);
}

// ---- merge ----------------------------------------------------------------------

// A change in its body form (as in "changes" of a body), parsed by the real parser:
// it is wrapped in a one-change body signed with its device's fixed seed.
inline Change parse_body_change(const json& change, std::uint64_t seq) {
  const std::string device = hlc_of(change.at("t")).device;
  const std::string body =
      std::string("{\"terrain\":1,\"device\":\"") + device + "\",\"seq\":" + std::to_string(seq) +
      ",\"prev\":\"" + (seq == 1 ? std::string(kGenesisPrev) : std::string(64, 'a')) +
      "\",\"schema\":1,\"meeting\":\"global\",\"changes\":[" + change.dump() + "]}";
  SignedChangeSet scs;
  scs.body = body;
  scs.sig = sign(secret_of_device(device), kChangeSetContext, body);
  auto cs = verify_and_parse(scs, public_key_of(secret_of_device(device)), Limits{});
  if (!cs)
    throw std::runtime_error("a merge vector's change does not parse: " + cs.error().message);
  return cs->changes.at(0);
}

inline DetachedValues values_of(const json& in) {
  DetachedValues values;
  const json given = in.value("values", json::object());
  for (const auto& [h, v] : given.items()) {
    DetachedValue dv;
    if (v.value("redacted", false)) {
      dv.redacted = true;
    } else {
      dv.salt = unhex(v.at("salt").get<std::string>());
      dv.json = v.at("json").get<std::string>();
    }
    values[h] = dv;
  }
  return values;
}

// Applies the changes in the given order (indexes into input.changes).
inline json merge_in_order(const json& in, const std::vector<std::size_t>& order) {
  const DetachedValues values = values_of(in);
  RecordHistory h;
  for (std::size_t i : order) {
    const json& entry = in.at("changes").at(i);
    apply_change(h, parse_body_change(entry.at("change"), entry.at("seq").get<std::uint64_t>()),
                 entry.at("seq").get<std::uint64_t>(), values);
  }
  const RecordView v = materialise(h);
  json versions = json::object();
  for (const auto& [f, t] : v.versions) versions[f] = t.to_string();
  json counters = json::object();
  for (const auto& [f, per] : v.counters)
    for (const auto& [d, n] : per) counters[f][d] = n;
  json conflicts = json::array();
  for (const auto& c : v.conflicts) conflicts.push_back(c.to_json());
  return {
      {"exists", v.exists},
      {"cl", v.cl},
      {"view", v.to_json(in.at("collection").get<std::string>(), in.at("id").get<std::string>())},
      {"versions", versions},
      {"counters", counters},
      {"conflicts", conflicts}};
}

inline json compute_merge(const json& in) {
  std::vector<std::size_t> order(in.at("changes").size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  return merge_in_order(in, order);
}

// ---- receipts -------------------------------------------------------------------

inline json compute_receipt(const std::string& kind, const json& in) {
  if (kind == "receipt") {
    KeyPair kp = keypair_from_seed(in.at("server_seed").get<std::string>());
    Receipt r;
    const json& f = in.at("receipt");
    r.change_set = f.at("change_set").get<std::string>();
    r.device = f.at("device").get<std::string>();
    r.seq = f.at("seq").get<std::uint64_t>();
    r.position = f.at("position").get<std::uint64_t>();
    const std::string o = f.at("outcome").get<std::string>();
    r.outcome = o == "accepted"      ? Outcome::accepted
                : o == "quarantined" ? Outcome::quarantined
                                     : Outcome::rejected;
    r.reason = f.at("reason").get<std::string>();
    r.message = f.at("message").get<std::string>();
    r.epoch = f.at("epoch").get<std::string>();
    r.server_time_ms = f.at("server_time_ms").get<std::uint64_t>();
    SignedReceipt sr = sign_receipt(r, kp.secret_key);
    return {{"server_public_key", pk_hex(kp.public_key)},
            {"body", sr.body},
            {"signature_base64", sig_b64(sr.sig)},
            {"wire", sr.to_json()},
            {"verifies", verify_receipt(sr, kp.public_key).ok()}};
  }
  if (kind == "receipt_verify") {
    auto pk = public_key_from_hex(in.at("server_public_key").get<std::string>());
    if (!pk) return error_json(pk.error());
    auto sr = SignedReceipt::from_json(in.at("wire"));
    if (!sr) return error_json(sr.error());
    auto r = verify_receipt(*sr, *pk);
    if (!r) return error_json(r.error());
    return {{"code", "ok"},
            {"change_set", r->change_set},
            {"device", r->device},
            {"seq", r->seq},
            {"position", r->position},
            {"outcome", std::string(outcome_name(r->outcome))},
            {"reason", r->reason},
            {"epoch", r->epoch},
            {"server_time_ms", r->server_time_ms}};
  }
  throw std::runtime_error("unknown receipt kind " + kind);
}

// ---- refusals -------------------------------------------------------------------

inline std::string envelope_bytes(const json& in) {
  return in.contains("envelope") ? in.at("envelope").get<std::string>()
                                 : unhex(in.at("envelope_hex").get<std::string>());
}

inline json compute_refusal(const std::string& kind, const json& in) {
  auto pk = public_key_from_hex(in.at("author_public_key").get<std::string>());
  if (!pk) throw std::runtime_error("bad author key in a vector");
  SignedChangeSet scs;
  if (kind == "signed_body") {
    // Bytes no envelope can carry (a JSON string always decodes to valid UTF-8).
    scs.body = unhex(in.at("body_hex").get<std::string>());
    auto raw = from_base64(in.at("signature_base64").get<std::string>());
    if (!raw || raw->size() != 64) throw std::runtime_error("bad signature in a vector");
    std::copy(raw->begin(), raw->end(), scs.sig.begin());
  } else {
    auto decoded = decode_envelope(envelope_bytes(in), Limits{});
    if (!decoded) return error_json(decoded.error());
    scs = std::move(*decoded);
  }
  auto cs = verify_and_parse(scs, *pk, Limits{});
  if (!cs) return error_json(cs.error());
  if (kind == "schema") {
    Status st = SchemaRegistry::embedded().validate_change_set(*cs, scs.values, {}, {});
    if (!st.ok()) return error_json(st.error());
  }
  return {{"code", "ok"}};
}

// ---- dispatch -------------------------------------------------------------------

inline json compute(const json& vector) {
  const std::string kind = vector.at("kind").get<std::string>();
  const json& in = vector.at("input");
  if (kind == "json_text" || kind == "utf8" || kind == "base64" || kind == "base64_decode" ||
      kind == "uuid_v7" || kind == "uuid_check")
    return compute_encoding(kind, in);
  if (kind == "blake2b256" || kind == "value_hash" || kind == "device_id")
    return compute_hash(kind, in);
  if (kind == "keypair" || kind == "sign" || kind == "verify") return compute_signature(kind, in);
  if (kind == "change_set") return compute_change_set(in);
  if (kind.rfind("hlc_", 0) == 0) return compute_hlc(kind, in);
  if (kind == "merge") return compute_merge(in);
  if (kind == "receipt" || kind == "receipt_verify") return compute_receipt(kind, in);
  if (kind == "envelope" || kind == "signed_body" || kind == "schema")
    return compute_refusal(kind, in);
  throw std::runtime_error("unknown vector kind " + kind);
}

// The files and the least number of vectors each must hold (a lost file or a
// truncated one fails the test too).
inline const std::vector<std::pair<std::string, std::size_t>>& files() {
  static const std::vector<std::pair<std::string, std::size_t>> f = {
      {"encoding.json", 20}, {"hashes.json", 6}, {"signatures.json", 8}, {"change_sets.json", 3},
      {"hlc.json", 15},      {"merge.json", 15}, {"receipts.json", 5},   {"refusals.json", 50},
  };
  return f;
}

}  // namespace terrain::vectors
