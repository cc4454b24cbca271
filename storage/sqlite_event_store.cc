#include "storage/sqlite_event_store.h"

#include <pthread.h>

#include <future>
#include <map>

#include "engine/apply.h"
#include "storage/alert_level_sql.h"
#include "storage/crash_point.h"
#include "storage/hash_chain.h"
#include "storage/maintenance.h"
#include "storage/projection_writer.h"
#include "storage/schema.h"

namespace oneseal {

namespace {

constexpr const char* kSummaryColumns =
    "case_id, item_code, status, outcome, applicant_masked, office, departments, promised_deadline, "
    "statutory_deadline, version, ";

CaseSummary read_summary(const sqlite::Statement& s) {
  CaseSummary c;
  c.case_id = s.text(0);
  c.item_code = s.text(1);
  c.status = s.text(2);
  c.outcome = s.text(3);
  c.applicant_masked = s.text(4);
  c.office = s.text(5);
  c.departments = s.text(6);
  c.promised_deadline = s.text(7);
  c.statutory_deadline = s.text(8);
  c.version = s.int64(9);
  c.alert_level = s.text(10);
  return c;
}

// Reads events first..last of a case with `range` (SELECT body ... BETWEEN ?2 AND ?3).
Result<std::vector<v1::Event>> read_range(sqlite::Statement& range, const std::string& case_id, int64_t first,
                                          int64_t last) {
  std::vector<v1::Event> events;
  Status status;
  range.bind(1, case_id).bind(2, first).bind(3, last);
  while (range.step(&status)) {
    const auto body = range.blob(0);
    if (!events.emplace_back().ParseFromArray(body.data(), int(body.size()))) {
      status = Status::internal("an event of case " + case_id + " cannot be parsed");
      break;
    }
  }
  range.reset();
  if (!status.ok()) return status;
  return events;
}

// What an earlier command stored under `key`: nullopt for a new key, CONFLICT when the key
// named another command.
Result<std::optional<AppendResult>> lookup_key(sqlite::Statement& find_key, sqlite::Statement& range,
                                               const std::string& key, const std::string& request_hash) {
  Status status;
  find_key.bind(1, key);
  if (!find_key.step(&status)) {
    find_key.reset();
    if (!status.ok()) return status;
    return std::optional<AppendResult>();
  }
  const bool same = find_key.blob(0) == request_hash;
  const std::string case_id(find_key.text(1));
  const int64_t first = find_key.int64(2), last = find_key.int64(3);
  find_key.reset();
  if (!same) {
    return Status::invalid_argument("idempotency_key", "key '" + key + "' was already used for a different command");
  }
  auto events = read_range(range, case_id, first, last);
  if (!events.ok()) return events.status();
  return std::optional<AppendResult>(AppendResult{case_id, last, true, std::move(*events)});
}

// SQLite's quick check: every page read and the B-trees' structure checked (not the rows'
// bytes: `oneseal db verify` checks those against the hash chain).
Status quick_check(sqlite::Connection& db, const std::string& path) {
  auto check = db.query_text("PRAGMA quick_check");
  if (!check.ok()) return Status::failed_precondition(path + ": " + check.status().message());
  if (*check != "ok") return Status::failed_precondition(path + " fails its quick check: " + *check);
  return Status();
}

// UNAVAILABLE: the file takes no writes now (HTTP 503, docs/api.md); another server, or this one
// restarted without --read-only, may.
Status read_only_refusal() { return Status::unavailable("the database is open read-only: no writes"); }

}  // namespace

struct SqliteEventStore::Pending {
  std::string case_id;
  int64_t expected_version = 0;
  std::vector<EventRow> rows;
  CaseProjection projection;
  std::optional<CaseProjection> before;  // the rows the case has now, when the caller knew them
  Counters counters;
  std::string key, request_hash;
  std::optional<Result<AppendResult>> result;  // set while the batch is written
  AppendCallback done;
};

struct SqliteEventStore::Exclusive {
  std::function<Status(sqlite::Connection&)> job;
  std::function<void(Status)> done;
};

struct SqliteEventStore::WriterStatements {
  sqlite::Statement begin, commit, rollback;
  sqlite::Statement case_version, insert_event, insert_new_case_event, find_key, insert_key, read_range;
  std::optional<ProjectionWriter> projections;
};

class SqliteEventStore::Reader {
 public:
  std::unique_ptr<sqlite::Connection> db;
  sqlite::Statement read_case, read_range, find_key, summary;
};

// --- Opening ---

SqliteEventStore::SqliteEventStore(std::string path, const Calendar& calendar, const StoreOptions& options)
    : path_(std::move(path)), calendar_(calendar), options_(options) {}

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const std::string& path, const Calendar& calendar,
                                                                 const StoreOptions& options) {
  if (options.max_batch < 1) return Status::invalid_argument("max_batch", "a batch holds at least one command");
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(path, calendar, options));
  if (options.read_only) {
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
    if (!db.ok()) return db.status();
    if (Status s = quick_check(**db, path); !s.ok()) return s;
    if (Status s = check_schema(**db); !s.ok()) return Status::failed_precondition(path + ": " + s.message());
    return store;
  }
  if (Status s = store->open_writer(); !s.ok()) return s;
  store->writer_thread_ = std::thread([s = store.get()] { s->writer_loop(); });
  return store;
}

