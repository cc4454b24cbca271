// ProjectionWriter: write_changes writes only the rows that differ; a failing INSERT of
// write_new rolls back the transaction; write_new leaves no value of one row in the next.
#include <catch2/catch.hpp>

#include "storage/projection_writer.h"
#include "storage/schema.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;
using namespace oneseal::testing;

TEST_CASE("write_changes rewrites only the branch and due rows that differ", "[store]") {
  TempDir dir;
  auto db = sqlite::Connection::open(dir.file("p.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  REQUIRE(db.ok());
  REQUIRE(migrate(**db).ok());
  auto writer = ProjectionWriter::prepare(**db);
  REQUIRE(writer.ok());

  CaseProjection before;
  before.row.case_id = "C-1";
  before.row.version = 3;
  before.branches = {BranchRow{"C-1", "market", "review", "scjg", "", "2026-12-04", {}, {}, 1, {}},
                     BranchRow{"C-1", "health", "review", "wjw", "", "2026-12-04", {}, {}, 1, {}}};
  before.dues = {DueRow{"C-1", "market", "yellow", 100}, DueRow{"C-1", "health", "yellow", 100}};
  REQUIRE((*db)->exec("BEGIN").ok());
  REQUIRE(writer->write(before, /*replace=*/false).ok());

  // An opinion on market: its branch stops and its due goes; health's rows stay as they are.
  CaseProjection after = before;
  after.row.version = 4;
  after.branches[0].verdict = "APPROVE";
  after.branches[0].stopped_at = 2;
  after.dues.erase(after.dues.begin());
  const int64_t changes_before = sqlite3_total_changes64((*db)->raw());
  REQUIRE(writer->write_changes(before, after).ok());
  // The summary row, market's branch deleted and inserted again, market's due deleted.
  CHECK(sqlite3_total_changes64((*db)->raw()) - changes_before == 4);

  CHECK((*db)->query_text("SELECT group_concat(branch_id || ':' || verdict, ',') FROM "
                          "(SELECT * FROM branches ORDER BY branch_id)")
            .value() == "health:,market:APPROVE");
  CHECK((*db)->query_text("SELECT group_concat(clock, ',') FROM dues").value() == "health");
  CHECK((*db)->query_int("SELECT version FROM cases WHERE case_id = 'C-1'").value() == 4);
  REQUIRE((*db)->exec("COMMIT").ok());
}

TEST_CASE("a failing INSERT of write_new rolls back the whole transaction", "[store]") {
  TempDir dir;
  auto db = sqlite::Connection::open(dir.file("p.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  REQUIRE(db.ok());
  REQUIRE(migrate(**db).ok());
  CaseProjection first, second;
  first.row.case_id = "C-1";
  second.row.case_id = "C-2";
  // Two rows per INSERT: the failing one writes C-2 before it meets C-1 again.
  auto writer = ProjectionWriter::prepare(**db, /*most_rows=*/2);
  REQUIRE(writer.ok());
  REQUIRE((*db)->exec("BEGIN").ok());
  REQUIRE(writer->write_new({&first}).ok());

  CHECK(!writer->write_new({&second, &first}).ok());
  CHECK(sqlite3_get_autocommit((*db)->raw()) == 1);  // out of the transaction
  CHECK((*db)->query_int("SELECT count(*) FROM cases").value() == 0);
}

TEST_CASE("write_new binds every column of every row again: a value a row lacks is NULL", "[store]") {
  TempDir dir;
  auto db = sqlite::Connection::open(dir.file("p.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  REQUIRE(db.ok());
  REQUIRE(migrate(**db).ok());
  // One row per INSERT: the second case runs the statement the first one bound.
  auto writer = ProjectionWriter::prepare(**db, /*most_rows=*/1);
  REQUIRE(writer.ok());
  CaseProjection decided, submitted;
  decided.row.case_id = "C-1";
  decided.row.accepted_at = 5;
  decided.row.decided_at = 7;
  decided.branches = {BranchRow{"C-1", "market", "review", "scjg", "APPROVE", "2026-12-04", 3, 4, 1, 2}};
  submitted.row.case_id = "C-2";
  submitted.branches = {BranchRow{"C-2", "market", "review", "scjg", "", "2026-12-04", {}, {}, {}, {}}};
  REQUIRE((*db)->exec("BEGIN").ok());
  REQUIRE(writer->write_new({&decided}).ok());
  REQUIRE(writer->write_new({&submitted}).ok());
  REQUIRE((*db)->exec("COMMIT").ok());

  CHECK((*db)->query_text("SELECT coalesce(accepted_at, 'NULL') || ' ' || coalesce(decided_at, 'NULL') FROM cases "
                          "WHERE case_id = 'C-2'")
            .value() == "NULL NULL");
  CHECK((*db)->query_text("SELECT verdict || ' ' || coalesce(yellow_at, 'NULL') || ' ' || coalesce(stopped_at, 'NULL') "
                          "FROM branches WHERE case_id = 'C-2'")
            .value() == " NULL NULL");
}
