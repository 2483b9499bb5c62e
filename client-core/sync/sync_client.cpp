// The sync client: enrolment, then seal -> push -> pull, resumable at every step.
//
// Design note.
//   sync():  seal drafts ──> push outbox ──> pull pages ──> done
//                              ^   │ restart      │ restart (epoch changed)
//                              └───┴──────────────┘   (at most kMaxRounds rounds)
// Invariants:
//  1. Nothing is lost by stopping anywhere: change sets stay in the outbox until a
//     verified receipt is stored; pages are applied with their cursor in one
//     transaction; cancel is checked between requests only.
//  2. The server is trusted only through the key pinned at enrolment: receipts,
//     retractions and redactions must verify with it.
//  3. Progress never goes backwards (progress.h), which the tests check on every
//     callback.
//  4. The replica's lock is never held during network I/O: every Replica call is
//     short and the requests happen between them.
//  5. A wrong clock is corrected, not refused (clock.cpp): the first signed request
//     answered clock_skew teaches the offset and is sent again once; change sets
//     stamped ahead are re-stamped through clock_ahead; the summary's
//     clock_corrected_ms says by how much this sync moved the offset.
#include "terrain/sync/sync_client.h"

#include "session.h"
#include "terrain/protocol/crypto.h"
#include "terrain/replica/replica.h"

namespace terrain::sync {
namespace {

// Restarts allowed in one sync (a re-stamp, an epoch change, a gap...): more means
// something keeps going wrong, and the caller should see the error.
constexpr int kMaxRounds = 8;

// `corrected`: how much this sync moved the clock offset (0: the clock was right).
nlohmann::json summary_json(const detail::Summary& s, std::size_t conflicts, std::int64_t offset,
                            std::int64_t corrected) {
  return {{"pushed", s.pushed},
          {"accepted", s.accepted},
          {"quarantined", s.quarantined},
          {"pulled", s.pulled},
          {"conflicts", conflicts},
          {"clock_offset_ms", offset},
          {"clock_corrected_ms", corrected},
          {"restamped", s.restamped},
          {"decisions", s.decisions},
          {"epoch_changed", s.epoch_changed},
          {"cancelled", s.cancelled}};
}

}  // namespace

Result<nlohmann::json> enrol(Replica& replica, const std::string& server_url,
                             const std::string& code, const SyncOptions& options) {
  if (!crypto_init()) return make_error(Errc::internal, "libsodium failed to initialise");
  if (server_url.rfind("http://", 0) != 0 && server_url.rfind("https://", 0) != 0)
    return make_error(Errc::invalid_argument, "the server URL must start with https:// or http://");
  auto current = replica.server_info();
  if (!current) return current.error();
  std::string url = server_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (current->enrolled() && current->url != url)
    return make_error(Errc::conflict, "this replica is already enrolled with " + current->url);

  detail::Transport transport(url, options);
  detail::Details details;
  auto answer = transport.post(
      "/v1/enrol", {{"code", code}, {"public_key", hex_of(replica.public_key())}}, details);
  if (!answer) return answer.error();
  const auto& a = *answer;
  if (a.value("device_id", "") != replica.device_id())
    return make_error(Errc::malformed, "the server enrolled another device id");
  auto key = public_key_from_hex(a.value("server_public_key", ""));
  if (!key) return make_error(Errc::malformed, "the server sent no valid public key");
  if (current->public_key && *current->public_key != *key)
    return make_error(Errc::bad_signature, "the server's key differs from the one pinned before");

  ServerInfo info = *current;
  info.url = url;
  info.public_key = *key;
  info.epoch = a.value("epoch", "");
  info.role = a.value("role", "");
  info.scope = a.value("scope", nlohmann::json());
  TERRAIN_RETURN_IF_ERROR(replica.set_server_info(info));
  const std::int64_t offset_before = replica.clock_offset_ms();
  if (const auto offset = detail::server_offset(transport, a))
    TERRAIN_RETURN_IF_ERROR(detail::adopt_offset(replica, *offset, detail::kDriftMs));
  const std::int64_t offset_after = replica.clock_offset_ms();
  return nlohmann::json{{"device_id", replica.device_id()},
                        {"role", info.role},
                        {"scope", info.scope},
                        {"server_url", url},
                        {"server_public_key", hex_of(*key)},
                        {"clock_offset_ms", offset_after},
                        {"clock_corrected_ms", offset_after - offset_before}};
}

Result<nlohmann::json> sync(Replica& replica, const SyncOptions& options) {
  if (!crypto_init()) return make_error(Errc::internal, "libsodium failed to initialise");
  auto info = replica.server_info();
  if (!info) return info.error();
  if (!info->enrolled())
    return make_error(Errc::not_enrolled, "this replica is not enrolled with a server yet");

  detail::Session s{replica,
                    options,
                    detail::Transport(info->url, options),
                    detail::Progress(options.progress),
                    *info,
                    {},
                    0};
  const std::int64_t offset_before = replica.clock_offset_ms();
  s.progress.report(Phase::seal, 0, 0);
  auto sealed = replica.seal();
  if (!sealed) return sealed.error();
  s.progress.report(Phase::seal, *sealed, *sealed);

  bool finished = false;
  for (int round = 0; round < kMaxRounds && !finished; ++round) {
    auto pushed = detail::push_outbox(s);
    if (!pushed) return pushed.error();
    if (*pushed == detail::Step::cancelled) {
      s.summary.cancelled = true;
      break;
    }
    if (*pushed == detail::Step::restart) continue;
    auto pulled = detail::pull_pages(s);
    if (!pulled) return pulled.error();
    if (*pulled == detail::Step::cancelled) {
      s.summary.cancelled = true;
      break;
    }
    if (*pulled == detail::Step::restart) continue;
    finished = true;
  }
  if (!finished && !s.summary.cancelled)
    return make_error(Errc::server_error,
                      "sync did not settle after " + std::to_string(kMaxRounds) +
                          " rounds (re-stamps or epoch changes keep happening): try again");

  auto conflicts = replica.conflicts();
  if (!conflicts) return conflicts.error();
  if (!s.summary.cancelled) {
    auto now = replica.server_info();  // fresh: an epoch change stored a new epoch
    if (!now) return now.error();
    ServerInfo updated = *now;
    updated.last_sync_ms = static_cast<std::int64_t>(s.transport.now_ms());
    TERRAIN_RETURN_IF_ERROR(replica.set_server_info(updated));
    s.progress.report(Phase::done, 1, 1);
  }
  const std::int64_t offset_after = replica.clock_offset_ms();
  return summary_json(s.summary, conflicts->size(), offset_after, offset_after - offset_before);
}

}  // namespace terrain::sync
