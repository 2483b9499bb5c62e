#include "terrain/protocol/receipt.h"

#include "terrain/protocol/encoding.h"
#include "terrain/protocol/json_guard.h"

namespace terrain {

std::string_view outcome_name(Outcome o) noexcept {
  switch (o) {
    case Outcome::accepted:
      return "accepted";
    case Outcome::quarantined:
      return "quarantined";
    case Outcome::rejected:
      return "rejected";
  }
  return "rejected";
}

std::string encode_receipt_body(const Receipt& r) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  o["receipt"] = 1;
  o["change_set"] = r.change_set;
  o["device"] = r.device;
  o["seq"] = r.seq;
  o["position"] = r.position;
  o["outcome"] = std::string(outcome_name(r.outcome));
  o["reason"] = r.reason;
  o["message"] = r.message;
  o["epoch"] = r.epoch;
  o["server_time_ms"] = r.server_time_ms;
  return o.dump();
}

SignedReceipt sign_receipt(const Receipt& r, const SecretKey& server_key) {
  SignedReceipt s;
  s.body = encode_receipt_body(r);
  s.sig = sign(server_key, kReceiptContext, s.body);
  return s;
}

nlohmann::json SignedReceipt::to_json() const {
  return {
      {"body", body},
      {"sig", to_base64(std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))}};
}

Result<SignedReceipt> SignedReceipt::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("body") || !j["body"].is_string() || !j.contains("sig") ||
      !j["sig"].is_string())
    return make_error(Errc::malformed, "a receipt is {\"body\": text, \"sig\": base64}");
  SignedReceipt s;
  s.body = j["body"].get<std::string>();
  auto raw = from_base64(j["sig"].get_ref<const std::string&>());
  if (!raw || raw->size() != s.sig.size())
    return make_error(Errc::malformed, "receipt sig must be a 64-byte base64 signature");
  std::copy(raw->begin(), raw->end(), s.sig.begin());
  return s;
}

Result<Receipt> verify_receipt(const SignedReceipt& sr, const PublicKey& server_key) {
  if (!verify(server_key, kReceiptContext, sr.body, sr.sig))
    return make_error(Errc::bad_signature, "receipt signature does not verify with the server key");
  auto j = parse_json_guarded(sr.body, 64 * 1024, 4, "receipt");
  if (!j) return j.error();
  try {
    Receipt r;
    r.change_set = j->at("change_set").get<std::string>();
    r.device = j->at("device").get<std::string>();
    r.seq = j->at("seq").get<std::uint64_t>();
    r.position = j->at("position").get<std::uint64_t>();
    const auto outcome = j->at("outcome").get<std::string>();
    if (outcome == "accepted")
      r.outcome = Outcome::accepted;
    else if (outcome == "quarantined")
      r.outcome = Outcome::quarantined;
    else if (outcome == "rejected")
      r.outcome = Outcome::rejected;
    else
      return make_error(Errc::malformed, "unknown receipt outcome");
    r.reason = j->at("reason").get<std::string>();
    r.message = j->at("message").get<std::string>();
    r.epoch = j->at("epoch").get<std::string>();
    r.server_time_ms = j->at("server_time_ms").get<std::uint64_t>();
    return r;
  } catch (const nlohmann::json::exception&) {
    return make_error(Errc::malformed, "receipt body lacks a required field");
  }
}

}  // namespace terrain
