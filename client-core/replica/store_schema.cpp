// The replica's SQLite schema, as numbered migrations applied in order.
//
// Rules:
//  1. A migration is never edited once released: a change is a new migration.
//  2. Each migration runs in one transaction together with the row that records it
//     in store_version, so a crash leaves the file at the old or the new version.
//  3. Personal values are never stored in clear: columns holding them are BLOBs
//     encrypted with the data key (see at_rest.h); they are marked "sealed" below.
#include "store_schema.h"

#include <array>
#include <chrono>
#include <string>

namespace terrain::replica_detail {
namespace {

constexpr std::array<const char*, 4> kMigrations = {
    // 1: the initial store.
    R"sql(
CREATE TABLE device(                 -- this device (one row)
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL,
  public_key TEXT NOT NULL,           -- hex
  data_key_check BLOB NOT NULL,       -- sealed known text: detects a wrong data key
  hlc TEXT NOT NULL DEFAULT '',       -- last timestamp issued or observed
  clock_offset_ms INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT NOT NULL);
CREATE TABLE server(                 -- the server this replica syncs with (one row)
  id INTEGER PRIMARY KEY CHECK (id = 1),
  url TEXT NOT NULL DEFAULT '',
  public_key TEXT NOT NULL DEFAULT '',
  epoch TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT 'null',
  cursor TEXT NOT NULL DEFAULT '',    -- pull cursor, saved with the page it follows
  last_sync_ms INTEGER NOT NULL DEFAULT 0);
INSERT INTO server(id) VALUES (1);
CREATE TABLE records(                -- merged state, a pure function of the change sets
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  meeting TEXT NOT NULL,
  cl INTEGER NOT NULL,
  present INTEGER NOT NULL,           -- 1 exists, 0 deleted (cl even)
  view TEXT NOT NULL,                 -- JSON view without personal fields (json_extract)
  personal BLOB,                      -- sealed JSON object of visible personal fields
  history BLOB NOT NULL,              -- sealed RecordHistory::to_json
  max_version TEXT NOT NULL,
  PRIMARY KEY(collection, id)) WITHOUT ROWID;
CREATE INDEX records_by_meeting ON records(meeting);
CREATE TABLE conflicts(              -- derived from materialise(), replaced per record
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  field TEXT NOT NULL,
  loser_version TEXT NOT NULL,
  kind TEXT NOT NULL,
  winner_version TEXT NOT NULL,
  detail BLOB NOT NULL,               -- sealed Conflict::to_json (holds values)
  PRIMARY KEY(collection, id, field, loser_version)) WITHOUT ROWID;
CREATE TABLE drafts(                 -- local changes not sealed yet
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  meeting TEXT NOT NULL,
  collection TEXT NOT NULL,
  record_id TEXT NOT NULL,
  change TEXT NOT NULL,               -- draft_codec JSON (personal values only as hashes)
  value_hashes TEXT NOT NULL,         -- JSON array of detached value hashes
  created_ms INTEGER NOT NULL);
CREATE TABLE outbox(                 -- own signed change sets
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  meeting TEXT NOT NULL,
  changes INTEGER NOT NULL,
  body BLOB NOT NULL,                 -- exact signed bytes
  sig BLOB NOT NULL,
  value_hashes TEXT NOT NULL,
  min_version TEXT NOT NULL,
  max_version TEXT NOT NULL,
  state TEXT NOT NULL,                -- pending | sent | accepted | quarantined
  reason TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  receipt TEXT,                       -- the server's signed receipt (JSON)
  acked_once INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  sent_ms INTEGER NOT NULL DEFAULT 0,
  acked_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE received(               -- change sets of other devices, exactly once by hash
  hash TEXT PRIMARY KEY,
  device TEXT NOT NULL,
  seq INTEGER NOT NULL,
  meeting TEXT NOT NULL,
  author_key TEXT NOT NULL,           -- hex public key it verified with
  body BLOB NOT NULL,
  sig BLOB NOT NULL,
  value_hashes TEXT NOT NULL,
  max_version TEXT NOT NULL,
  received_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE detached_values(        -- every detached value, once, by hash
  hash TEXT PRIMARY KEY,
  collection TEXT NOT NULL,
  record_id TEXT NOT NULL,
  value BLOB,                         -- sealed {salt, json}; NULL once redacted
  redacted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE retractions(            -- server-signed retractions of a device's changes
  device TEXT PRIMARY KEY,
  after_seq INTEGER NOT NULL,
  body BLOB NOT NULL,
  sig BLOB NOT NULL);
)sql",
    // 2: find a device's received change sets by seq (retractions, diagnostics) and
    //    records by collection without scanning deleted ones.
    R"sql(
CREATE INDEX received_by_device ON received(device, seq);
CREATE INDEX records_present ON records(collection, present);
)sql",
    // 3: records in a rowid table. In a WITHOUT ROWID table a row keeps at most ~1 KB
    //    in its b-tree page (4 KiB pages) and spills the rest to an overflow page of
    //    its own: a typical record (~1.6 KB: view, sealed personal fields and history)
    //    cost a whole extra 4 KiB page, two thirds of the file and of every pull's
    //    writes. A rowid table keeps rows up to ~4 KB in place.
    R"sql(
CREATE TABLE records_v3(
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  meeting TEXT NOT NULL,
  cl INTEGER NOT NULL,
  present INTEGER NOT NULL,
  view TEXT NOT NULL,
  personal BLOB,
  history BLOB NOT NULL,
  max_version TEXT NOT NULL,
  PRIMARY KEY(collection, id));
INSERT INTO records_v3(collection, id, meeting, cl, present, view, personal, history, max_version)
  SELECT collection, id, meeting, cl, present, view, personal, history, max_version FROM records;
DROP TABLE records;
ALTER TABLE records_v3 RENAME TO records;
CREATE INDEX records_by_meeting ON records(meeting);
CREATE INDEX records_present ON records(collection, present);
)sql",
    // 4: the CNSA's later decision on a quarantined change set, as the server reports
    //    it when the device pulls: released (merged after review) or rejected (kept,
    //    never merged), when, and the administrator's reason. The state stays
    //    `quarantined` (the receipt does not change); this is what the app shows.
    R"sql(
ALTER TABLE outbox ADD COLUMN decision TEXT NOT NULL DEFAULT '';  -- '' | released | rejected
ALTER TABLE outbox ADD COLUMN decided_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
)sql",
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int current_store_version() noexcept {
  return static_cast<int>(kMigrations.size());
}

Result<int> store_version_of(Database& db) {
  TERRAIN_RETURN_IF_ERROR(
      db.exec("CREATE TABLE IF NOT EXISTS store_version(version INTEGER PRIMARY KEY, applied_ms "
              "INTEGER NOT NULL)"));
  auto st = db.prepare("SELECT COALESCE(MAX(version), 0) FROM store_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->integer(0));
}

Status migrate(Database& db, int target) {
  if (target <= 0) target = current_store_version();
  auto v = store_version_of(db);
  if (!v) return v.error();
  if (*v > current_store_version())
    return make_error(Errc::unsupported_version,
                      "the replica file is at store version " + std::to_string(*v) +
                          ", newer than this program (" + std::to_string(current_store_version()) +
                          "): update the app");
  for (int next = *v + 1; next <= target; ++next) {
    Transaction tx(db);
    TERRAIN_RETURN_IF_ERROR(tx.begin());
    if (auto s = db.exec(kMigrations[static_cast<std::size_t>(next - 1)]); !s.ok())
      return make_error(Errc::storage,
                        "migration " + std::to_string(next) + " failed: " + s.error().message);
    auto ins = db.prepare("INSERT INTO store_version(version, applied_ms) VALUES (?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, static_cast<std::int64_t>(next)).bind(2, now_ms());
    TERRAIN_RETURN_IF_ERROR(ins->run());
    TERRAIN_RETURN_IF_ERROR(tx.commit());
  }
  return {};
}

}  // namespace terrain::replica_detail
