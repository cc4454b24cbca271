// Writes a case's projection rows and counter increments through prepared statements; used
// by the store's writer for every append and by `oneseal db rebuild`.
//
// Thread-safety: belongs to the thread that owns the connection.
#pragma once

#include "engine/status.h"
#include "storage/projection.h"
#include "storage/sqlite.h"

namespace oneseal {

class ProjectionWriter {
 public:
  static Result<ProjectionWriter> prepare(sqlite::Connection& db);

  // Writes the case's summary, branch and due rows: when `replace` (a case seen before) over the
  // rows it had, else as a new case's, which has none.  REQUIRES: a write transaction.
  Status write(const CaseProjection& projection, bool replace = true);
  // Adds to the daily counters.  REQUIRES: a write transaction.
  Status add(const Counters& counters);

 private:
  sqlite::Statement insert_case_, upsert_case_, delete_branches_, insert_branch_, delete_dues_, insert_due_, add_counter_;
};

// The columns of the projection tables as text, in table order ("NULL" for no value), so
// stored rows and rows computed from the events can be compared and their differences named.
using Columns = std::vector<std::pair<std::string, std::string>>;
Columns columns_of(const CaseRow& row);
Columns columns_of(const BranchRow& row);
Columns columns_of(const DueRow& row);

}  // namespace oneseal
