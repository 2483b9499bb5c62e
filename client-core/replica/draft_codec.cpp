#include "draft_codec.h"

namespace terrain::replica_detail {
namespace {

Error damaged(const std::string& what) {
  return make_error(Errc::storage, "a stored draft is damaged: " + what);
}

Result<Hlc> hlc_of(const nlohmann::json& j) {
  if (!j.is_string()) return damaged("timestamp is not a string");
  auto h = Hlc::parse(j.get<std::string>());
  if (!h) return damaged("bad timestamp");
  return *h;
}

}  // namespace

std::string encode_draft(const Change& c) {
  nlohmann::json j;
  j["op"] = std::string(op_name(c.op));
  j["c"] = c.collection;
  j["id"] = c.id;
  j["t"] = c.t.to_string();
  j["cl"] = c.cl;
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : c.fields) {
    nlohmann::json w = {{"n", f.name}};
    if (f.base) w["base"] = f.base->to_string();
    if (f.detached)
      w["h"] = f.value_hash;
    else
      w["v"] = f.value;
    fields.push_back(std::move(w));
  }
  j["f"] = std::move(fields);
  nlohmann::json seen = nlohmann::json::object();
  for (const auto& [k, v] : c.seen) seen[k] = v.to_string();
  j["seen"] = std::move(seen);
  j["counter"] = c.counter;
  j["by"] = c.by;
  nlohmann::json res = nlohmann::json::array();
  for (const auto& h : c.resolves) res.push_back(h.to_string());
  j["resolves"] = std::move(res);
  return j.dump();
}

Result<Change> decode_draft(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return damaged("not a JSON object");
  try {
    Change c;
    auto op = op_from_name(j.at("op").get<std::string>());
    if (!op) return damaged("unknown op");
    c.op = *op;
    c.collection = j.at("c").get<std::string>();
    c.id = j.at("id").get<std::string>();
    auto t = hlc_of(j.at("t"));
    if (!t) return t.error();
    c.t = *t;
    c.cl = j.at("cl").get<std::uint32_t>();
    for (const auto& w : j.at("f")) {
      FieldWrite f;
      f.name = w.at("n").get<std::string>();
      if (w.contains("base")) {
        auto b = hlc_of(w.at("base"));
        if (!b) return b.error();
        f.base = *b;
      }
      if (w.contains("h")) {
        f.detached = true;
        f.value_hash = w.at("h").get<std::string>();
      } else {
        f.value = w.at("v");
      }
      c.fields.push_back(std::move(f));
    }
    for (const auto& [k, v] : j.at("seen").items()) {
      auto h = hlc_of(v);
      if (!h) return h.error();
      c.seen[k] = *h;
    }
    c.counter = j.at("counter").get<std::string>();
    c.by = j.at("by").get<std::int64_t>();
    for (const auto& r : j.at("resolves")) {
      auto h = hlc_of(r);
      if (!h) return h.error();
      c.resolves.push_back(*h);
    }
    return c;
  } catch (const nlohmann::json::exception& e) {
    return damaged(e.what());
  }
}

}  // namespace terrain::replica_detail
