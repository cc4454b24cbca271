// oneseal bench report: the supervisors' timeout report over a large store (docs/benchmarks.md).
// The report reads only the case and branch projections, so the benchmark fills those directly
// with synthetic rows (a million cases through the engine would take an hour to append and
// measure the writer, not the report), then times the query the route runs.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "engine/calendar_file.h"
#include "storage/sqlite_event_store.h"
#include "tools/bench_report.h"

namespace oneseal::cli {

namespace {

using Clock = std::chrono::steady_clock;

// Case i: open for i % (cases / open) == 0; open ones are red, yellow or green by i.
Status fill(sqlite::Connection& db, int64_t cases, int64_t open, int64_t as_of) {
  auto insert_case = db.prepare(
      "INSERT INTO cases (case_id, item_code, item_version, status, outcome, applicant_masked, channel, office, "
      "departments, accepted_at, closed_at, promised_deadline, statutory_deadline, yellow_at, red_at, escalation_at, "
      "paused, version, updated_at) VALUES (?1, ?2, 1, ?3, ?4, '张*三', 'WINDOW', ?5, 'scjg,wjw', ?6, ?7, "
      "'2026-11-20', '2026-11-27', ?8, ?9, ?10, 0, 6, ?6)");
  auto insert_branch = db.prepare(
      "INSERT INTO branches (case_id, branch_id, stage_id, department, verdict, deadline, yellow_at, red_at, "
      "started_at, stopped_at) VALUES (?1, ?2, 'joint_review', ?3, ?4, '2026-11-19', ?5, ?6, ?7, ?8)");
  if (!insert_case.ok()) return insert_case.status();
  if (!insert_branch.ok()) return insert_branch.status();
  const int64_t every = cases / open, day = 86400;
  char id[32];
  for (int64_t i = 0; i < cases; ++i) {
    std::snprintf(id, sizeof id, "OS20261123%08lld", static_cast<long long>(i));
    const bool is_open = i % every == 0;
    const int64_t n = i / every;
    // Of the open cases: 1 in 20 red, 2 in 20 yellow, the rest green.
    const int64_t yellow_at = as_of + (n % 20 == 0 ? -2 * day : n % 20 < 3 ? -day / 2 : 3 * day);
    const int64_t red_at = yellow_at + day;
    const int64_t accepted = as_of - 10 * day;
    auto& c = *insert_case;
    c.bind(1, std::string_view(id)).bind(2, i % 2 ? "XK-SCJG-00012-000" : "XK-WJW-00031-000");
    c.bind(3, is_open ? "IN_REVIEW" : "CLOSED").bind(4, is_open ? "" : "GRANTED");
    c.bind(5, i % 3 ? "hall-1" : "hall-2").bind(6, accepted);
    if (is_open) c.bind_null(7); else c.bind(7, accepted + 5 * day);
    c.bind(8, yellow_at).bind(9, red_at).bind(10, red_at + 5 * day);
    if (Status s = c.run(); !s.ok()) return s;
    for (const char* branch : {"market", "health"}) {
      auto& b = *insert_branch;
      b.bind(1, std::string_view(id)).bind(2, branch).bind(3, branch[0] == 'm' ? "scjg" : "wjw");
      b.bind(4, is_open ? "" : "APPROVE").bind(5, yellow_at).bind(6, red_at).bind(7, accepted);
      if (is_open) b.bind_null(8); else b.bind(8, accepted + 4 * day);
      if (Status s = b.run(); !s.ok()) return s;
    }
  }
  return Status();
}

}  // namespace

void run_report_bench(const ReportBenchArgs& args) {
  auto calendar = load_calendar(args.calendar);
  if (!calendar.ok()) throw std::runtime_error(calendar.status().to_string());
  const std::string path = (std::filesystem::path(args.dir.empty() ? std::filesystem::temp_directory_path().string()
                                                                    : args.dir) /
                            ("oneseal-bench-report-" + std::to_string(::getpid()) + ".db"))
                               .string();
  const int64_t as_of = 1795000000;  // 2026-11-19T14:26:40+08:00
  {
    auto store = SqliteEventStore::open(path, *calendar);
    if (!store.ok()) throw std::runtime_error(store.status().to_string());
    const auto start = Clock::now();
    Status filled = (*store)->write_exclusive(
        [&](sqlite::Connection& db) { return fill(db, args.cases, args.open, as_of); });
    if (!filled.ok()) throw std::runtime_error(filled.to_string());
    std::cout << "filled " << args.cases << " cases (" << args.open << " open), " << 2 * args.cases
              << " branches in " << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
    std::vector<double> ms;
    size_t rows = 0;
    for (int run = 0; run < args.runs; ++run) {
      const auto t = Clock::now();
      auto report = (*store)->timeouts({.as_of = as_of});
      if (!report.ok()) throw std::runtime_error(report.status().to_string());
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
      rows = report->size();
    }
    std::sort(ms.begin(), ms.end());
    std::cout << "timeout report: " << rows << " rows; median " << ms[ms.size() / 2] << " ms, best " << ms.front()
              << " ms, worst " << ms.back() << " ms over " << args.runs << " runs\n";
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

}  // namespace oneseal::cli