Status SqliteEventStore::open_writer() {
  auto lock = WriterLock::acquire(path_);
  if (!lock.ok()) return lock.status();
  writer_lock_.emplace(std::move(*lock));
  if (Status s = arm_crash_points(); !s.ok()) return s;
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!conn.ok()) return conn.status();
  writer_ = std::move(*conn);
  auto& db = *writer_;
  if (sqlite3_db_readonly(db.raw(), "main") == 1) {
    return Status::failed_precondition(path_ + " cannot be written (file or folder permissions); open it read-only "
                                       "to serve reads");
  }
  if (Status s = db.exec("PRAGMA busy_timeout = 5000"); !s.ok()) return s;
  // Opening writes to a new file, one to migrate, one not yet in WAL mode and one whose
  // projections follow another calendar: such a file is checked first, whatever the options.
  bool checked = false;
  auto check_before_writing = [&] {
    if (checked) return Status();
    checked = true;
    return quick_check(db, path_);
  };
  auto mode_now = db.query_text("PRAGMA journal_mode");
  if (options_.quick_check == QuickCheck::kWhenOpening || !check_schema(db).ok() || !mode_now.ok() ||
      *mode_now != "wal") {
    if (Status s = check_before_writing(); !s.ok()) return s;
  }
  if (Status s = migrate(db); !s.ok()) return Status(s).with_detail("path", path_);
  auto mode = db.query_text("PRAGMA journal_mode = WAL");
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") return Status::failed_precondition(path_ + ": cannot use WAL mode (journal_mode " + *mode + ")");
  journal_mode_ = *mode;
  if (Status s = db.exec(options_.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
      !s.ok()) {
    return s;
  }
  auto synchronous = db.query_int("PRAGMA synchronous");
  if (!synchronous.ok()) return synchronous.status();
  synchronous_ = *synchronous;
  // A large page cache keeps the B-tree pages a batch touches in memory, and fewer, larger
  // checkpoints cost less than many small ones.
  if (Status s = db.exec("PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000"); !s.ok()) return s;
  if (options_.max_page_count > 0) {
    if (Status s = db.exec("PRAGMA max_page_count = " + std::to_string(options_.max_page_count)); !s.ok()) return s;
  }

  // Deadlines in the projections follow the holiday calendar: when it changed (next year's
  // notice loaded), or a migration forgot it to have new columns filled, compute them again
  // before serving.
  auto used = stored_calendar(db);
  if (!used.ok()) return used.status();
  if (*used != calendar_fingerprint(calendar_)) {
    if (Status s = check_before_writing(); !s.ok()) return s;
    if (auto done = reproject(db, path_, calendar_); !done.ok()) return done.status();
  }

  stmts_ = std::make_unique<WriterStatements>();
  WriterStatements& w = *stmts_;
  Status prepared = db.prepare_all({
           {&w.begin, "BEGIN IMMEDIATE"},
           {&w.commit, "COMMIT"},
           {&w.rollback, "ROLLBACK"},
           {&w.case_version, "SELECT max(case_seq) FROM events WHERE case_id = ?1"},
           {&w.insert_event,
            "INSERT INTO events (seq, case_id, case_seq, type, at, actor, body, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "?7, ?8)"},
           // The first event of a command decided on a new case: skipped, not an error, when the case
           // has one already (the version check, in write_one).
           {&w.insert_new_case_event,
            "INSERT INTO events (seq, case_id, case_seq, type, at, actor, body, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "?7, ?8) ON CONFLICT (case_id, case_seq) DO NOTHING"},
           {&w.find_key, "SELECT request_hash, case_id, first_case_seq, last_case_seq FROM idempotency WHERE key = ?1"},
           {&w.insert_key,
            "INSERT INTO idempotency (key, request_hash, case_id, first_case_seq, last_case_seq) VALUES (?1, ?2, ?3, "
            "?4, ?5)"},
           {&w.read_range, "SELECT body FROM events WHERE case_id = ?1 AND case_seq BETWEEN ?2 AND ?3 ORDER BY case_seq"},
       });
  if (!prepared.ok()) return prepared;
  auto projections = ProjectionWriter::prepare(db);
  if (!projections.ok()) return projections.status();
  w.projections.emplace(std::move(*projections));

  auto last = db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
  if (!last.ok()) return last.status();
  Status status;
  if (last->step(&status)) {
    next_seq_ = last->int64(0) + 1;
    last_hash_ = std::string(last->blob(1));
  } else {
    if (!status.ok()) return status;
    last_hash_ = kGenesisHash;
  }
  check_owed_ = !checked;
  check_done_ = checked;
  return Status();
}

