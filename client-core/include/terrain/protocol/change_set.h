// Signed change sets: the unit a device signs, the server verifies, stores and
// serves, and every replica merges.
//
// Design (see docs/protocol.md for the byte-level specification):
//  1. The body is UTF-8 JSON text written once by the author (encode_body) and then
//     kept as exact bytes forever. It is never re-serialised: the signature, the
//     change set's hash and the next change set's `prev` are all over those bytes.
//  2. The Ed25519 signature covers kChangeSetContext || body. It is checked before
//     the body is parsed (verify_and_parse).
//  3. A field value is either inline in the body ({"v": value}) or detached
//     ({"h": hex}): the body then holds only BLAKE2b-256(salt || value JSON text),
//     and the value travels beside the body with its 16-byte random salt. Personal
//     values (schema mark x-personal) are always detached, so they can be redacted
//     later (GDPR erasure) by dropping value and salt: every signature and the hash
//     chain still verify, and the field merges as redacted everywhere. The salt
//     stops anyone from confirming a guessed name against the hash.
//  4. Causal length `cl` (odd: the record exists, even: deleted) tags every change
//     with the incarnation of the record it was made in; see merge.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terrain/protocol/crypto.h"
#include "terrain/protocol/errors.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/limits.h"

namespace terrain {

inline constexpr int kChangeSetFormat = 1;
inline constexpr std::string_view kGenesisPrev =
    "0000000000000000000000000000000000000000000000000000000000000000";

enum class Op {
  create,   // a record comes to exist (first time, or again after a delete) with fields
  set,      // set one or more fields of an existing record
  del,      // delete the record (tombstone)
  inc,      // add `by` (may be negative) to a counter field, kept per device
  resolve,  // acknowledge versions shown as conflicts, without changing values
};
std::string_view op_name(Op op) noexcept;
std::optional<Op> op_from_name(std::string_view name) noexcept;

struct FieldWrite {
  std::string name;
  std::optional<Hlc> base;  // the version of this field the writer saw, if any
  bool detached = false;    // value travels outside the body, bound by value_hash
  nlohmann::json value;     // inline value (detached == false)
  std::string value_hash;   // 64 hex digits (detached == true)
};

struct Change {
  Op op = Op::set;
  std::string collection;
  std::string id;                   // UUID of the record
  Hlc t;                            // the change's version; t.device is the author
  std::uint32_t cl = 1;             // causal length after the change: odd exists, even deleted
  std::vector<FieldWrite> fields;   // create, set
  std::map<std::string, Hlc> seen;  // del: winning version of each field the deleter saw
  std::string counter;              // inc: the counter field
  std::int64_t by = 0;              // inc: the step
  std::vector<Hlc> resolves;        // set, resolve: conflict versions acknowledged
};

struct ChangeSet {
  int format = kChangeSetFormat;
  std::string device;              // author's device id (16 hex)
  std::uint64_t seq = 0;           // 1, 2, 3... per device, no gaps
  std::string prev{kGenesisPrev};  // hex BLAKE2b-256 of the previous body of this device
  int schema = 0;                  // schema bundle version the author validated against
  std::string meeting;             // the one meeting every change belongs to
  std::vector<Change> changes;
};

// A detached value as it travels. json is the value's exact JSON text.
struct DetachedValue {
  std::string salt;  // 16 raw bytes
  std::string json;
  bool redacted = false;  // value and salt dropped by an erasure
};
using DetachedValues = std::map<std::string, DetachedValue>;  // by hex hash

// Makes a detached value with a fresh salt; returns its hex hash.
std::string make_detached(const nlohmann::json& value, DetachedValues& into);
// Checks a detached value against its hash.
bool detached_matches(const std::string& hex_hash, const DetachedValue& v);

struct SignedChangeSet {
  std::string body;  // exact signed bytes
  Signature sig{};
  DetachedValues values;
  // Hex BLAKE2b-256 of body: the change set's identity and its successor's prev.
  std::string hash() const;
};

// Writes the canonical body bytes for a change set (deterministic, compact JSON).
std::string encode_body(const ChangeSet& cs);
// Writes, signs and packs a change set. Values must contain every detached hash.
SignedChangeSet seal(const ChangeSet& cs, DetachedValues values, const SecretKey& sk);

// Verifies the signature over the exact body bytes with the author's key, and only
// then parses the body (with depth and size limits) and checks its structure: every
// change by the body's device, ids are UUIDs, op and causal length agree, limits on
// counts and sizes, detached values present match their hashes (a missing or
// redacted value is allowed: it merges as redacted). Nothing is modified.
Result<ChangeSet> verify_and_parse(const SignedChangeSet& scs, const PublicKey& author,
                                   const Limits& limits);
// The body's device id, read without trusting anything else (to find the key to
// verify with). Does not verify.
Result<std::string> peek_device(const SignedChangeSet& scs, const Limits& limits);

// Wire envelope: {"body": "<body text>", "sig": "<base64>", "values": {"<hash>":
// {"salt": "<hex>", "json": "<value text>"} | {"redacted": true}}}
nlohmann::json envelope_to_json(const SignedChangeSet& scs);
// The envelope's "values" object alone (what the server stores beside the body).
nlohmann::json values_to_json(const DetachedValues& values);
Result<SignedChangeSet> envelope_from_json(const nlohmann::json& j, const Limits& limits);
std::string encode_envelope(const SignedChangeSet& scs);
// Checks size, UTF-8 and depth on the raw bytes before parsing.
Result<SignedChangeSet> decode_envelope(std::string_view bytes, const Limits& limits);

}  // namespace terrain
