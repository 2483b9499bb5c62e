// The pull phase: pages after the stored cursor, each applied with its cursor in
// one replica transaction (Replica::apply_remote), so an interrupted pull resumes
// from the last page applied, never from zero and never skipping one.
//
// A page's entries are applied in log order. Change sets accumulate into a segment;
// a server notice (retraction, redaction) first applies the segment with the cursor
// just before the notice, then the notice, then stores the cursor just after it.
// Re-applying a notice after a crash between those two steps is harmless (both are
// idempotent); change sets are applied exactly once (keyed by hash).
#include <cstring>

#include "session.h"
#include "terrain/protocol/change_set.h"
#include "terrain/protocol/crypto.h"
#include "terrain/protocol/encoding.h"

namespace terrain::sync::detail {
namespace {

std::uint64_t cursor_position(const std::string& cursor) {
  auto colon = cursor.rfind(':');
  if (colon == std::string::npos) return 0;
  return std::strtoull(cursor.c_str() + colon + 1, nullptr, 10);
}

Result<Signature> signature_of(const nlohmann::json& e) {
  if (!e.contains("sig") || !e["sig"].is_string())
    return make_error(Errc::malformed, "a notice without signature");
  auto raw = from_base64(e["sig"].get<std::string>());
  if (!raw || raw->size() != Signature{}.size())
    return make_error(Errc::malformed, "a notice's signature is not base64 of 64 bytes");
  Signature sig{};
  std::memcpy(sig.data(), raw->data(), sig.size());
  return sig;
}

Status apply_notice(Session& s, const nlohmann::json& e) {
  if (!e.contains("body") || !e["body"].is_string())
    return make_error(Errc::malformed, "a notice without body");
  auto sig = signature_of(e);
  if (!sig) return sig.error();
  const std::string body = e["body"].get<std::string>();
  const std::string kind = e.value("kind", "");
  if (kind == "retraction") {
    auto n = s.replica.apply_retraction(SignedRetraction{body, *sig});
    if (!n) return n.error();
    return {};
  }
  if (kind == "redaction") {
    if (!verify(*s.server.public_key, kRetractionContext, body, *sig))
      return make_error(Errc::bad_signature, "a redaction notice is not signed by the server");
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("value_hashes") || !j["value_hashes"].is_array())
      return make_error(Errc::malformed, "a redaction notice without value_hashes");
    for (const auto& h : j["value_hashes"]) {
      if (!h.is_string()) return make_error(Errc::malformed, "a value hash is not text");
      auto n = s.replica.apply_redaction(h.get<std::string>());
      if (!n) return n.error();
    }
    return {};
  }
  // A notice kind from a newer server: skip it rather than block every later page.
  return {};
}

}  // namespace

Result<Step> pull_pages(Session& s) {
  auto stored = s.replica.cursor();
  if (!stored) return stored.error();
  std::string cursor = *stored;
  const std::uint64_t start = cursor_position(cursor);
  s.progress.report(Phase::pull, 0, 0);
  bool first_page = true;
  for (;;) {
    if (s.cancelled()) return Step::cancelled;
    std::string target = "/v1/pull?after=" + url_encode(cursor);
    if (s.options.pull_page_entries)
      target += "&limit=" + std::to_string(s.options.pull_page_entries);
    if (first_page) {
      // What this device says of itself, signed with the request (console's fleet page).
      if (auto info = s.replica.info(); info && info->contains("pending_change_sets"))
        target += "&pending=" + std::to_string((*info)["pending_change_sets"].get<std::uint64_t>());
      if (!s.options.app.empty()) target += "&app=" + url_encode(s.options.app);
      // The CNSA's decisions on this device's quarantined change sets since the last one.
      auto last = s.replica.last_decision_ms();
      if (!last) return last.error();
      target += "&decided_after=" + std::to_string(*last);
      first_page = false;
    }
    HeaderList headers;
    if (!s.server.epoch.empty()) headers.emplace_back("X-Terrain-Epoch", s.server.epoch);
    Details details;
    auto page = s.signed_request("GET", target, "", headers, details);
    if (!page) {
      if (page.error().code == Errc::epoch_mismatch) {
        TERRAIN_RETURN_IF_ERROR(s.change_epoch(details.error));
        return Step::restart;
      }
      return page.error();
    }
    const nlohmann::json& p = *page;
    if (!p.contains("entries") || !p["entries"].is_array() || !p.contains("cursor") ||
        !p["cursor"].is_string() || !p.contains("epoch") || !p["epoch"].is_string())
      return make_error(Errc::malformed, "a pull page without entries, cursor or epoch");
    const std::string epoch = p["epoch"].get<std::string>();
    const nlohmann::json keys = p.value("keys", nlohmann::json::object());
    if (p.contains("decisions") && p["decisions"].is_array()) {
      for (const auto& d : p["decisions"]) {
        if (!d.is_object() || !d.contains("hash") || !d["hash"].is_string() ||
            !d.contains("decided_ms") || !d["decided_ms"].is_number_integer())
          return make_error(Errc::malformed, "a pull page with a malformed decision");
        auto changed = s.replica.record_decision(
            d["hash"].get<std::string>(),
            d.value("state", "") == "accepted" ? "released" : "rejected",
            d["decided_ms"].get<std::int64_t>(), d.value("decision_reason", std::string()));
        if (!changed) return changed.error();
        if (*changed) ++s.summary.decisions;
      }
    }

    std::vector<RemoteChangeSet> segment;
    auto flush = [&](const std::string& at) -> Status {
      auto report = s.replica.apply_remote(segment, at);
      if (!report) return report.error();
      s.summary.pulled += report->applied;
      segment.clear();
      return {};
    };
    for (const auto& e : p["entries"]) {
      if (!e.is_object() || !e.contains("position") || !e["position"].is_number_unsigned())
        return make_error(Errc::malformed, "a pull entry without position");
      const auto position = e["position"].get<std::uint64_t>();
      const std::string kind = e.value("kind", "");
      if (kind == "change_set") {
        const std::string author = e.value("device", "");
        if (!keys.contains(author) || !keys[author].is_string())
          return make_error(Errc::malformed, "no key for author " + author + " in the page");
        auto key = public_key_from_hex(keys[author].get<std::string>());
        if (!key) return key.error();
        auto scs = envelope_from_json(e.value("change_set", nlohmann::json()), Limits{});
        if (!scs) return scs.error();
        segment.push_back(RemoteChangeSet{std::move(*scs), *key});
        continue;
      }
      TERRAIN_RETURN_IF_ERROR(flush(epoch + ":" + std::to_string(position - 1)));
      TERRAIN_RETURN_IF_ERROR(apply_notice(s, e));
      TERRAIN_RETURN_IF_ERROR(flush(epoch + ":" + std::to_string(position)));
    }
    cursor = p["cursor"].get<std::string>();
    TERRAIN_RETURN_IF_ERROR(flush(cursor));
    s.server.epoch = epoch;
    const std::uint64_t head = p.value("head", std::uint64_t{0});
    const std::uint64_t at = cursor_position(cursor);
    s.progress.report(Phase::pull, at > start ? at - start : 0, head > start ? head - start : 0);
    // Correct a drifting clock at each sync (only a clear drift: not network jitter).
    if (const auto offset = server_offset(s.transport, p))
      TERRAIN_RETURN_IF_ERROR(adopt_offset(s.replica, *offset, kDriftMs));
    if (!p.value("more", false)) break;
  }
  return Step::done;
}

}  // namespace terrain::sync::detail
