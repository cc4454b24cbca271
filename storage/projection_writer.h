// Writes a case's projection rows and counter increments through prepared statements; used
// by the store's writer for every append and by `oneseal db rebuild`.
//
// Thread-safety: belongs to the thread that owns the connection.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/status.h"
#include "storage/projection.h"
#include "storage/sqlite.h"

namespace oneseal {

class ProjectionWriter {
 public:
  // `most_rows`: the most rows one INSERT of write_new() writes (see MultiRowInsert). A failing
  // INSERT of write_new() rolls back the whole transaction (INSERT OR ROLLBACK), which its
  // callers, the writer's batch and the rebuild, do on any failure anyway: undoing the
  // statement alone needs a statement journal, a copy of every page the INSERT changes that
  // the transaction had changed already (for a rebuild, 1.7 GB written to a temporary file per
  // million events).
  static Result<ProjectionWriter> prepare(sqlite::Connection& db, int most_rows = 64);

  // Writes the case's summary, branch and due rows: when `replace` (a case seen before) over the
  // rows it had, else as a new case's, which has none.  REQUIRES: a write transaction.
  Status write(const CaseProjection& projection, bool replace = true);
  // Writes the summary row, and of the branch and due rows only those that differ from
  // `before`, the rows the case has (a command changes few of them, and each row rewritten is
  // also rewritten in the indexes it feeds).  REQUIRES: a write transaction.
  Status write_changes(const CaseProjection& before, const CaseProjection& after);
  // Writes the rows of new cases, none of which has rows yet, many rows per INSERT: a rebuild's
  // cases, a batch's submissions.  REQUIRES: a write transaction.
  Status write_new(const std::vector<const CaseProjection*>& projections);
  // Adds to the daily counters.  REQUIRES: a write transaction.
  Status add(const Counters& counters);

 private:
  // One table's INSERT for many rows, fewer and one. A statement keeps its cursors open from
  // row to row, so rows appended in key order skip the B-tree search from the root that a
  // statement run per row pays for each, and the per-run costs are shared. Preparing one costs
  // more the more rows it has (5 ms for 64 cases here, 50 ms for 256, which writes 256 rows
  // about 1.2 times as fast), so each is prepared when first needed: opening the store stays
  // quick, and a rebuild, which writes millions, takes the largest.
  class MultiRowInsert {
   public:
    // `head`: "INSERT [OR ROLLBACK] INTO table (columns) VALUES".
    MultiRowInsert(sqlite::Connection& db, std::string head, int columns, int most_rows)
        : db_(&db), head_(std::move(head)), columns_(columns), rows_{most_rows, 16, 1} {}
    // Inserts the rows in order, binding each with bind(statement, row, index of its first
    // parameter less one).
    template <typename Row, typename Bind>
    Status insert(const std::vector<const Row*>& rows, Bind bind);

   private:
    sqlite::Connection* db_;
    std::string head_;
    int columns_;
    std::array<int, 3> rows_;                      // the most first
    std::array<sqlite::Statement, 3> statements_;  // statements_[i] inserts rows_[i] rows
  };

  sqlite::Statement insert_case_, upsert_case_, delete_branches_, insert_branch_, delete_dues_, insert_due_, add_counter_;
  sqlite::Statement delete_branch_, delete_due_;
  std::optional<MultiRowInsert> new_cases_, new_branches_, new_dues_;
};

// The columns of the projection tables as text, in table order ("NULL" for no value), so
// stored rows and rows computed from the events can be compared and their differences named.
using Columns = std::vector<std::pair<std::string, std::string>>;
Columns columns_of(const CaseRow& row);
Columns columns_of(const BranchRow& row);
Columns columns_of(const DueRow& row);

}  // namespace oneseal
