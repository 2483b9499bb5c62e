#include "terrain/sqlite/migrations.h"

#include <chrono>
#include <string>

namespace terrain::sqlite {

namespace {
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Result<int> version_of(Database& db, const MigrationPlan& plan) {
  const std::string table(plan.version_table);
  TERRAIN_RETURN_IF_ERROR(
      db.exec("CREATE TABLE IF NOT EXISTS " + table +
              (plan.record_time ? "(version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)"
                                : "(version INTEGER NOT NULL)")));
  auto q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM " + table);
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  return static_cast<int>(q->int64(0));
}

Status migrate(Database& db, const MigrationPlan& plan, int target) {
  const int latest = static_cast<int>(plan.steps.size());
  if (target <= 0 || target > latest) target = latest;
  auto current = version_of(db, plan);
  if (!current) return current.error();
  if (*current > latest)
    return make_error(Errc::unsupported_version, std::string(plan.subject) + " version " +
                                                     std::to_string(*current) + " is newer than " +
                                                     plan.program + " (" + std::to_string(latest) +
                                                     "): " + plan.remedy);
  const std::string record =
      std::string("INSERT INTO ") + plan.version_table +
      (plan.record_time ? "(version, applied_ms) VALUES (?, ?)" : "(version) VALUES (?)");
  for (int v = *current + 1; v <= target; ++v) {
    Transaction tx(db);
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    const Migration& m = plan.steps[static_cast<std::size_t>(v - 1)];
    Status s = db.exec(m.sql);
    if (s.ok() && m.then != nullptr) s = m.then(db);
    if (s.ok()) {
      auto ins = db.prepare(record);
      if (!ins) {
        s = ins.error();
      } else {
        ins->bind(1, v);
        if (plan.record_time) ins->bind(2, now_ms());
        s = ins->run();
      }
    }
    if (!s.ok())
      return make_error(Errc::storage,
                        "migration " + std::to_string(v) + " failed: " + s.error().message);
    TERRAIN_RETURN_IF_ERROR(tx.commit());
  }
  return {};
}

}  // namespace terrain::sqlite
