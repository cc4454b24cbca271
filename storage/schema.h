// The database's tables (docs/storage.md), created and migrated by PRAGMA user_version.
#pragma once

#include "engine/status.h"
#include "storage/sqlite.h"

namespace oneseal {

// 'OSEL': marks a file as OneSeal's, so a foreign SQLite file is refused, not written to.
inline constexpr int64_t kApplicationId = 0x4F53454C;
inline constexpr int64_t kSchemaVersion = 3;
inline constexpr int64_t kPageSize = 16384;

// Checks the file is OneSeal's (or empty) and brings its schema to `version`: kSchemaVersion,
// or an older one for tests that make the files earlier releases wrote.
Status migrate(sqlite::Connection& db, int64_t version = kSchemaVersion);

// Checks, without writing, that the file is a OneSeal database this program can read.
Status check_schema(sqlite::Connection& db);

// Drops and recreates the projection tables (rebuild).
Status reset_projections(sqlite::Connection& db);

}  // namespace oneseal
