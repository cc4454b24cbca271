// Supervision queries of the SQLite store, over the deadline index (dues): only running clocks
// have dues, so a closed case or a finished branch never shows.
#include "storage/sqlite_event_store.h"

#include "storage/alert_level_sql.h"

namespace oneseal {

namespace {

// Every running clock whose yellow or red instant has come, with its level, its case, its
// branch (when it is one) and its red instant (which ends the deadline day). ?1 as_of, ?2 department, ?3 item, ?4 office ('' for any).
constexpr const char* kTimeouts = R"sql(
SELECT d.case_id, c.item_code, c.office, d.clock, coalesce(b.department, ''),
       max(CASE d.kind WHEN 'red' THEN 2 ELSE 1 END) AS level,
       coalesce((SELECT r.due FROM dues r WHERE r.case_id = d.case_id AND r.clock = d.clock AND r.kind = 'red'), 0)
         AS red_due
FROM dues d
JOIN cases c ON c.case_id = d.case_id
LEFT JOIN branches b ON b.case_id = d.case_id AND b.branch_id = d.clock
WHERE d.due <= ?1 AND d.kind IN ('yellow', 'red')
  AND (?2 = '' OR b.department = ?2)
  AND (?3 = '' OR c.item_code = ?3)
  AND (?4 = '' OR c.office = ?4)
GROUP BY d.case_id, d.clock
ORDER BY level DESC, red_due, d.case_id, d.clock
)sql";

}  // namespace

Result<std::vector<TimeoutEntry>> SqliteEventStore::timeouts(const TimeoutFilter& f) {
  std::vector<TimeoutEntry> out;
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    auto rows = db.prepare(kTimeouts);
    if (!rows.ok()) return rows.status();
    rows->bind(1, f.as_of).bind(2, f.department).bind(3, f.item_code).bind(4, f.office);
    Status s;
    while (rows->step(&s)) {
      TimeoutEntry e;
      e.case_id = rows->text(0);
      e.item_code = rows->text(1);
      e.office = rows->text(2);
      e.clock = rows->text(3);
      e.department = rows->text(4);
      e.alert_level = rows->int64(5) == 2 ? "RED" : "YELLOW";
      // The red instant is the end of the deadline day.
      if (const int64_t red_due = rows->int64(6); red_due > 0) {
        e.deadline = format_date(bureau_date(Instant{std::chrono::seconds{red_due - 1}}));
      }
      out.push_back(std::move(e));
    }
    return s;
  });
  if (!status.ok()) return status;
  return out;
}

Result<std::map<std::string, int64_t>> SqliteEventStore::open_cases_by_alert_level(int64_t as_of) {
  std::map<std::string, int64_t> counts = {{"GREEN", 0}, {"YELLOW", 0}, {"RED", 0}};
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    auto rows = db.prepare(std::string("SELECT ") + kAlertLevelSql +
                           " AS level, count(*) FROM cases WHERE closed_at IS NULL GROUP BY level");
    if (!rows.ok()) return rows.status();
    rows->bind(1, as_of);
    Status s;
    while (rows->step(&s)) counts[std::string(rows->text(0))] = rows->int64(1);
    return s;
  });
  if (!status.ok()) return status;
  return counts;
}

}  // namespace oneseal
