// Change sets: writing, signing, verifying and parsing. See change_set.h and
// docs/protocol.md ("Change sets") for the format.
#include "terrain/protocol/change_set.h"

#include <algorithm>
#include <set>

#include "terrain/protocol/encoding.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/json_guard.h"

namespace terrain {
namespace {

using ordered = nlohmann::ordered_json;

constexpr std::string_view kBodyPrefix = "{\"terrain\":1,\"device\":\"";
constexpr std::size_t kSaltBytes = 16;

bool is_device_id(std::string_view s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool is_hex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool is_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  if (!(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string sig_bytes(const Signature& s) {
  return std::string(reinterpret_cast<const char*>(s.data()), s.size());
}

Error bad(std::string message, std::string record = {}, std::string field = {}) {
  return make_error(Errc::malformed, std::move(message), std::move(record), std::move(field));
}

ordered field_to_json(const FieldWrite& f) {
  ordered o = ordered::object();
  if (f.detached)
    o["h"] = f.value_hash;
  else
    o["v"] = f.value;
  if (f.base) o["base"] = f.base->to_string();
  return o;
}

ordered change_to_json(const Change& c) {
  ordered o = ordered::object();
  o["op"] = std::string(op_name(c.op));
  o["c"] = c.collection;
  o["id"] = c.id;
  o["t"] = c.t.to_string();
  o["cl"] = c.cl;
  switch (c.op) {
    case Op::create:
    case Op::set: {
      ordered f = ordered::object();
      for (const auto& w : c.fields) f[w.name] = field_to_json(w);
      o["f"] = std::move(f);
      break;
    }
    case Op::del: {
      ordered seen = ordered::object();
      for (const auto& [k, v] : c.seen) seen[k] = v.to_string();
      o["seen"] = std::move(seen);
      break;
    }
    case Op::inc:
      o["field"] = c.counter;
      o["by"] = c.by;
      break;
    case Op::resolve:
      break;
  }
  if (!c.resolves.empty() || c.op == Op::resolve) {
    ordered r = ordered::array();
    for (const auto& h : c.resolves) r.push_back(h.to_string());
    o["resolves"] = std::move(r);
  }
  return o;
}

Result<Hlc> parse_hlc(const nlohmann::json& j, const std::string& record, const std::string& what) {
  if (!j.is_string()) return bad(what + " must be a timestamp string", record);
  auto h = Hlc::parse(j.get_ref<const std::string&>());
  if (!h) return bad(what + " is not a valid timestamp", record);
  return *h;
}

Result<FieldWrite> parse_field(const std::string& name, const nlohmann::json& j,
                               const std::string& record, const Limits& limits) {
  if (!is_name(name)) return bad("invalid field name", record, name);
  if (!j.is_object()) return bad("field entry must be an object", record, name);
  FieldWrite w;
  w.name = name;
  for (const auto& [k, v] : j.items()) {
    if (k == "v") {
      w.value = v;
      if (v.dump().size() > limits.max_value_bytes)
        return make_error(Errc::too_large,
                          "value exceeds " + std::to_string(limits.max_value_bytes) + " bytes",
                          record, name);
    } else if (k == "h") {
      if (!v.is_string() || !is_hex64(v.get_ref<const std::string&>()))
        return bad("detached value hash must be 64 hex digits", record, name);
      w.detached = true;
      w.value_hash = v.get<std::string>();
    } else if (k == "base") {
      auto h = parse_hlc(v, record, "base of field '" + name + "'");
      if (!h) return h.error();
      w.base = *h;
    } else {
      return bad("unknown key '" + k + "' in field entry", record, name);
    }
  }
  if (w.detached == j.contains("v"))
    return bad("field entry needs exactly one of v or h", record, name);
  return w;
}

Result<Change> parse_change(const nlohmann::json& j, const ChangeSet& cs, const Limits& limits) {
  if (!j.is_object()) return bad("each change must be an object");
  auto str = [&](const char* key) -> const std::string* {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
  };
  Change c;
  const std::string* op = str("op");
  const std::string* coll = str("c");
  const std::string* id = str("id");
  if (!op || !coll || !id) return bad("a change needs string op, c and id");
  auto parsed_op = op_from_name(*op);
  if (!parsed_op) return bad("unknown op '" + *op + "'");
  c.op = *parsed_op;
  if (!is_name(*coll)) return bad("invalid collection name");
  c.collection = *coll;
  if (!is_uuid(*id)) return bad("record id must be a lowercase UUID", c.collection);
  c.id = *id;
  const std::string record = c.collection + "/" + c.id;
  auto t = j.find("t");
  if (t == j.end()) return bad("a change needs a timestamp t", record);
  auto ts = parse_hlc(*t, record, "t");
  if (!ts) return ts.error();
  c.t = *ts;
  if (c.t.device != cs.device)
    return bad("change timestamp is not from the change set's device", record);
  auto cl = j.find("cl");
  if (cl == j.end() || !cl->is_number_unsigned() || cl->get<std::uint64_t>() == 0 ||
      cl->get<std::uint64_t>() > 0xffffffffULL)
    return bad("cl must be a positive integer", record);
  c.cl = cl->get<std::uint32_t>();
  const bool odd = (c.cl % 2) == 1;
  if ((c.op == Op::del) == odd)
    return bad(c.op == Op::del ? "a delete must have an even cl" : "this op needs an odd cl",
               record);

  std::set<std::string> allowed{"op", "c", "id", "t", "cl", "resolves"};
  switch (c.op) {
    case Op::create:
    case Op::set: {
      allowed.insert("f");
      auto f = j.find("f");
      if (f == j.end() || !f->is_object() || f->empty())
        return bad("create and set need a non-empty object f", record);
      if (f->size() > limits.max_fields_per_change)
        return make_error(Errc::too_large,
                          "more than " + std::to_string(limits.max_fields_per_change) + " fields",
                          record);
      for (const auto& [name, entry] : f->items()) {
        auto w = parse_field(name, entry, record, limits);
        if (!w) return w.error();
        c.fields.push_back(std::move(*w));
      }
      break;
    }
    case Op::del: {
      allowed.insert("seen");
      auto seen = j.find("seen");
      if (seen == j.end() || !seen->is_object())
        return bad("a delete needs an object seen", record);
      if (seen->size() > limits.max_fields_per_change)
        return make_error(Errc::too_large, "seen has too many fields", record);
      for (const auto& [name, v] : seen->items()) {
        if (!is_name(name)) return bad("invalid field name in seen", record, name);
        auto h = parse_hlc(v, record, "seen version");
        if (!h) return h.error();
        c.seen.emplace(name, *h);
      }
      break;
    }
    case Op::inc: {
      allowed.insert("field");
      allowed.insert("by");
      const std::string* field = str("field");
      if (!field || !is_name(*field)) return bad("an increment needs a field name", record);
      c.counter = *field;
      auto by = j.find("by");
      if (by == j.end() || !by->is_number_integer())
        return bad("an increment needs an integer by", record, c.counter);
      c.by = by->get<std::int64_t>();
      if (c.by == 0 || c.by > limits.max_counter_step || c.by < -limits.max_counter_step)
        return make_error(Errc::too_large,
                          "increment must be non-zero and at most " +
                              std::to_string(limits.max_counter_step) + " in size",
                          record, c.counter);
      break;
    }
    case Op::resolve:
      break;
  }
  if (auto r = j.find("resolves"); r != j.end()) {
    if (c.op != Op::set && c.op != Op::resolve)
      return bad("only set and resolve may acknowledge versions", record);
    if (!r->is_array()) return bad("resolves must be an array", record);
    if (r->size() > limits.max_fields_per_change)
      return make_error(Errc::too_large, "resolves has too many versions", record);
    for (const auto& v : *r) {
      auto h = parse_hlc(v, record, "resolved version");
      if (!h) return h.error();
      c.resolves.push_back(*h);
    }
  }
  if (c.op == Op::resolve && c.resolves.empty())
    return bad("a resolve needs at least one version", record);
  for (const auto& [k, v] : j.items())
    if (!allowed.count(k)) return bad("unknown key '" + k + "' in change", record);
  return c;
}

Status check_values(const ChangeSet& cs, const DetachedValues& values, const Limits& limits) {
  std::set<std::string> referenced;
  for (const auto& c : cs.changes)
    for (const auto& f : c.fields)
      if (f.detached) referenced.insert(f.value_hash);
  for (const auto& [hash, v] : values) {
    if (!referenced.count(hash))
      return bad("detached value " + hash + " is not referenced by the body");
    if (v.redacted) continue;
    if (v.salt.size() != kSaltBytes) return bad("detached value salt must be 16 bytes");
    if (v.json.size() > limits.max_value_bytes)
      return make_error(Errc::too_large, "detached value exceeds " +
                                             std::to_string(limits.max_value_bytes) + " bytes");
    if (!detached_matches(hash, v))
      return make_error(Errc::hash_mismatch, "detached value does not match its hash " + hash);
    auto parsed =
        parse_json_guarded(v.json, limits.max_value_bytes, limits.max_json_depth, "detached value");
    if (!parsed) return parsed.error();
    if (duplicate_member_name(v.json))
      return bad("detached value " + hash + " has an object with a duplicate name");
  }
  return Status::Ok();
}

}  // namespace

std::string_view op_name(Op op) noexcept {
  switch (op) {
    case Op::create:
      return "create";
    case Op::set:
      return "set";
    case Op::del:
      return "del";
    case Op::inc:
      return "inc";
    case Op::resolve:
      return "resolve";
  }
  return "set";
}

std::optional<Op> op_from_name(std::string_view n) noexcept {
  if (n == "create") return Op::create;
  if (n == "set") return Op::set;
  if (n == "del") return Op::del;
  if (n == "inc") return Op::inc;
  if (n == "resolve") return Op::resolve;
  return std::nullopt;
}

std::string make_detached(const nlohmann::json& value, DetachedValues& into) {
  DetachedValue v;
  v.salt = random_bytes(kSaltBytes);
  v.json = value.dump();
  std::string hash = hex_of(blake2b256_salted(v.salt, v.json));
  into[hash] = std::move(v);
  return hash;
}

bool detached_matches(const std::string& hex_hash, const DetachedValue& v) {
  if (v.redacted) return true;
  return hex_of(blake2b256_salted(v.salt, v.json)) == hex_hash;
}

std::string SignedChangeSet::hash() const {
  return hex_of(blake2b256(body));
}

std::string encode_body(const ChangeSet& cs) {
  ordered o = ordered::object();
  o["terrain"] = cs.format;
  o["device"] = cs.device;
  o["seq"] = cs.seq;
  o["prev"] = cs.prev;
  o["schema"] = cs.schema;
  o["meeting"] = cs.meeting;
  ordered changes = ordered::array();
  for (const auto& c : cs.changes) changes.push_back(change_to_json(c));
  o["changes"] = std::move(changes);
  return o.dump();
}

SignedChangeSet seal(const ChangeSet& cs, DetachedValues values, const SecretKey& sk) {
  SignedChangeSet s;
  s.body = encode_body(cs);
  s.sig = sign(sk, kChangeSetContext, s.body);
  s.values = std::move(values);
  return s;
}

Result<std::string> peek_device(const SignedChangeSet& scs, const Limits& limits) {
  if (scs.body.size() > limits.max_change_set_bytes)
    return make_error(Errc::too_large, "change set body exceeds " +
                                           std::to_string(limits.max_change_set_bytes) + " bytes");
  // The format fixes the body's first bytes, so the author is read without parsing.
  const std::string_view body = scs.body;
  if (body.size() < kBodyPrefix.size() + 17 || body.substr(0, kBodyPrefix.size()) != kBodyPrefix ||
      body[kBodyPrefix.size() + 16] != '"')
    return bad("change set body must begin with {\"terrain\":1,\"device\":\"<device id>\"");
  std::string device(body.substr(kBodyPrefix.size(), 16));
  if (!is_device_id(device)) return bad("device id must be 16 lowercase hex digits");
  return device;
}

Result<ChangeSet> verify_and_parse(const SignedChangeSet& scs, const PublicKey& author,
                                   const Limits& limits) {
  auto device = peek_device(scs, limits);
  if (!device) return device.error();
  if (device_id_of(author) != *device)
    return make_error(Errc::bad_signature, "the change set's device does not own this key");
  if (!verify(author, kChangeSetContext, scs.body, scs.sig))
    return make_error(Errc::bad_signature, "change set signature does not verify");

  auto parsed = parse_json_guarded(scs.body, limits.max_change_set_bytes, limits.max_json_depth,
                                   "change set body");
  if (!parsed) return parsed.error();
  // Parsers disagree on duplicate names (the first or the last wins): signed bytes
  // that two readers could read differently are refused.
  if (auto dup = duplicate_member_name(scs.body))
    return bad("change set body has a duplicate name" +
               (is_name(*dup) ? " '" + *dup + "'" : std::string()));
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return bad("change set body must be an object");
  ChangeSet cs;
  auto fmt = j.find("terrain");
  if (fmt == j.end() || !fmt->is_number_integer()) return bad("missing format version");
  cs.format = fmt->get<int>();
  if (cs.format != kChangeSetFormat)
    return make_error(Errc::unsupported_version,
                      "change set format " + std::to_string(cs.format) + " is not supported");
  cs.device = *device;
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0)
    return bad("seq must be a positive integer");
  cs.seq = seq->get<std::uint64_t>();
  auto prev = j.find("prev");
  if (prev == j.end() || !prev->is_string() || !is_hex64(prev->get_ref<const std::string&>()))
    return bad("prev must be 64 hex digits");
  cs.prev = prev->get<std::string>();
  if (cs.seq == 1 && cs.prev != kGenesisPrev)
    return bad("the first change set's prev must be zeros");
  auto schema = j.find("schema");
  if (schema == j.end() || !schema->is_number_unsigned() || schema->get<std::uint64_t>() == 0 ||
      schema->get<std::uint64_t>() > 1000000)
    return bad("schema must be a positive integer");
  cs.schema = schema->get<int>();
  auto meeting = j.find("meeting");
  if (meeting == j.end() || !meeting->is_string()) return bad("meeting must be a string");
  cs.meeting = meeting->get<std::string>();
  if (cs.meeting != "global" && !is_uuid(cs.meeting))
    return bad("meeting must be a lowercase UUID or \"global\"");
  auto changes = j.find("changes");
  if (changes == j.end() || !changes->is_array() || changes->empty())
    return bad("changes must be a non-empty array");
  if (changes->size() > limits.max_changes_per_set)
    return make_error(Errc::too_large, "change set has " + std::to_string(changes->size()) +
                                           " changes; the limit is " +
                                           std::to_string(limits.max_changes_per_set));
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (k != "terrain" && k != "device" && k != "seq" && k != "prev" && k != "schema" &&
        k != "meeting" && k != "changes")
      return bad("unknown key '" + k + "' in change set");
  }
  cs.changes.reserve(changes->size());
  for (const auto& cj : *changes) {
    auto c = parse_change(cj, cs, limits);
    if (!c) return c.error();
    cs.changes.push_back(std::move(*c));
  }
  if (auto st = check_values(cs, scs.values, limits); !st.ok()) return st.error();
  return cs;
}

nlohmann::json values_to_json(const DetachedValues& detached) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [hash, v] : detached) {
    if (v.redacted)
      values[hash] = {{"redacted", true}};
    else
      values[hash] = {{"salt", to_hex(v.salt)}, {"json", v.json}};
  }
  return values;
}

