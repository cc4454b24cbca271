#include "storage/schema.h"

#include <iterator>
#include <string>

namespace oneseal {

namespace {

// The projections: derived from the events, rebuilt by `oneseal db rebuild`. As version 1 made
// them: version 3's columns follow (kDecisionColumns).
const char* kProjectionTables = R"sql(
CREATE TABLE cases (
  case_id TEXT PRIMARY KEY,
  item_code TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  status TEXT NOT NULL,
  outcome TEXT NOT NULL,
  applicant_masked TEXT NOT NULL,
  channel TEXT NOT NULL,
  office TEXT NOT NULL,
  departments TEXT NOT NULL,
  received_at INTEGER,
  accepted_at INTEGER,
  closed_at INTEGER,
  promised_deadline TEXT NOT NULL,
  statutory_deadline TEXT NOT NULL,
  yellow_at INTEGER,
  red_at INTEGER,
  escalation_at INTEGER,
  paused INTEGER NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
-- One secondary index: every index is a B-tree the writer updates for every command, and the
-- summary row is most of its work (docs/benchmarks.md). Lists by item or office walk the
-- case ids in order and filter, which is quick while the filter matches often.
CREATE INDEX cases_by_status ON cases(status, case_id);

CREATE TABLE branches (
  case_id TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  stage_id TEXT NOT NULL,
  department TEXT NOT NULL,
  verdict TEXT NOT NULL,
  deadline TEXT NOT NULL,
  yellow_at INTEGER,
  red_at INTEGER,
  started_at INTEGER,
  stopped_at INTEGER,
  PRIMARY KEY (case_id, branch_id)
) WITHOUT ROWID;
CREATE INDEX branches_by_department ON branches(department, case_id);

CREATE TABLE dues (
  case_id TEXT NOT NULL,
  clock TEXT NOT NULL,
  kind TEXT NOT NULL,
  due INTEGER NOT NULL,
  PRIMARY KEY (case_id, clock, kind)
) WITHOUT ROWID;
CREATE INDEX dues_by_time ON dues(due);

CREATE TABLE daily_counters (
  day TEXT NOT NULL,
  item_code TEXT NOT NULL,
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, item_code, office, counter)
) WITHOUT ROWID;
)sql";

// The records: never rewritten.
const char* kRecordTables = R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL,
  case_seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  body BLOB NOT NULL,
  hash BLOB NOT NULL,
  UNIQUE (case_id, case_seq)
);

-- Facts about the file: the calendar the projections were computed with.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash BLOB NOT NULL,
  case_id TEXT NOT NULL,
  first_case_seq INTEGER NOT NULL,
  last_case_seq INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: staff accounts (storage/user_directory.h). A token is kept only as its SHA-256.
const char* kUserTables = R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  department TEXT NOT NULL,
  office TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 3, for supervision: what the summary reads of each decision (storage/projection.h),
// and indexes of the clocks still running by their alert instants, which the timeout report
// reads without walking every case and branch (small indexes: a row leaves them when its clock
// stops, so a closed case costs the writer nothing there). Fresh
// projection tables are made by the same statements after kProjectionTables, so migrated and
// new files have one schema.
const char* kDecisionColumns = R"sql(
ALTER TABLE cases ADD COLUMN decided_at INTEGER;
ALTER TABLE cases ADD COLUMN promised_working_days_used INTEGER;
ALTER TABLE cases ADD COLUMN paused_working_days INTEGER;
ALTER TABLE cases ADD COLUMN promised_limit INTEGER;
CREATE INDEX branches_running ON branches(yellow_at) WHERE stopped_at IS NULL;
CREATE INDEX cases_promise_running ON cases(yellow_at) WHERE status IN ('IN_REVIEW', 'AWAITING_DECISION');
CREATE INDEX cases_statute_running ON cases(escalation_at) WHERE status IN ('IN_REVIEW', 'AWAITING_DECISION');
)sql";

// The new columns are clock arithmetic that only project() does: forgetting the calendar the
// projections were computed with makes the writer compute them all again from the events
// before it serves, as after a change of calendar (docs/storage.md).
const char* kForgetProjections = "DELETE FROM settings WHERE key = 'calendar';";

// kSteps[v] brings a file from schema version v to v + 1. Released steps never change: files
// of every earlier version must migrate the same way.
const std::string kSteps[] = {
    std::string(kRecordTables) + kProjectionTables + "PRAGMA application_id = " + std::to_string(kApplicationId) + ";",
    kUserTables,
    std::string(kDecisionColumns) + kForgetProjections,
};
static_assert(std::size(kSteps) == kSchemaVersion, "one migration step per schema version");

// Runs one step and records its version, in one transaction: a failure leaves the file at the
// last whole version.
Status run_step(sqlite::Connection& db, const std::string& sql, int64_t version) {
  if (Status s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  Status s = db.exec(sql);
  if (s.ok()) s = db.exec("PRAGMA user_version = " + std::to_string(version));
  if (s.ok()) return db.exec("COMMIT");
  db.exec("ROLLBACK");
  return s;
}

Status foreign_file(int64_t app_id) {
  return Status::failed_precondition("not a OneSeal database (application_id " + std::to_string(app_id) + ")");
}

}  // namespace

Status check_schema(sqlite::Connection& db) {
  auto app_id = db.query_int("PRAGMA application_id");
  if (!app_id.ok()) return app_id.status();
  auto version = db.query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*app_id != kApplicationId) {
    if (*app_id == 0 && *version == 0) return Status::failed_precondition("the database is empty (no OneSeal schema)");
    return foreign_file(*app_id);
  }
  if (*version > kSchemaVersion) {
    return Status::failed_precondition("the database has schema " + std::to_string(*version) +
                                       ", newer than this program's " + std::to_string(kSchemaVersion));
  }
  if (*version < kSchemaVersion) {
    return Status::failed_precondition("the database has schema " + std::to_string(*version) +
                                       "; open it for writing once to migrate");
  }
  return Status();
}

Status migrate(sqlite::Connection& db, int64_t target) {
  if (target < 1 || target > kSchemaVersion) {
    return Status::invalid_argument("version", "no schema version " + std::to_string(target));
  }
  auto app_id = db.query_int("PRAGMA application_id");
  if (!app_id.ok()) return app_id.status();
  auto version = db.query_int("PRAGMA user_version");
  if (!version.ok()) return version.status();
  auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
  if (!tables.ok()) return tables.status();
  if (*app_id != kApplicationId && (*app_id != 0 || *tables > 0)) return foreign_file(*app_id);
  if (*version > kSchemaVersion) return check_schema(db);
  // 16 KiB pages (set before the first table, while the file is empty): a batch's rows fill
  // fewer WAL frames, and every frame is a write system call.
  if (*tables == 0) {
    if (Status s = db.exec("PRAGMA page_size = " + std::to_string(kPageSize)); !s.ok()) return s;
  }
  for (int64_t v = *version; v < target; ++v) {
    if (Status s = run_step(db, kSteps[v], v + 1); !s.ok()) return s;
  }
  return Status();
}

Status reset_projections(sqlite::Connection& db) {
  Status s = db.exec("DROP TABLE IF EXISTS cases; DROP TABLE IF EXISTS branches; DROP TABLE IF EXISTS dues; "
                     "DROP TABLE IF EXISTS daily_counters;");
  if (!s.ok()) return s;
  return db.exec(std::string(kProjectionTables) + kDecisionColumns);
}

}  // namespace oneseal