SqliteEventStore::~SqliteEventStore() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  readers_.clear();
  stmts_.reset();
  writer_.reset();  // the last connection to close checkpoints the WAL
}

// --- Writing ---

Result<AppendResult> SqliteEventStore::append(AppendRequest request) {
  std::promise<Result<AppendResult>> promise;
  auto future = promise.get_future();
  append_async(std::move(request), [&promise](Result<AppendResult> r) { promise.set_value(std::move(r)); });
  return future.get();
}

void SqliteEventStore::append_async(AppendRequest request, AppendCallback done) {
  auto refuse = [&](Status s) { done(std::move(s)); };
  if (options_.read_only) return refuse(read_only_refusal());
  if (request.case_id.empty()) return refuse(Status::invalid_argument("case_id", "the case id is missing"));
  if (request.events.empty()) return refuse(Status::invalid_argument("events", "nothing to append"));
  if (request.state_after.version() != request.expected_version + int64_t(request.events.size())) {
    return refuse(Status::invalid_argument("state_after", "the state does not follow from the events"));
  }
  // Serialising and projecting happen here, on the caller's thread, so the one writer thread
  // only writes.
  auto p = std::make_unique<Pending>();
  p->case_id = request.case_id;
  p->expected_version = request.expected_version;
  for (const auto& e : request.events) {
    EventRow row;
    row.case_id = request.case_id;
    row.type = event_type(e);
    row.at = e.at().seconds();
    row.actor = e.actor().id();
    e.SerializeToString(&row.body);
    p->rows.push_back(std::move(row));
    count_event(e, request.state_after, &p->counters);
  }
  p->projection = project(request.state_after, calendar_);
  if (request.state_before && request.expected_version > 0) p->before = project(*request.state_before, calendar_);
  p->key = std::move(request.idempotency_key);
  p->request_hash = std::move(request.request_hash);
  p->done = std::move(done);
  enqueue(std::move(p));
}

Status SqliteEventStore::write_exclusive(std::function<Status(sqlite::Connection&)> job) {
  if (options_.read_only) return read_only_refusal();
  std::promise<Status> promise;
  auto future = promise.get_future();
  auto e = std::make_unique<Exclusive>();
  e->job = std::move(job);
  e->done = [&promise](Status s) { promise.set_value(std::move(s)); };
  enqueue(std::move(e));
  return future.get();
}

void SqliteEventStore::enqueue(Work work) {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  if (stopping_ || check_failure_) {
    const Status refusal = check_failure_ ? *check_failure_ : Status::unavailable("the store is closing");
    lock.unlock();
    return std::visit([&](auto& w) { w->done(refusal); }, work);
  }
  queue_.push_back(std::move(work));
  // The writer waits for a non-empty queue, or, while it gathers a batch, for a full one: only
  // those two moments can end its wait. Waking it for every command costs a futex wake and a
  // context switch each, hundreds per batch.
  const bool wake = queue_.size() == 1 || int(queue_.size()) == options_.max_batch;
  lock.unlock();
  if (wake) queue_cv_.notify_one();
}