nlohmann::json envelope_to_json(const SignedChangeSet& scs) {
  return {{"body", scs.body},
          {"sig", to_base64(sig_bytes(scs.sig))},
          {"values", values_to_json(scs.values)}};
}

Result<SignedChangeSet> envelope_from_json(const nlohmann::json& j, const Limits& limits) {
  if (!j.is_object()) return bad("change set envelope must be an object");
  auto body = j.find("body");
  auto sig = j.find("sig");
  if (body == j.end() || !body->is_string()) return bad("envelope needs a string body");
  if (sig == j.end() || !sig->is_string()) return bad("envelope needs a base64 sig");
  SignedChangeSet s;
  s.body = body->get<std::string>();
  if (s.body.size() > limits.max_change_set_bytes)
    return make_error(Errc::too_large, "change set body is too large");
  auto raw = from_base64(sig->get_ref<const std::string&>());
  if (!raw || raw->size() != s.sig.size()) return bad("sig must be a 64-byte base64 signature");
  std::copy(raw->begin(), raw->end(), s.sig.begin());
  if (auto values = j.find("values"); values != j.end()) {
    if (!values->is_object()) return bad("values must be an object");
    for (const auto& [hash, v] : values->items()) {
      if (!is_hex64(hash)) return bad("a value key must be 64 hex digits");
      if (!v.is_object()) return bad("a detached value must be an object");
      DetachedValue dv;
      if (auto r = v.find("redacted"); r != v.end()) {
        if (!r->is_boolean() || !r->get<bool>() || v.size() != 1)
          return bad("a redacted value is exactly {\"redacted\": true}");
        dv.redacted = true;
      } else {
        auto salt = v.find("salt");
        auto json = v.find("json");
        if (salt == v.end() || !salt->is_string() || json == v.end() || !json->is_string() ||
            v.size() != 2)
          return bad("a detached value is {\"salt\": hex, \"json\": text}");
        auto salt_raw = from_hex(salt->get_ref<const std::string&>());
        if (!salt_raw || salt_raw->size() != kSaltBytes) return bad("salt must be 32 hex digits");
        dv.salt = std::move(*salt_raw);
        dv.json = json->get<std::string>();
      }
      s.values.emplace(hash, std::move(dv));
    }
  }
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (k != "body" && k != "sig" && k != "values")
      return bad("unknown key '" + k + "' in envelope");
  }
  return s;
}

std::string encode_envelope(const SignedChangeSet& scs) {
  return envelope_to_json(scs).dump();
}

Result<SignedChangeSet> decode_envelope(std::string_view bytes, const Limits& limits) {
  auto j = parse_json_guarded(bytes, limits.max_change_set_bytes, limits.max_json_depth,
                              "change set envelope");
  if (!j) return j.error();
  return envelope_from_json(*j, limits);
}

}  // namespace terrain
