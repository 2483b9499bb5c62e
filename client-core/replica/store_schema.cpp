// The replica's SQLite schema, as numbered migrations applied in order.
//
// Rules:
//  1. The rules of every migration are sqlite::migrate's (terrain/sqlite/migrations.h):
//     never edited once released, each in one transaction with its row in store_version.
//  2. Personal values are never stored in clear: columns holding them are BLOBs
//     encrypted with the data key (see at_rest.h); they are marked "sealed" below.
#include "store_schema.h"

#include <array>

#include "terrain/sqlite/migrations.h"

namespace terrain::replica_detail {
namespace {

const std::array<sqlite::Migration, 4> kMigrations = {
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

const sqlite::MigrationPlan kPlan{kMigrations,    "store_version", true, "the replica file's store",
                                  "this program", "update the app"};

}  // namespace

int current_store_version() noexcept {
  return static_cast<int>(kMigrations.size());
}

Result<int> store_version_of(sqlite::Database& db) {
  return sqlite::version_of(db, kPlan);
}

Status migrate(sqlite::Database& db, int target) {
  return sqlite::migrate(db, kPlan, target);
}

}  // namespace terrain::replica_detail
