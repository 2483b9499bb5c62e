#include "store/meeting_stamps.h"

namespace terrain::server {

Status stamp_meetings(sqlite::Database& db, const std::vector<std::int64_t>& rowids,
                      bool everything) {
  std::set<std::string> meetings;
  if (everything) meetings.insert(kEveryMeeting);
  if (!everything) {
    auto q = db.prepare("SELECT meeting FROM records WHERE rowid = ?");
    if (!q) return q.error();
    for (std::int64_t rowid : rowids) {
      q->reset();
      q->bind(1, rowid);
      auto row = q->step();
      if (!row) return row.error();
      if (*row) meetings.insert(q->text(0));
    }
  }
  if (meetings.empty()) return {};
  auto stamp = current_stamp(db);
  if (!stamp) return stamp.error();
  auto up = db.prepare(
      "INSERT INTO meeting_stamps(meeting, stamp) VALUES (?, ?) "
      "ON CONFLICT(meeting) DO UPDATE SET stamp = excluded.stamp");
  if (!up) return up.error();
  for (const auto& m : meetings) {
    up->reset();
    up->bind(1, m).bind(2, *stamp + 1);
    TERRAIN_RETURN_IF_ERROR(up->run());
  }
  return {};
}

Result<std::int64_t> current_stamp(sqlite::Database& db) {
  auto q = db.prepare("SELECT COALESCE(MAX(stamp), 0) FROM meeting_stamps");
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  return *row ? q->int64(0) : std::int64_t{0};
}

Result<std::set<std::string>> meetings_changed_since(sqlite::Database& db, std::int64_t stamp) {
  auto q = db.prepare("SELECT meeting FROM meeting_stamps WHERE stamp > ?");
  if (!q) return q.error();
  q->bind(1, stamp);
  std::set<std::string> out;
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.insert(q->text(0));
  }
}

}  // namespace terrain::server
