// A field tablet for tests, built from the protocol layer only: its own Ed25519
// key, hash chain and hybrid logical clock, writing changes that it seals into
// signed change sets (one per meeting) and pushes to a real terrain-server with
// signed requests (docs/protocol-http.md). Its clock can run behind or ahead of
// real time, so tests can make data "captured days ago" arrive now (a late
// sync), or make one tablet's edit win over another's (conflicts).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/ids.h"
#include "terrain/protocol/schema.h"

namespace terrain::test {

inline std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The bytes a device signs for one request, per docs/protocol-http.md:
// METHOD "\n" TARGET "\n" TIMESTAMP "\n" hex(BLAKE2b-256(body)), after the context.
inline std::string request_bytes(const std::string& method, const std::string& target,
                                 const std::string& timestamp, const std::string& body) {
  return method + "\n" + target + "\n" + timestamp + "\n" + hex_of(blake2b256(body));
}

class FieldDevice {
 public:
  explicit FieldDevice(std::string label)
      : label_(std::move(label)),
        keys_(generate_keypair()),
        id_(device_id_of(keys_.public_key)),
        clock_(id_, [this] { return static_cast<std::uint64_t>(wall_ms() + offset_ms_); }) {}

  const std::string& id() const { return id_; }
  const std::string& label() const { return label_; }
  // Later changes are stamped this far from real time (negative: in the past).
  void set_clock_offset_ms(std::int64_t ms) { offset_ms_ = ms; }

  void enrol(const std::string& url, const std::string& code) {
    url_ = url;
    httplib::Client cli(url_);
    nlohmann::json body = {
        {"code", code}, {"public_key", hex_of(keys_.public_key)}, {"label", label_}};
    auto res = cli.Post("/v1/enrol", body.dump(), "application/json");
    if (!res || res->status != 200)
      throw std::runtime_error("enrolment failed: " + (res ? res->body : std::string("no answer")));
  }

  // ---- Writes (kept in a draft per meeting until push()) ----------------------
  std::string create(const std::string& meeting, const std::string& collection,
                     const nlohmann::json& fields, std::string id = {}) {
    if (id.empty()) id = new_uuid_v7();
    Change c;
    c.op = Op::create;
    c.collection = collection;
    c.id = id;
    c.t = clock_.now();
    c.cl = 1;
    Draft& d = draft(meeting);
    for (auto it = fields.begin(); it != fields.end(); ++it)
      c.fields.push_back(write(d, collection, it.key(), it.value(), {}));
    for (const auto& f : c.fields) versions_[id][f.name] = c.t;
    d.changes.push_back(std::move(c));
    return id;
  }

  // Sets fields; `base` is the version the writer saw (nullopt: the latest this
  // device wrote or saw through seen()).
  void set(const std::string& meeting, const std::string& collection, const std::string& id,
           const nlohmann::json& fields, std::optional<Hlc> base = std::nullopt) {
    Change c;
    c.op = Op::set;
    c.collection = collection;
    c.id = id;
    c.t = clock_.now();
    c.cl = 1;
    Draft& d = draft(meeting);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      std::optional<Hlc> b = base;
      if (!b && versions_.count(id) && versions_[id].count(it.key())) b = versions_[id][it.key()];
      c.fields.push_back(write(d, collection, it.key(), it.value(), b));
    }
    for (const auto& f : c.fields) versions_[id][f.name] = c.t;
    d.changes.push_back(std::move(c));
  }

  // Deletes a record this device created (it saw every version it wrote).
  void remove(const std::string& meeting, const std::string& collection, const std::string& id) {
    Change c;
    c.op = Op::del;
    c.collection = collection;
    c.id = id;
    c.t = clock_.now();
    c.cl = 2;
    for (const auto& [field, v] : versions_[id]) c.seen[field] = v;
    draft(meeting).changes.push_back(std::move(c));
  }

  void increment(const std::string& meeting, const std::string& collection, const std::string& id,
                 const std::string& field, std::int64_t by) {
    Change c;
    c.op = Op::inc;
    c.collection = collection;
    c.id = id;
    c.t = clock_.now();
    c.cl = 1;
    c.counter = field;
    c.by = by;
    draft(meeting).changes.push_back(std::move(c));
  }

  // The version at which this device last wrote a field of a record.
  Hlc version_of(const std::string& id, const std::string& field) {
    return versions_.at(id).at(field);
  }

  // ---- Push -------------------------------------------------------------------------
  // Seals every draft (one change set per meeting, in the order meetings were first
  // written) and pushes them in order. Returns each outcome ("accepted",
  // "quarantined"). Throws on a refusal: tests build valid chains.
  std::vector<std::string> push() {
    std::vector<std::string> outcomes;
    for (const auto& meeting : order_) {
      Draft& d = drafts_[meeting];
      if (d.changes.empty()) continue;
      ChangeSet cs;
      cs.device = id_;
      cs.seq = seq_ + 1;
      cs.prev = prev_;
      cs.schema = SchemaRegistry::embedded().version();
      cs.meeting = meeting;
      cs.changes = std::move(d.changes);
      SignedChangeSet scs = seal(cs, std::move(d.values), keys_.secret_key);
      d = Draft{};
      auto res = signed_request("POST", "/v1/push", encode_envelope(scs));
      if (res.first != 200) throw std::runtime_error("push refused: " + res.second);
      auto j = nlohmann::json::parse(res.second);
      seq_ = cs.seq;
      prev_ = scs.hash();
      outcomes.push_back(j.at("outcome").get<std::string>());
    }
    order_.clear();
    return outcomes;
  }

  // A signed request; returns (status, body).
  std::pair<int, std::string> signed_request(const std::string& method, const std::string& target,
                                             const std::string& body) {
    std::string ts = std::to_string(wall_ms());
    Signature sig =
        sign(keys_.secret_key, kRequestContext, request_bytes(method, target, ts, body));
    httplib::Headers h = {
        {"X-Terrain-Device", id_},
        {"X-Terrain-Timestamp", ts},
        {"X-Terrain-Signature",
         to_base64(std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))}};
    httplib::Client cli(url_);
    cli.set_read_timeout(30, 0);
    auto res = method == "POST" ? cli.Post(target.c_str(), h, body, "application/json")
                                : cli.Get(target.c_str(), h);
    if (!res) throw std::runtime_error("no answer from the server");
    return {res->status, res->body};
  }

 private:
  struct Draft {
    std::vector<Change> changes;
    DetachedValues values;
  };
  Draft& draft(const std::string& meeting) {
    if (std::find(order_.begin(), order_.end(), meeting) == order_.end()) order_.push_back(meeting);
    return drafts_[meeting];
  }
  FieldWrite write(Draft& d, const std::string& collection, const std::string& name,
                   const nlohmann::json& value, std::optional<Hlc> base) {
    FieldWrite w;
    w.name = name;
    w.base = std::move(base);
    const auto* info = SchemaRegistry::embedded().collection(collection);
    if (info && info->is_personal(name) && !value.is_null()) {
      w.detached = true;
      w.value_hash = make_detached(value, d.values);
    } else {
      w.value = value;
    }
    return w;
  }

  std::string label_;
  KeyPair keys_;
  std::string id_;
  std::int64_t offset_ms_ = 0;
  HlcClock clock_;
  std::string url_;
  std::uint64_t seq_ = 0;
  std::string prev_{kGenesisPrev};
  std::map<std::string, Draft> drafts_;
  std::vector<std::string> order_;
  std::map<std::string, std::map<std::string, Hlc>> versions_;
};

}  // namespace terrain::test
