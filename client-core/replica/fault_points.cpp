#include "fault_points.h"

namespace terrain::replica_detail {
namespace {
FaultHook g_hook = nullptr;
}

void set_fault_hook(FaultHook hook) noexcept {
  g_hook = hook;
}

void fault_point(std::string_view point) noexcept {
  if (g_hook != nullptr) g_hook(point);
}

}  // namespace terrain::replica_detail
