// The migration runner shared by the replica's store and the server's database.
//
//  1. A migration is never edited once released: a change is a new migration.
//  2. Each migration runs in one transaction (BEGIN IMMEDIATE) together with the row
//     that records its number in the version table, so a crash leaves the file at the
//     old or the new version, never between.
//  3. A file newer than the program is refused (Errc::unsupported_version), never
//     "fixed": an older program cannot know what a newer schema means.
#pragma once

#include <span>

#include "terrain/sqlite/database.h"

namespace terrain::sqlite {

struct Migration {
  Migration(const char* s, Status (*t)(Database&) = nullptr) : sql(s), then(t) {}
  const char* sql;
  Status (*then)(Database&);  // a step in code after the SQL, in the same transaction
};

struct MigrationPlan {
  std::span<const Migration> steps;  // migration N is steps[N - 1]
  // One row per applied migration: version_table(version INTEGER ...). With
  // record_time the table also has applied_ms (milliseconds since the epoch).
  const char* version_table;
  bool record_time;
  // For the refusal of a newer file: "<subject> version N is newer than <program>
  // (M): <remedy>".
  const char* subject;
  const char* program;
  const char* remedy;
};

// The version a file is at (0 for a new file); creates the version table if missing.
Result<int> version_of(Database& db, const MigrationPlan& plan);
// Applies, in order, every migration above the file's version up to `target` (0: the
// last one).
Status migrate(Database& db, const MigrationPlan& plan, int target = 0);

}  // namespace terrain::sqlite
