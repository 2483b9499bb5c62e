// Every tunable of the field app in one place, each with its reason.
#pragma once

namespace terrain::field {

struct Tunables {
  // Reachability polling of the server's /healthz while the app runs.
  // First poll soon after start: a facilitator who just got Wi-Fi expects a quick sync.
  int poll_first_ms = 2000;
  // Poll interval while the server answers: cheap request, keeps "reachable" fresh.
  int poll_reachable_ms = 30000;
  // Back-off while unreachable: starts short (a flaky venue Wi-Fi comes back fast),
  // doubles on each failure, capped so a tablet in a dead zone does not drain its battery.
  int poll_backoff_min_ms = 5000;
  int poll_backoff_max_ms = 300000;
  // A /healthz that takes longer than this counts as unreachable (weak links in rooms).
  int poll_timeout_ms = 8000;
  // Auto-sync after a failed automatic sync waits at least this long (doubling, capped
  // by poll_backoff_max_ms) so a server-side refusal does not loop.
  int auto_sync_retry_min_ms = 15000;
  // With nothing pending, still pull this often when reachable (other tablets' check-ins,
  // head counts from other doors).
  int auto_pull_every_ms = 120000;
  // Kiosk mode: how long the facilitator holds the thank-you screen to unlock it.
  int kiosk_hold_ms = 1500;
  // Kiosk PIN length bounds: short enough to type quickly, long enough not to be guessed.
  int kiosk_pin_min_digits = 4;
  int kiosk_pin_max_digits = 8;
};

}  // namespace terrain::field
