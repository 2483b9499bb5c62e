// Named fault points, for crash tests only.
//
// The replica calls fault_point("seal.before_sign") etc. at the places where a crash
// matters. By default nothing happens. A test (typically in a forked child process)
// installs a hook that raises SIGKILL at a named point, then checks in the parent that
// the reopened replica is in the state before or after, never between.
// Points: "write.before_commit", "seal.before_sign", "seal.before_commit",
//         "apply.before_commit", "restamp.before_commit".
#pragma once

#include <string_view>

namespace terrain::replica_detail {

using FaultHook = void (*)(std::string_view point);
// Installs (or with nullptr removes) the process-wide hook. Not thread-safe: set it
// before opening replicas.
void set_fault_hook(FaultHook hook) noexcept;
void fault_point(std::string_view point) noexcept;

}  // namespace terrain::replica_detail
