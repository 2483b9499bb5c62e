// The push phase: every sealed change set without an outcome, in seq order, one
// request each, kept until it holds a verified receipt.
//
//   pending --mark_sent--> sent --200 + receipt (verified, pinned key)--> accepted |
//                                                                         quarantined
//                           |--clock_skew (request timestamp)--> offset learned, same
//                           |                                    bytes sent again once
//                           |                                    (Session::signed_request)
//                           |--clock_ahead + rejected receipt--> pending, restamp(offset)
//                           |--sequence_gap {expected_seq}-----> re-push from expected
//                           |--epoch_mismatch {epoch,last_seq}-> re-push what was lost
//                           +--no answer / other error---------> stays sent: the next
//                                                               push gets the stored
//                                                               receipt (replay)
// Invariants:
//  1. A change set is marked sent before its bytes leave, so a lost answer can never
//     lead to re-signing it (restamp refuses sent change sets: that would be a fork).
//  2. Receipts are verified with the server key pinned at enrolment and must name
//     this device, this seq and this change set's hash (Replica::record_receipt).
//  3. Pushing stops at the first change set without an outcome: the server accepts
//     a device's change sets only in seq order anyway.
#include <cstdlib>

#include "session.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/receipt.h"

namespace terrain::sync::detail {
namespace {

Result<std::pair<SignedReceipt, Receipt>> verified_receipt(const Session& s,
                                                           const nlohmann::json& j) {
  auto sr = SignedReceipt::from_json(j);
  if (!sr) return make_error(Errc::malformed, "the server's receipt is malformed");
  auto r = verify_receipt(*sr, *s.server.public_key);
  if (!r) return make_error(Errc::bad_signature, "the server's receipt does not verify");
  return std::make_pair(*sr, *r);
}

}  // namespace

Status Session::change_epoch(const nlohmann::json& details) {
  if (!details.contains("epoch") || !details["epoch"].is_string() ||
      !details.contains("last_seq") || !details["last_seq"].is_number_unsigned())
    return make_error(Errc::malformed, "epoch_mismatch without epoch and last_seq");
  const std::string epoch = details["epoch"].get<std::string>();
  auto n = replica.handle_epoch_change(epoch, details["last_seq"].get<std::uint64_t>());
  if (!n) return n.error();
  server.epoch = epoch;
  summary.epoch_changed = true;
  return {};
}

Result<Step> push_outbox(Session& s) {
  auto pending = s.replica.pending();
  if (!pending) return pending.error();
  const std::uint64_t total = s.push_done + pending->size();
  s.progress.report(Phase::push, s.push_done, total);
  for (std::size_t i = 0; i < pending->size();) {
    if (s.cancelled()) return Step::cancelled;
    const PendingChangeSet& p = (*pending)[i];
    TERRAIN_RETURN_IF_ERROR(s.replica.mark_sent(p.seq));
    HeaderList headers;
    if (!s.server.epoch.empty()) headers.emplace_back("X-Terrain-Epoch", s.server.epoch);
    Details details;
    auto answer = s.signed_request("POST", "/v1/push", encode_envelope(p.signed_change_set),
                                   headers, details);
    if (answer) {
      if (!answer->contains("receipt")) return make_error(Errc::malformed, "push without receipt");
      auto rc = verified_receipt(s, (*answer)["receipt"]);
      if (!rc) return rc.error();
      TERRAIN_RETURN_IF_ERROR(s.replica.record_receipt(p.seq, rc->first, rc->second));
      ++s.summary.pushed;
      if (rc->second.outcome == Outcome::quarantined)
        ++s.summary.quarantined;
      else
        ++s.summary.accepted;
      s.progress.report(Phase::push, ++s.push_done, total);
      ++i;
      continue;
    }
    const Errc code = answer.error().code;
    const auto& e = details.error;
    if (code == Errc::clock_ahead) {
      // Keep the explicit rejection, learn the server's time, re-stamp and re-sign
      // this change set and everything after it (never an acknowledged one).
      if (e.contains("receipt")) {
        auto rc = verified_receipt(s, e["receipt"]);
        if (!rc) return rc.error();
        TERRAIN_RETURN_IF_ERROR(s.replica.record_receipt(p.seq, rc->first, rc->second));
      }
      auto offset = server_offset(s.transport, e);
      if (!offset) return answer.error();
      // An offset already right within jitter stays as it is (the clock was wrong
      // when these changes were captured, not now).
      const std::int64_t current = s.replica.clock_offset_ms();
      if (std::llabs(*offset - current) <= kDriftMs) offset = current;
      auto n = s.replica.restamp(*offset, p.seq);
      if (!n) return n.error();
      s.summary.restamped += *n;
      return Step::restart;
    }
    if (code == Errc::sequence_gap && e.contains("expected_seq") &&
        e["expected_seq"].is_number_unsigned()) {
      const auto expected = e["expected_seq"].get<std::uint64_t>();
      if (expected == 0 || expected >= p.seq) return answer.error();
      // The server lacks change sets this device holds receipts for: push them again.
      auto n = s.replica.handle_epoch_change(s.server.epoch, expected - 1);
      if (!n) return n.error();
      return Step::restart;
    }
    if (code == Errc::epoch_mismatch) {
      TERRAIN_RETURN_IF_ERROR(s.change_epoch(e));
      return Step::restart;
    }
    return answer.error();
  }
  return Step::done;
}

}  // namespace terrain::sync::detail
