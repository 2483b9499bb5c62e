// Receipts: the server's signed acknowledgement of one change set.
//
// A tablet keeps a change set in its outbox until it holds a receipt for it that
// verifies with the server's public key (pinned at enrolment). The receipt's body
// is exact signed bytes, like a change set's: kReceiptContext || body.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "terrain/protocol/crypto.h"
#include "terrain/protocol/errors.h"

namespace terrain {

enum class Outcome { accepted, quarantined, rejected };
std::string_view outcome_name(Outcome o) noexcept;

struct Receipt {
  std::string change_set;  // hex hash of the change set body
  std::string device;
  std::uint64_t seq = 0;
  std::uint64_t position = 0;  // position in the server's log (0 when not logged)
  Outcome outcome = Outcome::accepted;
  std::string reason;   // error code name when quarantined or rejected
  std::string message;  // human-readable detail (no personal data)
  std::string epoch;    // the server log's epoch
  std::uint64_t server_time_ms = 0;
};

struct SignedReceipt {
  std::string body;  // exact signed bytes
  Signature sig{};
  nlohmann::json to_json() const;  // {"body": "...", "sig": "<base64>"}
  static Result<SignedReceipt> from_json(const nlohmann::json& j);
};

std::string encode_receipt_body(const Receipt& r);
SignedReceipt sign_receipt(const Receipt& r, const SecretKey& server_key);
Result<Receipt> verify_receipt(const SignedReceipt& sr, const PublicKey& server_key);

}  // namespace terrain
