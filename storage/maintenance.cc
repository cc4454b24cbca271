#include "storage/maintenance.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <map>
#include <set>
#include <string_view>
#include <thread>
#include <tuple>

#include <google/protobuf/arena.h>

#include "engine/apply.h"
#include "storage/hash_chain.h"
#include "storage/projection.h"
#include "storage/projection_writer.h"
#include "storage/schema.h"
#include "storage/writer_lock.h"

namespace oneseal {

namespace {

Result<std::unique_ptr<sqlite::Connection>> open_read_only(const std::string& path) {
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
  if (!db.ok()) return db.status();
  if (Status s = check_schema(**db); !s.ok()) return Status::failed_precondition(path + ": " + s.message());
  return db;
}

// Folds every case's events in case id order, counting each into *counters, and calls
// fn(case_id, state) with each case's state after its last event.
template <typename Fn>
Status fold_cases(sqlite::Connection& db, Fn fn, Counters* counters, int64_t* events_read) {
  auto stmt = db.prepare("SELECT case_id, case_seq, body FROM events ORDER BY case_id, case_seq");
  if (!stmt.ok()) return stmt.status();
  // One state message serves every case: Clear() keeps its strings and sub-messages, which
  // folding the next case assigns again. Events are parsed into an arena emptied after each
  // case, as clearing a reused event would free its body (a oneof) every time.
  std::vector<char> first_block(64 * 1024);
  google::protobuf::ArenaOptions options;
  options.initial_block = first_block.data();
  options.initial_block_size = first_block.size();
  google::protobuf::Arena arena(options);
  v1::CaseState state;
  std::string current;
  bool started = false;  // whether `state` holds a case's events
  int64_t seq = 0;       // the case's events so far
  Status status;
  while (stmt->step(&status)) {
    const std::string_view case_id = stmt->text(0);
    if (case_id != current && started) {
      if (Status s = fn(current, state); !s.ok()) return s;
      arena.Reset();
      started = false;
    }
    if (!started) {
      current = case_id;
      state.Clear();
      started = true;
      seq = 0;
    }
    if (stmt->int64(1) != ++seq) {
      return Status::failed_precondition("case " + current + ": event " + std::to_string(seq) + " is missing");
    }
    const auto body = stmt->blob(2);
    auto* event = google::protobuf::Arena::CreateMessage<v1::Event>(&arena);
    if (!event->ParseFromArray(body.data(), int(body.size()))) {
      return Status::failed_precondition("case " + current + ": event " + std::to_string(seq) + " cannot be parsed");
    }
    apply(*event, &state);
    count_event(*event, state, counters);
    ++*events_read;
  }
  if (!status.ok()) return status;
  if (started) return fn(current, state);
  return Status();
}

std::string describe(const Columns& stored, const Columns& expected, const std::string& what) {
  for (size_t i = 0; i < expected.size(); ++i) {
    if (i >= stored.size() || stored[i].second != expected[i].second) {
      return what + ": " + expected[i].first + " is '" + (i < stored.size() ? stored[i].second : "") +
             "', the events say '" + expected[i].second + "'";
    }
  }
  return "";
}

// A stored row as text columns, in table order.
Columns stored_columns(const sqlite::Statement& s, const Columns& names) {
  Columns out;
  for (size_t i = 0; i < names.size(); ++i) {
    out.emplace_back(names[i].first, s.is_null(int(i)) ? "NULL" : std::string(s.text(int(i))));
  }
  return out;
}

Status check_chain(sqlite::Connection& db, VerifyReport* report) {
  auto stmt = db.prepare("SELECT seq, case_id, case_seq, type, at, actor, body, hash FROM events ORDER BY seq");
  if (!stmt.ok()) return stmt.status();
  std::string previous = kGenesisHash;
  Status status;
  while (stmt->step(&status)) {
    EventRow row{stmt->int64(0), std::string(stmt->text(1)), stmt->int64(2), std::string(stmt->text(3)),
                 stmt->int64(4), std::string(stmt->text(5)), std::string(stmt->blob(6))};
    std::string hash = chain_hash(previous, row);
    if (hash != stmt->blob(7)) {
      report->first_difference = "event " + std::to_string(row.seq) + " (case " + row.case_id + " #" +
                                 std::to_string(row.case_seq) + "): its hash does not match its content and the "
                                 "chain before it: the record was changed";
      return Status();
    }
    previous = std::move(hash);
    ++report->events;
  }
  return status;
}

Result<VerifyReport> verify_snapshot(sqlite::Connection& db, const Calendar& calendar);

}  // namespace

Result<VerifyReport> verify_database(const std::string& path, const Calendar& calendar) {
  auto opened = open_read_only(path);
  if (!opened.ok()) return opened.status();
  sqlite::Connection& db = **opened;
  // One read transaction: every check sees the same snapshot, even with a server writing.
  if (Status s = db.exec("BEGIN"); !s.ok()) return s;
  auto report = verify_snapshot(db, calendar);
  db.exec("COMMIT");
  return report;
}

namespace {

Result<VerifyReport> verify_snapshot(sqlite::Connection& db, const Calendar& calendar) {
  VerifyReport report;
  auto used = stored_calendar(db);
  if (!used.ok()) return used.status();
  if (*used != calendar_fingerprint(calendar)) {
    report.first_difference = "the projections were computed with another holiday calendar: use that one, or "
                              "rebuild them with this one (oneseal db rebuild)";
    return report;
  }
  if (Status s = check_chain(db, &report); !s.ok()) return s;
  if (!report.ok()) return report;

  // Every case's projection rows against the fold of its events.
  auto case_row = db.prepare(
      "SELECT case_id, item_code, item_version, status, outcome, applicant_masked, channel, office, departments, "
      "received_at, accepted_at, closed_at, promised_deadline, statutory_deadline, yellow_at, red_at, escalation_at, "
      "paused, version, updated_at, decided_at, promised_working_days_used, paused_working_days, promised_limit "
      "FROM cases WHERE case_id = ?1");
  auto branch_rows = db.prepare(
      "SELECT case_id, branch_id, stage_id, department, verdict, deadline, yellow_at, red_at, started_at, stopped_at "
      "FROM branches WHERE case_id = ?1 ORDER BY branch_id");
  auto due_rows = db.prepare("SELECT case_id, clock, kind, due FROM dues WHERE case_id = ?1 ORDER BY clock, kind");
  for (auto* s : {&case_row, &branch_rows, &due_rows}) {
    if (!s->ok()) return s->status();
  }
  Counters counters;
  int64_t events_read = 0;
  Status walked = fold_cases(
      db,
      [&](const std::string& case_id, const v1::CaseState& state) -> Status {
        ++report.cases;
        const CaseProjection expected = project(state, calendar);
        Status status;
        const Columns want = columns_of(expected.row);
        case_row->bind(1, case_id);
        const bool found = case_row->step(&status);
        const Columns have = found ? stored_columns(*case_row, want) : Columns{};
        case_row->reset();
        if (!status.ok()) return status;
        if (!found) {
          report.first_difference = "case " + case_id + " has events but no summary row";
        } else {
          report.first_difference = describe(have, want, "case " + case_id);
        }
        if (!report.ok()) return Status::already_exists("stop");
        // Both in key order, as the tables keep them.
        auto compare_rows = [&](sqlite::Statement& stmt, const std::vector<Columns>& rows, const std::string& what) {
          stmt.bind(1, case_id);
          size_t i = 0;
          while (report.ok() && stmt.step(&status)) {
            if (i >= rows.size()) {
              report.first_difference = "case " + case_id + ": a " + what + " row the events do not give";
            } else {
              report.first_difference = describe(stored_columns(stmt, rows[i]), rows[i], "case " + case_id + " " + what);
            }
            ++i;
          }
          stmt.reset();
          if (report.ok() && status.ok() && i < rows.size()) {
            report.first_difference = "case " + case_id + ": a " + what + " row is missing";
          }
        };
        std::vector<Columns> branches, dues;
        std::vector<BranchRow> sorted_branches = expected.branches;
        std::sort(sorted_branches.begin(), sorted_branches.end(),
                  [](const BranchRow& a, const BranchRow& b) { return a.branch_id < b.branch_id; });
        for (const auto& b : sorted_branches) branches.push_back(columns_of(b));
        std::vector<DueRow> sorted_dues = expected.dues;
        std::sort(sorted_dues.begin(), sorted_dues.end(), [](const DueRow& a, const DueRow& b) {
          return std::tie(a.clock, a.kind) < std::tie(b.clock, b.kind);
        });
        for (const auto& d : sorted_dues) dues.push_back(columns_of(d));
        compare_rows(*branch_rows, branches, "branch");
        if (report.ok()) compare_rows(*due_rows, dues, "due");
        if (!status.ok()) return status;
        return report.ok() ? Status() : Status::already_exists("stop");
      },
      &counters, &events_read);
  if (!walked.ok() && walked.code() != Code::kAlreadyExists) {
    if (walked.code() == Code::kFailedPrecondition) {
      report.first_difference = walked.message();
      return report;
    }
    return walked;
  }
  if (!report.ok()) return report;

  // Rows of cases that have no events, and the counters.
  for (const char* table : {"cases", "branches", "dues"}) {
    auto rows = db.query_int(std::string("SELECT count(*) FROM ") + table);
    if (!rows.ok()) return rows.status();
    auto cases = db.query_int(std::string("SELECT count(DISTINCT case_id) FROM ") + table +
                              " WHERE case_id NOT IN (SELECT case_id FROM events)");
    if (!cases.ok()) return cases.status();
    if (*cases > 0) {
      report.first_difference = "table " + std::string(table) + " has rows for " + std::to_string(*cases) +
                                " case(s) without events";
      return report;
    }
  }
  auto stored = db.prepare("SELECT day, item_code, office, counter, n FROM daily_counters");
  if (!stored.ok()) return stored.status();
  Counters have;
  Status status;
  while (stored->step(&status)) {
    have[{std::string(stored->text(0)), std::string(stored->text(1)), std::string(stored->text(2)),
          std::string(stored->text(3))}] = stored->int64(4);
  }
  if (!status.ok()) return status;
  if (have != counters) {
    for (const auto& [key, n] : counters) {
      auto it = have.find(key);
      if (it == have.end() || it->second != n) {
        const auto& [day, item, office, counter] = key;
        report.first_difference = "daily counter " + counter + " of " + day + " " + item + " " + office + " is " +
                                  (it == have.end() ? "missing" : std::to_string(it->second)) +
                                  ", the events say " + std::to_string(n);
        return report;
      }
    }
    report.first_difference = "the daily counters hold rows the events do not give";
  }
  return report;
}

}  // namespace

Result<std::string> stored_calendar(sqlite::Connection& db) {
  auto stmt = db.prepare("SELECT value FROM settings WHERE key = 'calendar'");
  if (!stmt.ok()) return stmt.status();
  Status status;
  std::string value;
  if (stmt->step(&status)) value = stmt->text(0);
  if (!status.ok()) return status;
  return value;
}

Result<int64_t> rebuild_projections(const std::string& path, const Calendar& calendar,
                                    const std::function<void(int64_t)>& progress, int64_t progress_every) {
  if (!std::filesystem::exists(path)) return Status::not_found("no database " + path);
  auto lock = WriterLock::acquire(path);
  if (!lock.ok()) return lock.status();
  auto opened = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE);
  if (!opened.ok()) return opened.status();
  sqlite::Connection& db = **opened;
  if (Status s = check_schema(db); !s.ok()) return Status::failed_precondition(path + ": " + s.message());
  if (Status s = db.exec("PRAGMA busy_timeout = 5000"); !s.ok()) return s;
  return reproject(db, path, calendar, progress, progress_every);
}

