#include "storage/projection_writer.h"

#include <algorithm>
#include <string_view>

namespace oneseal {

namespace {

void bind_optional(sqlite::Statement& s, int i, const std::optional<int64_t>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind_null(i);
  }
}

std::string text(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "NULL"; }

// The tables and columns of the INSERTs, after "INSERT INTO" or "INSERT OR ROLLBACK INTO".
constexpr const char* kCaseHead =
    "cases (case_id, item_code, item_version, status, outcome, applicant_masked, "
    "channel, office, departments, received_at, accepted_at, closed_at, promised_deadline, "
    "statutory_deadline, yellow_at, red_at, escalation_at, paused, version, updated_at, decided_at, "
    "promised_working_days_used, paused_working_days, promised_limit) VALUES";
constexpr int kCaseColumns = 24;
constexpr const char* kBranchHead =
    "branches (case_id, branch_id, stage_id, department, verdict, deadline, yellow_at, red_at, "
    "started_at, stopped_at) VALUES";
constexpr int kBranchColumns = 10;
constexpr const char* kDueHead = "dues (case_id, clock, kind, due) VALUES";
constexpr int kDueColumns = 4;

// `head` and `rows` rows of `columns` parameters: " (?, ?), (?, ?)", numbered 1, 2, 3, 4 by
// SQLite. Plain "?" rather than "?NNN": SQLite looks each numbered one up among those seen
// before, which made preparing a 256-row INSERT quadratic (50 ms for the cases').
std::string insert_sql(std::string_view head, int columns, int rows) {
  std::string sql(head);
  for (int r = 0; r < rows; ++r) {
    sql += r == 0 ? " (" : ", (";
    for (int c = 0; c < columns; ++c) sql += c == 0 ? "?" : ", ?";
    sql += ")";
  }
  return sql;
}

// After the one-row insert, an upsert (not INSERT OR REPLACE): an index entry is rewritten only
// when its column changed.
constexpr const char* kUpdateCase =
    " ON CONFLICT (case_id) DO UPDATE SET item_code = excluded.item_code, item_version = excluded.item_version, "
    "status = excluded.status, outcome = excluded.outcome, applicant_masked = excluded.applicant_masked, "
    "channel = excluded.channel, office = excluded.office, departments = excluded.departments, "
    "received_at = excluded.received_at, accepted_at = excluded.accepted_at, closed_at = excluded.closed_at, "
    "promised_deadline = excluded.promised_deadline, statutory_deadline = excluded.statutory_deadline, "
    "yellow_at = excluded.yellow_at, red_at = excluded.red_at, escalation_at = excluded.escalation_at, "
    "paused = excluded.paused, version = excluded.version, updated_at = excluded.updated_at, "
    "decided_at = excluded.decided_at, promised_working_days_used = excluded.promised_working_days_used, "
    "paused_working_days = excluded.paused_working_days, promised_limit = excluded.promised_limit";

// The values are bound without copies: the rows outlive the statements' runs. Parameter i of
// a row is number `before` + i.
void bind_case(sqlite::Statement& s, const CaseRow& r, int before = 0) {
  const int o = before;
  s.bind_static(o + 1, r.case_id).bind_static(o + 2, r.item_code).bind(o + 3, r.item_version);
  s.bind_static(o + 4, r.status).bind_static(o + 5, r.outcome).bind_static(o + 6, r.applicant_masked);
  s.bind_static(o + 7, r.channel).bind_static(o + 8, r.office).bind_static(o + 9, r.departments);
  bind_optional(s, o + 10, r.received_at);
  bind_optional(s, o + 11, r.accepted_at);
  bind_optional(s, o + 12, r.closed_at);
  s.bind_static(o + 13, r.promised_deadline).bind_static(o + 14, r.statutory_deadline);
  bind_optional(s, o + 15, r.yellow_at);
  bind_optional(s, o + 16, r.red_at);
  bind_optional(s, o + 17, r.escalation_at);
  s.bind(o + 18, int64_t(r.paused)).bind(o + 19, r.version).bind(o + 20, r.updated_at);
  bind_optional(s, o + 21, r.decided_at);
  bind_optional(s, o + 22, r.promised_working_days_used);
  bind_optional(s, o + 23, r.paused_working_days);
  bind_optional(s, o + 24, r.promised_limit);
}

void bind_branch(sqlite::Statement& s, const BranchRow& b, int before = 0) {
  const int o = before;
  s.bind_static(o + 1, b.case_id).bind_static(o + 2, b.branch_id).bind_static(o + 3, b.stage_id);
  s.bind_static(o + 4, b.department).bind_static(o + 5, b.verdict).bind_static(o + 6, b.deadline);
  bind_optional(s, o + 7, b.yellow_at);
  bind_optional(s, o + 8, b.red_at);
  bind_optional(s, o + 9, b.started_at);
  bind_optional(s, o + 10, b.stopped_at);
}

void bind_due(sqlite::Statement& s, const DueRow& d, int before = 0) {
  s.bind_static(before + 1, d.case_id).bind_static(before + 2, d.clock).bind_static(before + 3, d.kind);
  s.bind(before + 4, d.due);
}

}  // namespace

