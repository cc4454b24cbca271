// The scheduler's reads of the deadline index (dues): only steps still to be recorded are in
// it, since the projection drops a step once its event is stored.
#include "storage/sqlite_event_store.h"

namespace oneseal {

Result<std::vector<DueRow>> SqliteEventStore::due_steps(int64_t until, int limit) {
  std::vector<DueRow> out;
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    auto rows = db.prepare(
        "SELECT case_id, clock, kind, due FROM dues WHERE due <= ?1 ORDER BY due, case_id, clock, kind LIMIT ?2");
    if (!rows.ok()) return rows.status();
    rows->bind(1, until).bind(2, int64_t(limit));
    Status s;
    while (rows->step(&s)) {
      out.push_back({std::string(rows->text(0)), std::string(rows->text(1)), std::string(rows->text(2)),
                     rows->int64(3)});
    }
    return s;
  });
  if (!status.ok()) return status;
  return out;
}

Result<std::optional<int64_t>> SqliteEventStore::next_due() {
  std::optional<int64_t> next;
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    auto rows = db.prepare("SELECT min(due) FROM dues");
    if (!rows.ok()) return rows.status();
    Status s;
    if (rows->step(&s) && rows->int64(0) > 0) next = rows->int64(0);
    return s;
  });
  if (!status.ok()) return status;
  return next;
}

}  // namespace oneseal
