#include <ctime>

#include "report/reports.h"

namespace terrain::server::report {

std::string iso_utc(std::int64_t ms) {
  if (ms <= 0) return {};
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json report_header(const std::string& name, const std::string& title,
                             const ReportFilter& filter, const Snapshot& snapshot) {
  return {{"report", name},
          {"title", title},
          {"generated_at", iso_utc(snapshot.server_time_ms)},
          {"filter", filter.to_json()},
          {"meetings_matched", snapshot.selected.size()}};
}

namespace {
std::string built_key(const char* name, const ReportFilter& f) {
  return std::string(name) + " " + f.to_json().dump();
}
}  // namespace

const Report& built(const Snapshot& s, const char* name, Builder build, const ReportFilter& f,
                    const Reference& ref) {
  return s.built->get(built_key(name, f), [&] { return build(s, f, ref); });
}

const std::string& built_json_text(const Snapshot& s, const char* name, Builder build,
                                   const ReportFilter& f, const Reference& ref) {
  return s.built->json_text(built_key(name, f), [&] { return build(s, f, ref); });
}

}  // namespace terrain::server::report