template <typename Row, typename Bind>
Status ProjectionWriter::MultiRowInsert::insert(const std::vector<const Row*>& rows, Bind bind) {
  size_t done = 0;
  for (size_t i = 0; i < rows_.size(); ++i) {
    const size_t size = size_t(rows_[i]);
    sqlite::Statement& statement = statements_[i];
    if (rows.size() - done >= size && !statement.raw()) {
      auto prepared = db_->prepare(insert_sql(head_, columns_, rows_[i]));
      if (!prepared.ok()) return prepared.status();
      statement = std::move(*prepared);
    }
    for (; rows.size() - done >= size; done += size) {
      for (size_t r = 0; r < size; ++r) bind(statement, *rows[done + r], int(r) * columns_);
      if (Status s = statement.run_rebound(); !s.ok()) return s;
    }
  }
  return Status();
}

Result<ProjectionWriter> ProjectionWriter::prepare(sqlite::Connection& db, int most_rows) {
  ProjectionWriter w;
  const std::string insert = "INSERT INTO ";
  const std::string insert_case = insert_sql(insert + kCaseHead, kCaseColumns, 1);
  const std::string upsert_case = insert_case + kUpdateCase;
  const std::string insert_branch = insert_sql(insert + kBranchHead, kBranchColumns, 1);
  const std::string insert_due = insert_sql(insert + kDueHead, kDueColumns, 1);
  Status prepared = db.prepare_all({
           {&w.insert_case_, insert_case.c_str()},
           {&w.upsert_case_, upsert_case.c_str()},
           {&w.delete_branches_, "DELETE FROM branches WHERE case_id = ?1"},
           {&w.insert_branch_, insert_branch.c_str()},
           {&w.delete_dues_, "DELETE FROM dues WHERE case_id = ?1"},
           {&w.delete_branch_, "DELETE FROM branches WHERE case_id = ?1 AND branch_id = ?2"},
           {&w.delete_due_, "DELETE FROM dues WHERE case_id = ?1 AND clock = ?2 AND kind = ?3"},
           {&w.insert_due_, insert_due.c_str()},
           {&w.add_counter_,
            "INSERT INTO daily_counters (day, item_code, office, counter, n) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (day, item_code, office, counter) DO UPDATE SET n = n + excluded.n"},
       });
  if (!prepared.ok()) return prepared;
  // OR ROLLBACK: SQLite then keeps no statement journal, as nothing less than the transaction
  // is ever undone (the same holds for I/O errors and a full disk).
  const std::string insert_new = "INSERT OR ROLLBACK INTO ";
  w.new_cases_.emplace(db, insert_new + kCaseHead, kCaseColumns, most_rows);
  w.new_branches_.emplace(db, insert_new + kBranchHead, kBranchColumns, most_rows);
  w.new_dues_.emplace(db, insert_new + kDueHead, kDueColumns, most_rows);
  return w;
}

Status ProjectionWriter::write(const CaseProjection& p, bool replace) {
  const CaseRow& r = p.row;
  // A new case's row is inserted: the upsert would first look for a row that cannot be there.
  sqlite::Statement& write_case = replace ? upsert_case_ : insert_case_;
  bind_case(write_case, r);
  if (Status s = write_case.run(); !s.ok()) return s;

  if (replace) {
    if (Status s = delete_branches_.bind_static(1, r.case_id).run(); !s.ok()) return s;
    if (Status s = delete_dues_.bind_static(1, r.case_id).run(); !s.ok()) return s;
  }
  for (const BranchRow& b : p.branches) {
    bind_branch(insert_branch_, b);
    if (Status s = insert_branch_.run(); !s.ok()) return s;
  }
  for (const DueRow& d : p.dues) {
    bind_due(insert_due_, d);
    if (Status s = insert_due_.run(); !s.ok()) return s;
  }
  return Status();
}

