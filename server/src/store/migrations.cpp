#include "store/migrations.h"

#include <string>
#include <vector>

#include "store/record_rows.h"
#include "terrain/protocol/merge.h"
#include "terrain/sqlite/migrations.h"

namespace terrain::server {
namespace {

// Version 5: each record's JSON history becomes its state's rows (record_rows.h).
Status histories_to_rows(sqlite::Database& db) {
  // The histories move aside first: the records rows are then rewritten without them.
  TERRAIN_RETURN_IF_ERROR(
      db.exec("CREATE TEMP TABLE old_histories AS SELECT collection, id, meeting, history FROM "
              "records; ALTER TABLE records DROP COLUMN history"));
  auto q = db.prepare("SELECT collection, id, meeting, history FROM old_histories");
  if (!q) return q.error();
  auto detached = db.prepare(
      "INSERT OR IGNORE INTO record_detached(collection, id, field, hash) VALUES (?,?,?,?)");
  if (!detached) return detached.error();
  for (;;) {
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) break;
    const RecordKey key{q->text(0), q->text(1)};
    auto j = nlohmann::json::parse(q->text(3), nullptr, false);
    auto h = j.is_discarded() ? Result<RecordHistory>(make_error(Errc::storage, "not JSON"))
                              : RecordHistory::from_json(j);
    if (!h)
      return make_error(Errc::storage, "stored history of " + key.first + "/" + key.second +
                                           " does not read: " + h.error().message);
    StoredState before;
    before.stored = true;  // the records row is there: updated in place
    before.meeting = q->text(2);
    before.state.collection = key.first;
    before.state.id = key.second;
    auto v = save_state(db, before, state_of(*h), before.meeting);
    if (!v) return v.error();
    for (const auto& e : h->entries) {
      if (e.kind != HistoryEntry::Kind::write || e.value_hash.empty()) continue;
      detached->reset();
      detached->bind(1, key.first).bind(2, key.second).bind(3, e.field).bind(4, e.value_hash);
      TERRAIN_RETURN_IF_ERROR(detached->run());
    }
  }
  q->reset();
  return db.exec("DROP TABLE old_histories");
}

// Never edit a migration once released: add the next one.
const std::vector<sqlite::Migration>& migrations() {
  static const std::vector<sqlite::Migration> m = {
      // 1: the first schema.
      R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE admins(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,            -- crypto_pwhash_str (argon2id)
  created_ms INTEGER NOT NULL);

CREATE TABLE admin_sessions(
  token_hash BLOB PRIMARY KEY,            -- BLAKE2b-256 of the bearer token
  admin_id INTEGER NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL);

CREATE TABLE enrolment_codes(
  code_hash BLOB PRIMARY KEY,             -- BLAKE2b-256 of the normalised code
  role TEXT NOT NULL,
  scope TEXT NOT NULL,                    -- JSON {"meetings":[...]} or {"cycle":"..."}
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  created_by INTEGER REFERENCES admins(id),
  used_ms INTEGER,
  device_id TEXT);

CREATE TABLE devices(
  device_id TEXT PRIMARY KEY,             -- device_id_of(public_key)
  public_key BLOB NOT NULL,
  role TEXT NOT NULL,                     -- facilitator, evaluator, server
  scope TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  enrolled_ms INTEGER NOT NULL,
  last_seen_ms INTEGER,
  last_seq INTEGER NOT NULL DEFAULT 0,    -- head of the device's hash chain
  last_hash TEXT NOT NULL,
  flagged INTEGER NOT NULL DEFAULT 0,     -- a fork was seen
  flag_reason TEXT,
  revoked_ms INTEGER,
  revoked_after_seq INTEGER,
  is_server INTEGER NOT NULL DEFAULT 0);

-- Every change set received, exactly as received, with its stored receipt.
CREATE TABLE change_sets(
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL REFERENCES devices(device_id),
  seq INTEGER NOT NULL,
  meeting TEXT NOT NULL,
  body BLOB NOT NULL,
  sig BLOB NOT NULL,
  vals TEXT NOT NULL,                     -- the envelope's "values" object
  state TEXT NOT NULL,                    -- accepted | quarantined | rejected
  reason TEXT,                            -- error code when quarantined or rejected
  message TEXT,
  device_time_ms INTEGER NOT NULL,        -- greatest HLC ms of its changes
  received_ms INTEGER NOT NULL,
  position INTEGER,                       -- in log, once merged
  receipt_body TEXT NOT NULL,
  receipt_sig BLOB NOT NULL,
  UNIQUE(device_id, seq));
CREATE INDEX change_sets_state ON change_sets(state);

-- What devices pull, in order: merged change sets and server-signed notices.
CREATE TABLE log(
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                     -- change_set | retraction | redaction
  change_set_id INTEGER REFERENCES change_sets(id),
  meeting TEXT,
  device_id TEXT,
  notice_body TEXT,
  notice_sig BLOB,
  created_ms INTEGER NOT NULL);

-- The merged state: one history per record, and its materialised view.
CREATE TABLE records(
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  meeting TEXT NOT NULL,
  history TEXT NOT NULL,
  view TEXT NOT NULL,
  conflicts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(collection, id));
CREATE INDEX records_meeting ON records(meeting);

-- Meetings' cycles, for scopes given as a cycle.
CREATE TABLE meetings(id TEXT PRIMARY KEY, cycle TEXT);

CREATE TABLE record_touches(
  change_set_id INTEGER NOT NULL REFERENCES change_sets(id),
  collection TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY(change_set_id, collection, record_id));

CREATE TABLE detached_values(
  hash TEXT NOT NULL,
  change_set_id INTEGER NOT NULL REFERENCES change_sets(id),
  PRIMARY KEY(hash, change_set_id));

CREATE TABLE redactions(
  hash TEXT PRIMARY KEY,
  collection TEXT NOT NULL,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  redacted_ms INTEGER NOT NULL);
)sql",
      // 2: scope checks ask whether other devices already wrote to a meeting.
      R"sql(
CREATE INDEX change_sets_meeting ON change_sets(meeting, device_id);
)sql",
      // 3: the console: administrators' roles, the journal of their actions, and
      // the decision on a quarantined change set (who, when, why), which its
      // device reads back.
      R"sql(
ALTER TABLE admins ADD COLUMN role TEXT NOT NULL DEFAULT 'administrator';  -- or 'analyst'
CREATE TABLE journal(
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  admin_id INTEGER,                       -- NULL: the server host's command line
  admin_name TEXT,                        -- kept if the account is removed later
  action TEXT NOT NULL,                   -- docs/console.md, "Journal"
  target TEXT,                            -- a device, change set, meeting...: never a name
  detail TEXT);                           -- JSON, never a personal value
ALTER TABLE change_sets ADD COLUMN decided_ms INTEGER;
ALTER TABLE change_sets ADD COLUMN decided_by INTEGER;
ALTER TABLE change_sets ADD COLUMN decision_reason TEXT;
)sql",
      // 4: what a device says of itself when it pulls (signed, in the query): its
      // app and version, and how many change sets wait in its outbox.
      R"sql(
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN pending_change_sets INTEGER;
ALTER TABLE devices ADD COLUMN pending_reported_ms INTEGER;
-- The change sets that touched a record (questionnaire answers after a closing).
CREATE INDEX record_touches_record ON record_touches(collection, record_id);
)sql",
      // 5: the merged state by field (store/record_rows.h); the JSON history goes.
      {R"sql(
ALTER TABLE records ADD COLUMN cl INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN max_version TEXT NOT NULL DEFAULT '';
CREATE TABLE record_fields(
  collection TEXT NOT NULL, id TEXT NOT NULL, cl INTEGER NOT NULL, field TEXT NOT NULL,
  t TEXT NOT NULL,                        -- the winning write's HLC
  seq INTEGER NOT NULL,                   -- its change set's seq
  value TEXT NOT NULL,                    -- JSON; null when redacted
  redacted INTEGER NOT NULL,
  value_hash TEXT,                        -- hex hash when the value was detached
  PRIMARY KEY(collection, id, cl, field)) WITHOUT ROWID;
CREATE TABLE record_counters(
  collection TEXT NOT NULL, id TEXT NOT NULL, cl INTEGER NOT NULL, field TEXT NOT NULL,
  device TEXT NOT NULL, total INTEGER NOT NULL,
  PRIMARY KEY(collection, id, cl, field, device)) WITHOUT ROWID;
CREATE TABLE record_deletes(
  collection TEXT NOT NULL, id TEXT NOT NULL, cl INTEGER NOT NULL,
  last TEXT NOT NULL,                     -- the greatest delete's HLC
  seen TEXT NOT NULL,                     -- JSON {field: [HLC, ...]}: what the deletes saw
  PRIMARY KEY(collection, id, cl)) WITHOUT ROWID;
CREATE TABLE record_conflicts(
  collection TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL,
  kind INTEGER NOT NULL,                  -- 0 concurrent_edit, 1 edit_vs_delete
  loser TEXT NOT NULL, cl INTEGER NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL,
  redacted INTEGER NOT NULL, value_hash TEXT,
  PRIMARY KEY(collection, id, field, loser, kind)) WITHOUT ROWID;
CREATE TABLE record_versions(
  collection TEXT NOT NULL, id TEXT NOT NULL, t TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY(collection, id, t)) WITHOUT ROWID;
CREATE TABLE record_seen(
  collection TEXT NOT NULL, id TEXT NOT NULL, t TEXT NOT NULL,
  PRIMARY KEY(collection, id, t)) WITHOUT ROWID;
CREATE TABLE record_detached(
  collection TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY(collection, id, field, hash)) WITHOUT ROWID;
)sql",
       histories_to_rows},
      // 6: the console's metadata reads without scanning every record or change set
      // (docs/performance.md, "console metadata"), and the meetings each commit
      // changed, so report snapshots refresh by meeting: records by meeting and collection
      // (covering the orphan count), records in conflict (a partial index, empty when
      // nothing is in conflict), and each device's change-set times (covering the
      // freshness report, whose columns lie behind each change set's body).
      {R"sql(
DROP INDEX records_meeting;
CREATE INDEX records_meeting ON records(meeting, collection);
CREATE INDEX records_conflicted ON records(collection, id) WHERE conflicts > 0;
CREATE INDEX change_sets_device_times
  ON change_sets(device_id, received_ms, device_time_ms, state);
-- Which meetings each committed transaction changed (store/meeting_stamps.h).
CREATE TABLE meeting_stamps(meeting TEXT PRIMARY KEY, stamp INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX meeting_stamps_stamp ON meeting_stamps(stamp);
)sql"},
  };
  return m;
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(migrations().size());
}

Status migrate(sqlite::Database& db) {
  const sqlite::MigrationPlan plan{migrations(),      "schema_version", false,
                                   "database schema", "this server",    "upgrade terrain-server"};
  return sqlite::migrate(db, plan);
}

}  // namespace terrain::server