Result<int64_t> reproject(sqlite::Connection& db, const std::string& path, const Calendar& calendar,
                          const std::function<void(int64_t)>& progress, int64_t progress_every) {
  // The cases the reading thread hands over at a time, each chunk's rows written by one
  // multi-row INSERT per table.
  constexpr size_t kChunkCases = 256;
  auto events_db = open_read_only(path);
  if (!events_db.ok()) return events_db.status();
  // Debian builds SQLite with SECURE_DELETE, which zeroes every page it frees: dropping the old
  // projections then wrote all of them to the WAL (280 MB for a million submissions) before
  // the new rows took the pages again. What they held is derived from the events, which stay
  // in the file, so FAST (zeroes only in pages written anyway) hides nothing less. The
  // connection's setting is restored when the rebuild ends, committed or not.
  auto secure_delete = db.query_int("PRAGMA secure_delete");
  if (!secure_delete.ok()) return secure_delete.status();
  if (Status s = db.exec("PRAGMA secure_delete = FAST"); !s.ok()) return s;
  struct Restore {
    sqlite::Connection& db;
    int64_t secure_delete;
    ~Restore() { db.exec("PRAGMA secure_delete = " + std::to_string(secure_delete)); }
  } restore{db, *secure_delete};
  if (Status s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  // A failing INSERT may have rolled the transaction back itself; ROLLBACK then fails, harmlessly.
  auto fail = [&](Status s) -> Result<int64_t> {
    db.exec("ROLLBACK");
    return s;
  };
  if (Status s = reset_projections(db); !s.ok()) return fail(s);
  auto writer = ProjectionWriter::prepare(db, /*most_rows=*/int(kChunkCases));
  if (!writer.ok()) return fail(writer.status());

  // One thread reads, folds and projects the cases from its own read connection while this one
  // writes the rows: the two halves of the work run on two cores.
  struct Chunk {
    std::vector<CaseProjection> projections;
    int64_t events_read = 0;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Chunk> chunks;  // GUARDED_BY(mutex)
  // Chunks written, handed back: their rows are freed on the reading thread, which has time to
  // spare (freeing them took 3% of the writing thread's instructions), and their room reused.
  std::vector<Chunk> written;                // GUARDED_BY(mutex)
  bool finished = false, abandoned = false;  // GUARDED_BY(mutex)
  Counters counters;
  Status read_status;
  std::thread reader([&] {
    Chunk chunk;
    int64_t events_read = 0;
    auto hand_over = [&](bool last) {
      chunk.events_read = events_read;
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return chunks.size() < 64 || abandoned; });
      chunks.push_back(std::move(chunk));
      chunk = Chunk();
      if (!written.empty()) {
        chunk = std::move(written.back());
        written.pop_back();
      }
      finished = last;
      changed.notify_all();
      const bool go_on = !abandoned;
      lock.unlock();
      chunk.projections.clear();
      return go_on;
    };
    read_status = fold_cases(
        **events_db,
        [&](const std::string&, const v1::CaseState& state) {
          chunk.projections.push_back(project(state, calendar));
          if (chunk.projections.size() == kChunkCases && !hand_over(false)) return Status::unavailable("abandoned");
          return Status();
        },
        &counters, &events_read);
    hand_over(true);
  });

  Status write_status;
  int64_t events_done = 0, reported = 0;
  Chunk chunk;  // the one being written
  for (bool last = false; !last;) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return !chunks.empty(); });
      written.push_back(std::move(chunk));
      chunk = std::move(chunks.front());
      chunks.pop_front();
      last = finished && chunks.empty();
      changed.notify_all();
    }
    std::vector<const CaseProjection*> rows;
    for (const auto& p : chunk.projections) rows.push_back(&p);
    if (write_status.ok()) write_status = writer->write_new(rows);  // the tables are new
    if (!write_status.ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      abandoned = true;
      changed.notify_all();
    }
    events_done = chunk.events_read;
    if (progress && events_done - reported >= progress_every) {
      reported = events_done;
      progress(events_done);
    }
  }
  reader.join();
  if (!write_status.ok()) return fail(write_status);
  if (!read_status.ok()) return fail(read_status);
  if (Status s = writer->add(counters); !s.ok()) return fail(s);
  if (Status s = db.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('calendar', '" +
                         calendar_fingerprint(calendar) + "')");
      !s.ok()) {
    return fail(s);
  }
  if (Status s = db.exec("COMMIT"); !s.ok()) return fail(s);
  if (progress) progress(events_done);
  return events_done;
}

Result<std::string> integrity_check(const std::string& path) {
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
  if (!db.ok()) return db.status();
  auto stmt = (*db)->prepare("PRAGMA integrity_check");
  if (!stmt.ok()) return stmt.status();
  std::string out;
  Status status;
  while (stmt->step(&status)) out += std::string(stmt->text(0)) + "\n";
  if (!status.ok()) return status;
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace oneseal
