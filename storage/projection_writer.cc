#include "storage/projection_writer.h"

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

// Column order of the case row, as bind_case() binds it.
constexpr const char* kInsertCase =
    "INSERT INTO cases (case_id, item_code, item_version, status, outcome, applicant_masked, "
    "channel, office, departments, received_at, accepted_at, closed_at, promised_deadline, "
    "statutory_deadline, yellow_at, red_at, escalation_at, paused, version, updated_at, decided_at, "
    "promised_working_days_used, paused_working_days, promised_limit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";

// An upsert, not INSERT OR REPLACE: an index entry is rewritten only when its column changed.
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

// The values are bound without copies: the rows outlive the statements' runs.
void bind_case(sqlite::Statement& s, const CaseRow& r) {
  s.bind_static(1, r.case_id).bind_static(2, r.item_code).bind(3, r.item_version).bind_static(4, r.status);
  s.bind_static(5, r.outcome).bind_static(6, r.applicant_masked).bind_static(7, r.channel).bind_static(8, r.office);
  s.bind_static(9, r.departments);
  bind_optional(s, 10, r.received_at);
  bind_optional(s, 11, r.accepted_at);
  bind_optional(s, 12, r.closed_at);
  s.bind_static(13, r.promised_deadline).bind_static(14, r.statutory_deadline);
  bind_optional(s, 15, r.yellow_at);
  bind_optional(s, 16, r.red_at);
  bind_optional(s, 17, r.escalation_at);
  s.bind(18, int64_t(r.paused)).bind(19, r.version).bind(20, r.updated_at);
  bind_optional(s, 21, r.decided_at);
  bind_optional(s, 22, r.promised_working_days_used);
  bind_optional(s, 23, r.paused_working_days);
  bind_optional(s, 24, r.promised_limit);
}

}  // namespace

Result<ProjectionWriter> ProjectionWriter::prepare(sqlite::Connection& db) {
  ProjectionWriter w;
  const std::string upsert = std::string(kInsertCase) + kUpdateCase;
  Status prepared = db.prepare_all({
           {&w.insert_case_, kInsertCase},
           {&w.upsert_case_, upsert.c_str()},
           {&w.delete_branches_, "DELETE FROM branches WHERE case_id = ?1"},
           {&w.insert_branch_,
            "INSERT INTO branches (case_id, branch_id, stage_id, department, verdict, deadline, yellow_at, red_at, "
            "started_at, stopped_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
           {&w.delete_dues_, "DELETE FROM dues WHERE case_id = ?1"},
           {&w.insert_due_, "INSERT INTO dues (case_id, clock, kind, due) VALUES (?1, ?2, ?3, ?4)"},
           {&w.add_counter_,
            "INSERT INTO daily_counters (day, item_code, office, counter, n) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (day, item_code, office, counter) DO UPDATE SET n = n + excluded.n"},
       });
  if (!prepared.ok()) return prepared;
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
    auto& ib = insert_branch_;
    ib.bind_static(1, b.case_id).bind_static(2, b.branch_id).bind_static(3, b.stage_id).bind_static(4, b.department);
    ib.bind_static(5, b.verdict).bind_static(6, b.deadline);
    bind_optional(ib, 7, b.yellow_at);
    bind_optional(ib, 8, b.red_at);
    bind_optional(ib, 9, b.started_at);
    bind_optional(ib, 10, b.stopped_at);
    if (Status s = ib.run(); !s.ok()) return s;
  }
  for (const DueRow& d : p.dues) {
    insert_due_.bind_static(1, d.case_id).bind_static(2, d.clock).bind_static(3, d.kind).bind(4, d.due);
    if (Status s = insert_due_.run(); !s.ok()) return s;
  }
  return Status();
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