Status ProjectionWriter::write_changes(const CaseProjection& before, const CaseProjection& after) {
  bind_case(upsert_case_, after.row);
  if (Status s = upsert_case_.run(); !s.ok()) return s;

  // Rows are few (a branch per reviewing department, a due per alert step): a linear search
  // beats building maps.
  auto same_branch = [](const BranchRow& a, const BranchRow& b) { return a.branch_id == b.branch_id; };
  auto same_due = [](const DueRow& a, const DueRow& b) { return a.clock == b.clock && a.kind == b.kind; };
  auto find = [](const auto& rows, const auto& row, auto same) {
    return std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return same(r, row); });
  };
  // A row that changed is deleted and inserted again, as a row that went and one that came.
  for (const BranchRow& b : before.branches) {
    auto now = find(after.branches, b, same_branch);
    if (now != after.branches.end() && *now == b) continue;
    if (Status s = delete_branch_.bind_static(1, b.case_id).bind_static(2, b.branch_id).run(); !s.ok()) return s;
  }
  for (const BranchRow& b : after.branches) {
    auto was = find(before.branches, b, same_branch);
    if (was != before.branches.end() && *was == b) continue;
    bind_branch(insert_branch_, b);
    if (Status s = insert_branch_.run(); !s.ok()) return s;
  }
  for (const DueRow& d : before.dues) {
    auto now = find(after.dues, d, same_due);
    if (now != after.dues.end() && *now == d) continue;
    delete_due_.bind_static(1, d.case_id).bind_static(2, d.clock).bind_static(3, d.kind);
    if (Status s = delete_due_.run(); !s.ok()) return s;
  }
  for (const DueRow& d : after.dues) {
    auto was = find(before.dues, d, same_due);
    if (was != before.dues.end() && *was == d) continue;
    bind_due(insert_due_, d);
    if (Status s = insert_due_.run(); !s.ok()) return s;
  }
  return Status();
}

Status ProjectionWriter::write_new(const std::vector<const CaseProjection*>& projections) {
  // Table by table, in the order given: for cases in id order every row is appended.
  std::vector<const CaseRow*> cases;
  std::vector<const BranchRow*> branches;
  std::vector<const DueRow*> dues;
  cases.reserve(projections.size());
  for (const CaseProjection* p : projections) {
    cases.push_back(&p->row);
    for (const BranchRow& b : p->branches) branches.push_back(&b);
    for (const DueRow& d : p->dues) dues.push_back(&d);
  }
  if (Status s = new_cases_->insert(cases, [](auto& st, const CaseRow& r, int before) { bind_case(st, r, before); });
      !s.ok()) {
    return s;
  }
  if (Status s = new_branches_->insert(branches, [](auto& st, const BranchRow& b, int before) {
        bind_branch(st, b, before);
      });
      !s.ok()) {
    return s;
  }
  return new_dues_->insert(dues, [](auto& st, const DueRow& d, int before) { bind_due(st, d, before); });
}

Status ProjectionWriter::add(const Counters& counters) {
  for (const auto& [key, n] : counters) {
    const auto& [day, item, office, counter] = key;
    add_counter_.bind_static(1, day).bind_static(2, item).bind_static(3, office).bind_static(4, counter).bind(5, n);
    if (Status s = add_counter_.run(); !s.ok()) return s;
  }
  return Status();
}

Columns columns_of(const CaseRow& r) {
  return {{"case_id", r.case_id},
          {"item_code", r.item_code},
          {"item_version", std::to_string(r.item_version)},
          {"status", r.status},
          {"outcome", r.outcome},
          {"applicant_masked", r.applicant_masked},
          {"channel", r.channel},
          {"office", r.office},
          {"departments", r.departments},
          {"received_at", text(r.received_at)},
          {"accepted_at", text(r.accepted_at)},
          {"closed_at", text(r.closed_at)},
          {"promised_deadline", r.promised_deadline},
          {"statutory_deadline", r.statutory_deadline},
          {"yellow_at", text(r.yellow_at)},
          {"red_at", text(r.red_at)},
          {"escalation_at", text(r.escalation_at)},
          {"paused", std::to_string(int(r.paused))},
          {"version", std::to_string(r.version)},
          {"updated_at", std::to_string(r.updated_at)},
          {"decided_at", text(r.decided_at)},
          {"promised_working_days_used", text(r.promised_working_days_used)},
          {"paused_working_days", text(r.paused_working_days)},
          {"promised_limit", text(r.promised_limit)}};
}

Columns columns_of(const BranchRow& b) {
  return {{"case_id", b.case_id},       {"branch_id", b.branch_id},         {"stage_id", b.stage_id},
          {"department", b.department}, {"verdict", b.verdict},             {"deadline", b.deadline},
          {"yellow_at", text(b.yellow_at)}, {"red_at", text(b.red_at)},     {"started_at", text(b.started_at)},
          {"stopped_at", text(b.stopped_at)}};
}

Columns columns_of(const DueRow& d) {
  return {{"case_id", d.case_id}, {"clock", d.clock}, {"kind", d.kind}, {"due", std::to_string(d.due)}};
}

}  // namespace oneseal