void SqliteEventStore::writer_loop() {
  pthread_setname_np(pthread_self(), "oneseal-writer");
  if (check_owed_ && !pass_owed_check()) return;
  for (;;) {
    std::vector<std::unique_ptr<Pending>> batch;
    std::unique_ptr<Exclusive> exclusive;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      if (auto* job = std::get_if<std::unique_ptr<Exclusive>>(&queue_.front())) {
        exclusive = std::move(*job);  // alone: its failure must not fail appends, nor theirs it
        queue_.pop_front();
      } else {
        if (options_.max_wait.count() > 0 && int(queue_.size()) < options_.max_batch) {
          queue_cv_.wait_for(lock, options_.max_wait,
                             [&] { return stopping_ || int(queue_.size()) >= options_.max_batch; });
        }
        // A batch ends at the first job: appends and jobs are written in the order queued.
        while (!queue_.empty() && int(batch.size()) < options_.max_batch) {
          auto* append = std::get_if<std::unique_ptr<Pending>>(&queue_.front());
          if (!append) break;
          batch.push_back(std::move(*append));
          queue_.pop_front();
        }
      }
    }
    const auto start = std::chrono::steady_clock::now();
    if (exclusive) {
      run_exclusive(*exclusive);
    } else {
      commit_batch(batch);
    }
    busy_ns_.fetch_add(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count()));
  }
}

bool SqliteEventStore::pass_owed_check() {
  const Status check = quick_check(*writer_, path_);
  if (!check.ok()) {
    const Status refusal = Status::unavailable(check.message() + "; it takes no writes");
    std::deque<Work> refused;
    std::function<void(const Status&)> tell;
    {
      std::lock_guard<std::mutex> lock(queue_mutex_);
      check_failure_ = refusal;
      refused.swap(queue_);
      tell = tell_check_failed_;
    }
    for (auto& work : refused) std::visit([&](auto& w) { w->done(refusal); }, work);
    if (tell) tell(refusal);
  }
  // Done only now: check_failure() returns once the owner was told (it may then destroy what
  // `tell` touches).
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    check_done_ = true;
  }
  check_done_cv_.notify_all();
  return check.ok();
}

void SqliteEventStore::when_check_fails(std::function<void(const Status&)> tell) {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  tell_check_failed_ = std::move(tell);
  if (!check_failure_) return;
  const Status failure = *check_failure_;
  const auto told = tell_check_failed_;
  lock.unlock();
  told(failure);
}

std::optional<Status> SqliteEventStore::check_failure() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  check_done_cv_.wait(lock, [&] { return check_done_; });
  return check_failure_;
}

void SqliteEventStore::commit_batch(std::vector<std::unique_ptr<Pending>>& batch) {
  WriterStatements& w = *stmts_;
  BatchState state;
  state.next_seq = next_seq_;
  state.last_hash = last_hash_;
  Counters counters;  // the batch's counters, summed: one row update per day, item and office
  Status status = w.begin.run();
  for (auto& p : batch) {
    if (!status.ok()) break;
    status = write_one(*p, state);
    if (status.ok() && p->result->ok() && !p->result->value().replayed) {
      for (const auto& [key, n] : p->counters) counters[key] += n;
    }
  }
  if (status.ok()) status = write_new_cases(state);
  if (status.ok()) status = w.projections->add(counters);
  if (status.ok()) crash_point(CrashPoint::kMidBatch);
  if (status.ok()) status = w.commit.run();
  if (!status.ok()) {
    // One failure fails the whole batch: nothing of it is on disk, nobody is told otherwise.
    w.rollback.run();
    failed_batches_.fetch_add(1);
    for (auto& p : batch) p->done(status);
    return;
  }
  batches_.fetch_add(1);
  commands_.fetch_add(batch.size());
  for (const auto& [case_id, version] : state.versions) {
    if (committed_versions_.size() >= kRememberedVersions) committed_versions_.clear();
    committed_versions_.insert_or_assign(std::string(case_id), version);
  }
  next_seq_ = state.next_seq;
  last_hash_ = std::move(state.last_hash);
  crash_point(CrashPoint::kAfterCommitBeforeReply);
  for (auto& p : batch) p->done(std::move(*p->result));
}

void SqliteEventStore::run_exclusive(Exclusive& e) {
  WriterStatements& w = *stmts_;
  Status status = w.begin.run();
  if (status.ok()) status = e.job(*writer_);
  if (status.ok()) status = w.commit.run();
  if (!status.ok()) w.rollback.run();
  e.done(std::move(status));
}

