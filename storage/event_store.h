// The event store: where every accepted command's events become durable, and where the
// projections that queries read are kept equal to the fold of those events. This interface
// is the seam where a server database can replace the embedded SQLite store.
//
// Thread-safety: every method may be called from any thread at any time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/status.h"
#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/events.pb.h"
#include "storage/summary_report.h"

namespace oneseal {

// The events of one accepted command, decided on the case's version `expected_version`.
struct AppendRequest {
  std::string case_id;
  int64_t expected_version = 0;  // 0 for a new case
  std::vector<v1::Event> events;
  // The case after the events: the projections are written from it in the same transaction.
  v1::CaseState state_after;
  // The client's key for retries (empty: none) and the hash of the command it names.
  std::string idempotency_key;
  std::string request_hash;
  // The case the events were decided on, when the caller has it: the store then rewrites only
  // the projection rows that change, instead of all of the case's. Read during append_async()
  // only.
  const v1::CaseState* state_before = nullptr;
};

struct AppendResult {
  std::string case_id;  // for a replay: the case the earlier command was for
  int64_t version = 0;  // the case's version after the command
  // True when the key named an earlier identical command: nothing was appended, and `events`
  // are that command's events as first stored.
  bool replayed = false;
  std::vector<v1::Event> events;
};

// One row of the case summary projection (what lists and reports read).
struct CaseSummary {
  std::string case_id;
  std::string item_code;
  std::string status;   // CaseStatus name
  std::string outcome;  // Outcome name, empty while open
  std::string applicant_masked;
  std::string office;
  std::string departments;  // the reviewing departments, comma-separated
  std::string promised_deadline;   // YYYY-MM-DD, empty while unknown
  std::string statutory_deadline;  // YYYY-MM-DD, empty while unknown
  std::string alert_level;         // GREEN, YELLOW or RED at the instant asked about
  int64_t version = 0;
};

struct CaseFilter {
  std::string status{}, item_code{}, department{}, office{}, alert_level{};  // empty: any
  int64_t as_of = 0;         // unix seconds for alert levels
  std::string after_case_id{};  // paging: the last case id of the previous page
  int limit = 50;
};

// A clock at yellow or red: the case's promised clock, or one review branch's.
struct TimeoutEntry {
  std::string case_id, item_code, office;
  std::string clock;       // "promised", or the branch id
  std::string department;  // the branch's department; empty for the case's clocks
  std::string deadline;    // YYYY-MM-DD
  std::string alert_level;  // YELLOW or RED
};

struct TimeoutFilter {
  int64_t as_of = 0;  // unix seconds
  std::string item_code{}, office{};  // empty: any
};

// A step that falls due without anyone acting: the deadline index the scheduler reads.
struct DueRow {
  std::string case_id;
  std::string clock;  // "intake", "promised", "statutory", "delivery" or a branch id
  std::string kind;   // "deemed_acceptance", "yellow", "red"
  int64_t due = 0;    // unix seconds
  bool operator==(const DueRow&) const = default;
};

using AppendCallback = std::function<void(Result<AppendResult>)>;

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends the events and updates the projections in one transaction, committed with others
  // (group commit). OK means durable. CONFLICT when the case's version is not
  // `expected_version`, INVALID_ARGUMENT (field idempotency_key) when the key was used for
  // another command: nothing is then written. A failed batch fails every command in it.
  virtual Result<AppendResult> append(AppendRequest request) = 0;
  // The same without waiting: `done` is called once with the outcome, on the store's writer
  // thread (or at once, on the caller's, when the request is refused before queueing), so it
  // must be quick and must not call back into the store's writing methods.
  virtual void append_async(AppendRequest request, AppendCallback done) = 0;

  // What an earlier command appended under this key: nullopt when the key is new,
  // INVALID_ARGUMENT when it named a different command (another request hash).
  virtual Result<std::optional<AppendResult>> replay(const std::string& idempotency_key,
                                                     const std::string& request_hash) = 0;

  // All events of a case in order; empty when there is no such case.
  virtual Result<std::vector<v1::Event>> read_case(const std::string& case_id) = 0;

  virtual Result<std::optional<CaseSummary>> summary(const std::string& case_id, int64_t as_of) = 0;
  virtual Result<std::vector<CaseSummary>> list(const CaseFilter& filter) = 0;
  // The open cases' and branches' clocks at yellow or red as of filter.as_of, red first, then
  // by deadline.
  virtual Result<std::vector<TimeoutEntry>> timeouts(const TimeoutFilter& filter) = 0;
  // The steps still to be recorded that fall due at or before `until` (unix seconds), earliest
  // first, at most `limit`; and when the earliest of all falls due (nullopt: none pending).
  virtual Result<std::vector<DueRow>> due_steps(int64_t until, int limit) = 0;
  virtual Result<std::optional<int64_t>> next_due() = 0;
  // The supervisors' summary of the bureau days filter.from..to, per item and office in that
  // order: the counters and decisions of the period, and the open cases at filter.as_of.
  virtual Result<std::vector<SummaryCell>> summary_report(const SummaryFilter& filter) = 0;
};

}  // namespace oneseal
