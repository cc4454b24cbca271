// Supervision queries of the SQLite store, over the case and branch projections: the yellow
// and red instants of the clocks that still run; and the supervisors' summary of a period.
#include "storage/sqlite_event_store.h"

#include "storage/alert_level_sql.h"

namespace oneseal {

namespace {

// Every running clock whose yellow or red instant has come: a case's promised clock (running
// from acceptance to the decision), its statutory clock at red (the escalation), and each
// review branch's clock; with its level (2 red, 1 yellow) and red instant, which ends the
// deadline day. ?1 as_of, ?2 item, ?3 office ('' for any).
constexpr const char* kTimeouts = R"sql(
SELECT case_id, item_code, office, clock, department, level, red_due FROM (
  SELECT case_id, item_code, office, 'promised' AS clock, '' AS department,
         CASE WHEN red_at <= ?1 THEN 2 ELSE 1 END AS level, coalesce(red_at, 0) AS red_due
  FROM cases WHERE status IN ('IN_REVIEW', 'AWAITING_DECISION') AND yellow_at <= ?1
  UNION ALL
  SELECT case_id, item_code, office, 'statutory', '', 2, escalation_at
  FROM cases WHERE status IN ('IN_REVIEW', 'AWAITING_DECISION') AND escalation_at <= ?1
  UNION ALL
  SELECT b.case_id, c.item_code, c.office, b.branch_id, b.department,
         CASE WHEN b.red_at <= ?1 THEN 2 ELSE 1 END, coalesce(b.red_at, 0)
  FROM branches b JOIN cases c ON c.case_id = b.case_id
  WHERE b.stopped_at IS NULL AND b.yellow_at <= ?1 AND b.started_at IS NOT NULL
)
WHERE (?2 = '' OR item_code = ?2) AND (?3 = '' OR office = ?3)
ORDER BY level DESC, red_due, case_id, clock
)sql";

}  // namespace

Result<std::vector<TimeoutEntry>> SqliteEventStore::timeouts(const TimeoutFilter& f) {
  std::vector<TimeoutEntry> out;
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    auto rows = db.prepare(kTimeouts);
    if (!rows.ok()) return rows.status();
    rows->bind(1, f.as_of).bind(2, f.item_code).bind(3, f.office);
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

namespace {

// The summary's reads, per item and office. Counters: ?1 and ?2 the first and last bureau day.
// Decisions: ?1 and ?2 the instants the period starts and ends. Open cases: ?1 the instant.
constexpr const char* kSummaryCounters =
    "SELECT item_code, office, counter, sum(n) FROM daily_counters WHERE day BETWEEN ?1 AND ?2 "
    "GROUP BY item_code, office, counter";
constexpr const char* kSummaryDecisions =
    "SELECT item_code, office, promised_working_days_used, paused_working_days, promised_limit FROM cases "
    "WHERE decided_at >= ?1 AND decided_at < ?2";
const std::string kSummaryOpen = std::string("SELECT item_code, office, ") + kAlertLevelSql +
                                 " AS level, count(*) FROM cases WHERE closed_at IS NULL "
                                 "GROUP BY item_code, office, level";

// Prepares `sql`, binds it with `bind` and calls `row` on each result row.
template <typename Bind, typename Row>
Status each_row(sqlite::Connection& db, const std::string& sql, Bind bind, Row row) {
  auto stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.status();
  bind(*stmt);
  Status s;
  while (stmt->step(&s)) row(*stmt);
  return s;
}

}  // namespace

Result<std::vector<SummaryCell>> SqliteEventStore::summary_report(const SummaryFilter& f) {
  std::map<std::pair<std::string, std::string>, SummaryCell> cells;
  // The cell of a row's first two columns, item and office.
  auto cell = [&](const sqlite::Statement& row) -> SummaryCell& {
    SummaryCell& c = cells[{std::string(row.text(0)), std::string(row.text(1))}];
    c.item_code = row.text(0);
    c.office = row.text(1);
    return c;
  };
  auto read = [&](sqlite::Connection& db) -> Status {
    Status s = each_row(
        db, kSummaryCounters, [&](sqlite::Statement& q) { q.bind(1, format_date(f.from)).bind(2, format_date(f.to)); },
        [&](const sqlite::Statement& row) { cell(row).counters[std::string(row.text(2))] += row.int64(3); });
    if (!s.ok()) return s;
    s = each_row(
        db, kSummaryDecisions,
        [&](sqlite::Statement& q) {
          q.bind(1, start_of(f.from).time_since_epoch().count()).bind(2, end_of(f.to).time_since_epoch().count());
        },
        [&](const sqlite::Statement& row) {
          cell(row).decisions.push_back({row.int64(2), row.int64(3), row.int64(4)});
        });
    if (!s.ok()) return s;
    return each_row(
        db, kSummaryOpen, [&](sqlite::Statement& q) { q.bind(1, f.as_of); },
        [&](const sqlite::Statement& row) { cell(row).open[std::string(row.text(2))] = row.int64(3); });
  };
  Status status = read_with([&](sqlite::Connection& db) -> Status {
    // One read transaction: the three reads see the same commits.
    if (Status s = db.exec("BEGIN"); !s.ok()) return s;
    Status s = read(db);
    db.exec("COMMIT");
    return s;
  });
  if (!status.ok()) return status;
  std::vector<SummaryCell> out;
  for (auto& [key, c] : cells) out.push_back(std::move(c));
  return out;
}

}  // namespace oneseal