namespace {

Status version_conflict(const std::string& case_id, int64_t version, int64_t expected) {
  return Status::conflict("case " + case_id + " is at version " + std::to_string(version) + ", not " +
                          std::to_string(expected));
}

}  // namespace

Result<int64_t> SqliteEventStore::stored_version(const std::string& case_id) {
  sqlite::Statement& s = stmts_->case_version;
  Status status;
  int64_t version = 0;
  s.bind(1, case_id);
  if (s.step(&status)) version = s.int64(0);
  s.reset();
  if (!status.ok()) return status;
  return version;
}

Result<int64_t> SqliteEventStore::committed_version(const std::string& case_id) {
  if (auto it = committed_versions_.find(case_id); it != committed_versions_.end()) return it->second;
  return stored_version(case_id);
}

Status SqliteEventStore::write_new_cases(BatchState& batch) {
  Status status = stmts_->projections->write_new(batch.new_cases);
  batch.new_cases.clear();
  return status;
}

Status SqliteEventStore::write_one(Pending& p, BatchState& batch) {
  WriterStatements& w = *stmts_;
  Status status;
  if (!p.key.empty()) {
    auto earlier = lookup_key(w.find_key, w.read_range, p.key, p.request_hash);
    if (!earlier.ok() && earlier.status().code() != Code::kInvalidArgument) return earlier.status();
    if (!earlier.ok() || *earlier) {
      p.result = earlier.ok() ? Result<AppendResult>(std::move(**earlier)) : Result<AppendResult>(earlier.status());
      return Status();
    }
  }

  // The case's version: the batch's own when it appended to the case already, else the stored
  // one; except for a command decided on a new case, for which its first event's insert is the
  // check (below), saving a look-up for the commonest command, a submission.
  std::optional<int64_t> version;
  if (auto it = batch.versions.find(p.case_id); it != batch.versions.end()) {
    version = it->second;
  } else if (p.expected_version > 0) {
    auto stored = committed_version(p.case_id);
    if (!stored.ok()) return stored.status();
    version = *stored;
  }
  if (version && *version != p.expected_version) {
    p.result = version_conflict(p.case_id, *version, p.expected_version);
    return Status();
  }

  // Events are numbered from 1 without gaps, so a case has events exactly when it has an event 1:
  // an insert of event 1 that finds one already stored inserts nothing, and is the conflict.
  const bool new_case_unchecked = !version;
  const int64_t first_case_seq = p.expected_version + 1;
  int64_t case_seq = p.expected_version;
  for (EventRow& row : p.rows) {
    row.seq = batch.next_seq;
    row.case_seq = case_seq + 1;
    std::string hash = chain_hash(batch.last_hash, row);
    const bool check = new_case_unchecked && row.case_seq == 1;
    sqlite::Statement& insert = check ? w.insert_new_case_event : w.insert_event;
    // Bound without copies: the row and its hash outlive the insert.
    insert.bind(1, row.seq).bind_static(2, row.case_id).bind(3, row.case_seq).bind_static(4, row.type);
    insert.bind(5, row.at).bind_static(6, row.actor).bind_blob_static(7, row.body).bind_blob_static(8, hash);
    if (status = insert.run(); !status.ok()) return status;
    if (check && sqlite3_changes(writer_->raw()) == 0) {
      auto stored = stored_version(p.case_id);
      if (!stored.ok()) return stored.status();
      p.result = version_conflict(p.case_id, *stored, p.expected_version);
      return Status();
    }
    ++batch.next_seq;
    ++case_seq;
    batch.last_hash = std::move(hash);
  }
  batch.versions[p.case_id] = case_seq;

  if (p.expected_version == 0) {
    batch.new_cases.push_back(&p.projection);
  } else {
    // A case created earlier in the batch has its rows before they are replaced.
    if (status = write_new_cases(batch); !status.ok()) return status;
    status = p.before ? w.projections->write_changes(*p.before, p.projection)
                      : w.projections->write(p.projection, /*replace=*/true);
    if (!status.ok()) return status;
  }
  if (!p.key.empty()) {
    w.insert_key.bind(1, p.key).bind_blob(2, p.request_hash).bind(3, p.case_id);
    w.insert_key.bind(4, first_case_seq).bind(5, case_seq);
    if (status = w.insert_key.run(); !status.ok()) return status;
  }
  p.result = AppendResult{p.case_id, case_seq, false, {}};
  return Status();
}

