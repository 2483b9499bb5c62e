// Raw HTTP clients for server tests: an administrator, and a device built from
// protocol functions only (keys, HLC, seq/prev chain, terrain::seal, signed
// requests), so the server is tested without the replica or the sync client.
#pragma once

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"
#include "terrain/protocol/hlc.h"
#include "terrain/protocol/receipt.h"
#include "terrain/protocol/schema.h"

namespace terrain::test {

struct Response {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  nlohmann::json json;
  // The error code of an error answer, or "".
  std::string code() const {
    if (json.is_object() && json.contains("error")) return json["error"].value("code", "");
    return "";
  }
};

inline std::uint64_t wall_ms() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

// A CA file trusted by the test clients (HTTPS tests set it).
inline std::string& test_ca_file() {
  static std::string path;
  return path;
}

class HttpClient {
 public:
  explicit HttpClient(std::string url) : url_(std::move(url)) {}
  Response send(const std::string& method, const std::string& target, const std::string& body,
                const std::string& content_type, httplib::Headers headers = {}) const {
    httplib::Client cli(url_);
    cli.set_connection_timeout(5, 0);
    cli.set_read_timeout(30, 0);
    cli.set_keep_alive(false);
    if (!test_ca_file().empty()) cli.set_ca_cert_path(test_ca_file());
    httplib::Result res = method == "GET"
                              ? cli.Get(target.c_str(), headers)
                              : cli.Post(target.c_str(), headers, body, content_type.c_str());
    Response r;
    if (!res) return r;
    r.status = res->status;
    r.body = res->body;
    r.json = nlohmann::json::parse(r.body, nullptr, false);
    return r;
  }
  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

inline nlohmann::json meeting_fields(const std::string& cycle = "Rencontres territoriales 2024",
                                     const std::string& title = "Rencontre territoriale") {
  return {{"type", "rencontre_territoriale"},
          {"format", "presentiel"},
          {"title", title},
          {"cycle", cycle},
          {"starts_at", "2024-06-13T09:30:00+02:00"},
          {"status", "planifiee"}};
}

inline nlohmann::json attendee_fields(const std::string& meeting, const std::string& name) {
  return {{"meeting", meeting},   {"display_name", name},
          {"actor_type", "mdph"}, {"organisation", "MDPH du Rhône"},
          {"department", "69"},   {"role", "participant"},
          {"consent", true}};
}

class AdminClient {
 public:
  AdminClient(const std::string& url, const std::string& name, const std::string& password)
      : http_(url) {
    auto r = http_.send("POST", "/admin/login",
                        nlohmann::json({{"name", name}, {"password", password}}).dump(),
                        "application/json");
    REQUIRE(r.status == 200);
    token_ = r.json["token"].get<std::string>();
  }
  Response get(const std::string& path) const {
    return http_.send("GET", path, "", "", {{"Authorization", "Bearer " + token_}});
  }
  Response post(const std::string& path, const nlohmann::json& body) const {
    return http_.send("POST", path, body.dump(), "application/json",
                      {{"Authorization", "Bearer " + token_}});
  }
  std::string enrolment_code(const std::string& role, const nlohmann::json& scope,
                             std::int64_t ttl_s = 3600) const {
    auto r = post("/admin/enrolment-codes", {{"role", role}, {"scope", scope}, {"ttl_s", ttl_s}});
    REQUIRE(r.status == 201);
    return r.json["code"].get<std::string>();
  }
  // A central change set creating a meeting; returns its position.
  std::uint64_t create_meeting(const std::string& meeting,
                               const std::string& cycle = "Rencontres territoriales 2024") const {
    auto r = post("/admin/changes", {{"meeting", meeting},
                                     {"changes",
                                      {{{"op", "create"},
                                        {"collection", "meeting"},
                                        {"id", meeting},
                                        {"fields", meeting_fields(cycle)}}}}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json["position"].get<std::uint64_t>();
  }
  nlohmann::json records(const std::string& meeting) const {
    auto r = get("/admin/meetings/" + meeting + "/records");
    REQUIRE(r.status == 200);
    return r.json["records"];
  }
  nlohmann::json device(const std::string& id) const {
    auto r = get("/admin/devices");
    REQUIRE(r.status == 200);
    for (const auto& d : r.json["devices"])
      if (d["device_id"] == id) return d;
    return nullptr;
  }
  // Everything an administrator can see about these meetings, as one string:
  // equal strings, equal server state.
  std::string state(const std::vector<std::string>& meetings) const {
    nlohmann::json s;
    auto devices = get("/admin/devices").json["devices"];
    for (auto& d : devices) d.erase("last_seen_ms");
    s["devices"] = devices;
    s["quarantine"] = get("/admin/quarantine").json["change_sets"];
    for (const auto& m : meetings) s["records"][m] = records(m);
    return s.dump(1);
  }

 private:
  HttpClient http_;
  std::string token_;
};

class RawDevice {
 public:
  explicit RawDevice(std::string url, KeyPair k = generate_keypair())
      : keys(k), http_(std::move(url)), clock_(id, [this] { return wall_ms() + skew_ms; }) {}

  KeyPair keys;
  std::string id = device_id_of(keys.public_key);
  std::int64_t skew_ms = 0;  // this device's clock error
  std::uint64_t seq = 0;
  std::string prev{kGenesisPrev};
  std::string epoch;
  PublicKey server_key{};

  Response enrol(const std::string& code) {
    auto r =
        http_.send("POST", "/v1/enrol",
                   nlohmann::json({{"code", code}, {"public_key", hex_of(keys.public_key)}}).dump(),
                   "application/json");
    if (r.status == 200) {
      epoch = r.json["epoch"].get<std::string>();
      server_key = public_key_from_hex(r.json["server_public_key"].get<std::string>()).value();
    }
    return r;
  }

  Change write(Op op, const std::string& collection, const std::string& record,
               const nlohmann::json& fields, DetachedValues& values, std::uint32_t cl = 1,
               std::optional<Hlc> base = std::nullopt) {
    Change c;
    c.op = op;
    c.collection = collection;
    c.id = record;
    c.t = clock_.now();
    c.cl = cl;
    const CollectionInfo* info = SchemaRegistry::embedded().collection(collection);
    for (const auto& [name, v] : fields.items()) {
      FieldWrite w;
      w.name = name;
      w.base = base;
      if (info && info->is_personal(name)) {
        w.detached = true;
        w.value_hash = make_detached(v, values);
      } else {
        w.value = v;
      }
      c.fields.push_back(std::move(w));
    }
    return c;
  }
  // Seals the next change set of this device's chain.
  SignedChangeSet next(std::vector<Change> changes, DetachedValues values,
                       const std::string& meeting) {
    ChangeSet cs;
    cs.device = id;
    cs.seq = ++seq;
    cs.prev = prev;
    cs.schema = SchemaRegistry::embedded().version();
    cs.meeting = meeting;
    cs.changes = std::move(changes);
    SignedChangeSet s = seal(cs, std::move(values), keys.secret_key);
    prev = s.hash();
    return s;
  }
  // One attendee created in one change set.
  SignedChangeSet check_in(const std::string& meeting, const std::string& record,
                           const std::string& name) {
    DetachedValues v;
    auto c = write(Op::create, "attendance", record, attendee_fields(meeting, name), v);
    return next({c}, std::move(v), meeting);
  }

  Response request(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type = "application/json",
                   httplib::Headers extra = {}) const {
    std::string ts = std::to_string(static_cast<std::int64_t>(wall_ms()) + skew_ms);
    std::string bytes = method + "\n" + target + "\n" + ts + "\n" + hex_of(blake2b256(body));
    Signature sig = sign(keys.secret_key, kRequestContext, bytes);
    httplib::Headers h = {
        {"X-Terrain-Device", id},
        {"X-Terrain-Timestamp", ts},
        {"X-Terrain-Signature",
         to_base64(std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))}};
    for (const auto& [k, v] : extra) h.emplace(k, v);
    return http_.send(method, target, body, content_type, h);
  }
  Response push(const SignedChangeSet& scs, httplib::Headers extra = {}) const {
    return request("POST", "/v1/push", encode_envelope(scs), "application/json", std::move(extra));
  }
  Response pull(const std::string& cursor = "", std::size_t limit = 0) const {
    std::string target = "/v1/pull?after=" + cursor;
    if (limit) target += "&limit=" + std::to_string(limit);
    return request("GET", target, "");
  }
  // The receipt of a push answer, verified with the server key from enrolment.
  Receipt receipt(const Response& r) const {
    auto sr = SignedReceipt::from_json(r.json["receipt"]);
    REQUIRE(sr.ok());
    auto rc = verify_receipt(*sr, server_key);
    REQUIRE(rc.ok());
    return *rc;
  }
  HlcClock& clock() { return clock_; }

 private:
  HttpClient http_;
  HlcClock clock_;
};

}  // namespace terrain::test
