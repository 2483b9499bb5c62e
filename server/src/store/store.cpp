#include "store/store.h"

#include <chrono>

#include "store/migrations.h"

namespace terrain::server {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  auto db = Database::open(path, true);
  if (!db) return db.error();
  TERRAIN_RETURN_IF_ERROR(migrate(*db));
  return std::unique_ptr<Store>(new Store(path, std::move(*db)));
}

Result<Database> Store::acquire_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      Database db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  return Database::open(path_, false);
}

void Store::release_reader(Database db) {
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < 16) readers_.push_back(std::move(db));
}

Status Store::integrity_check() {
  std::lock_guard lock(write_mutex_);
  auto q = writer_.prepare("PRAGMA integrity_check");
  if (!q) return q.error();
  auto row = q->step();
  if (!row) return row.error();
  std::string r = *row ? q->text(0) : "no answer";
  if (r != "ok") return make_error(Errc::storage, "integrity_check: " + r);
  return {};
}

Result<std::optional<std::string>> get_meta(Database& db, std::string_view key) {
  auto q = db.prepare("SELECT value FROM meta WHERE key = ?");
  if (!q) return q.error();
  q->bind(1, key);
  auto row = q->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(q->text(0));
}

Status set_meta(Database& db, std::string_view key, std::string_view value) {
  auto q = db.prepare(
      "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
      "excluded.value");
  if (!q) return q.error();
  q->bind(1, key).bind(2, value);
  return q->run();
}

Status delete_meta(Database& db, std::string_view key) {
  auto q = db.prepare("DELETE FROM meta WHERE key = ?");
  if (!q) return q.error();
  q->bind(1, key);
  return q->run();
}

}  // namespace terrain::server