// --- Reading ---

std::unique_ptr<SqliteEventStore::Reader> SqliteEventStore::take_reader() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!readers_.empty()) {
      auto r = std::move(readers_.back());
      readers_.pop_back();
      return r;
    }
  }
  auto conn = sqlite::Connection::open(path_, SQLITE_OPEN_READONLY);
  if (!conn.ok()) return nullptr;
  auto reader = std::make_unique<Reader>();
  reader->db = std::move(*conn);
  if (!reader->db->exec("PRAGMA busy_timeout = 5000").ok()) return nullptr;
  // A reader whose statements cannot be prepared (no OneSeal schema yet, or a passing
  // error) is not kept: the next call tries afresh.
  const std::string summary = std::string("SELECT ") + kSummaryColumns + kAlertLevelSql + " FROM cases WHERE case_id = ?2";
  Status prepared = reader->db->prepare_all({
      {&reader->read_range, "SELECT body FROM events WHERE case_id = ?1 AND case_seq BETWEEN ?2 AND ?3 ORDER BY case_seq"},
      {&reader->find_key, "SELECT request_hash, case_id, first_case_seq, last_case_seq FROM idempotency WHERE key = ?1"},
      {&reader->summary, summary.c_str()},
  });
  if (!prepared.ok()) return nullptr;
  return reader;
}

void SqliteEventStore::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(readers_mutex_);
  readers_.push_back(std::move(reader));
}

template <typename Fn>
auto SqliteEventStore::with_reader(Fn fn) -> decltype(fn(std::declval<Reader&>())) {
  auto reader = take_reader();
  if (!reader) return Status::unavailable("cannot open a read connection to " + path_);
  auto result = fn(*reader);
  give_back(std::move(reader));
  return result;
}

Status SqliteEventStore::read_with(const std::function<Status(sqlite::Connection&)>& read) {
  return with_reader([&](Reader& r) { return read(*r.db); });
}

Result<std::vector<v1::Event>> SqliteEventStore::read_case(const std::string& case_id) {
  return with_reader([&](Reader& r) { return read_range(r.read_range, case_id, 1, INT64_MAX); });
}

Result<std::optional<AppendResult>> SqliteEventStore::replay(const std::string& key, const std::string& request_hash) {
  return with_reader([&](Reader& r) { return lookup_key(r.find_key, r.read_range, key, request_hash); });
}

Result<std::optional<CaseSummary>> SqliteEventStore::summary(const std::string& case_id, int64_t as_of) {
  return with_reader([&](Reader& r) -> Result<std::optional<CaseSummary>> {
    Status status;
    auto& s = r.summary;
    s.bind(1, as_of).bind(2, case_id);
    std::optional<CaseSummary> found;
    if (s.step(&status)) found = read_summary(s);
    s.reset();
    if (!status.ok()) return status;
    return found;
  });
}

Result<std::vector<CaseSummary>> SqliteEventStore::list(const CaseFilter& f) {
  std::string sql = std::string("SELECT ") + kSummaryColumns + kAlertLevelSql + " AS level FROM cases WHERE case_id > ?2";
  if (!f.status.empty()) sql += " AND status = ?3";
  if (!f.item_code.empty()) sql += " AND item_code = ?4";
  if (!f.office.empty()) sql += " AND office = ?5";
  if (!f.department.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM branches b WHERE b.case_id = cases.case_id AND b.department = ?6)";
  }
  if (!f.alert_level.empty()) sql += " AND level = ?7";
  sql += " ORDER BY case_id LIMIT ?8";
  return with_reader([&](Reader& r) -> Result<std::vector<CaseSummary>> {
    auto stmt = r.db->prepare(sql);
    if (!stmt.ok()) return stmt.status();
    auto& s = *stmt;
    s.bind(1, f.as_of).bind(2, f.after_case_id);
    if (!f.status.empty()) s.bind(3, f.status);
    if (!f.item_code.empty()) s.bind(4, f.item_code);
    if (!f.office.empty()) s.bind(5, f.office);
    if (!f.department.empty()) s.bind(6, f.department);
    if (!f.alert_level.empty()) s.bind(7, f.alert_level);
    s.bind(8, int64_t(f.limit));
    std::vector<CaseSummary> out;
    Status status;
    while (s.step(&status)) out.push_back(read_summary(s));
    if (!status.ok()) return status;
    return out;
  });
}

}  // namespace oneseal
