// The embedded event store on SQLite (docs/storage.md).
//
// One writer connection, owned by one writer thread for the life of the store, commits
// appends in batches (group commit: one transaction and one fsync for many commands, after
// LevelDB's DBImpl::Write). Callers compute projections and serialise events on their own
// threads, queue the result and wait for the batch's outcome. Readers use their own read-only
// connections (WAL) and never wait for the writer.
//
// Thread-safety: all public methods may be called concurrently. The Calendar passed to open()
// must outlive the store.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/calendar.h"
#include "storage/event_store.h"
#include "storage/projection.h"
#include "storage/sqlite.h"
#include "storage/writer_lock.h"

namespace oneseal {

enum class QuickCheck {
  // open() runs it and refuses a file that fails it.
  kWhenOpening,
  // open() returns at once, ready for reads; the writer runs the check before its first write,
  // and appends wait for it. A file that fails it takes no write: queued and later appends fail
  // UNAVAILABLE and when_check_fails() is told. A file that must be written to while opening (a
  // new file, a migration, one not in WAL mode, projections for a new calendar) and a read-only
  // store are checked when opening, as with kWhenOpening. The check reads the whole file (about 0.9 s per million
  // events here), which a large file should not make its readers wait for.
  kBeforeFirstWrite,
};

struct StoreOptions {
  // Refuse every write; reads work on a file that may not be changed.
  bool read_only = false;
  // FULL (default): a commit is on disk before append() returns. NORMAL: the last commits may
  // be lost on power loss (not on a process crash); the file is never corrupted.
  bool synchronous_full = true;
  // The most commands one transaction commits.
  int max_batch = 256;
  // How long the writer waits for more commands to join a batch that is not full. 0: it takes
  // what is queued when the previous batch ends, which already batches under load.
  std::chrono::microseconds max_wait{0};
  // The most pages the file may grow to (0: no limit); tests use it to simulate a full disk.
  int64_t max_page_count = 0;
  // When SQLite's quick check (every page of the file read) runs. Nothing is ever written to a
  // file that has not passed it.
  QuickCheck quick_check = QuickCheck::kWhenOpening;
};

struct StoreStats {
  uint64_t batches = 0;         // transactions committed
  uint64_t commands = 0;        // commands in them
  uint64_t failed_batches = 0;  // transactions rolled back (every command in them failed)
  double writer_busy_seconds = 0;  // time the writer spent writing and committing
};

class SqliteEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<SqliteEventStore>> open(const std::string& path, const Calendar& calendar,
                                                        const StoreOptions& options = {});
  // Finishes the queued appends, then stops the writer and closes the file.
  ~SqliteEventStore() override;

  Result<AppendResult> append(AppendRequest request) override;
  void append_async(AppendRequest request, AppendCallback done) override;
  Result<std::optional<AppendResult>> replay(const std::string& idempotency_key,
                                             const std::string& request_hash) override;
  Result<std::vector<v1::Event>> read_case(const std::string& case_id) override;
  Result<std::optional<CaseSummary>> summary(const std::string& case_id, int64_t as_of) override;
  Result<std::vector<CaseSummary>> list(const CaseFilter& filter) override;
  Result<std::vector<TimeoutEntry>> timeouts(const TimeoutFilter& filter) override;  // sqlite_reports.cc
  Result<std::vector<DueRow>> due_steps(int64_t until, int limit) override;       // sqlite_dues.cc
  Result<std::optional<int64_t>> next_due() override;                              // sqlite_dues.cc
  Result<std::vector<SummaryCell>> summary_report(const SummaryFilter& filter) override;  // sqlite_reports.cc
  // Open cases by the alert level of their promised clock at `as_of` (GREEN, YELLOW, RED).
  Result<std::map<std::string, int64_t>> open_cases_by_alert_level(int64_t as_of);  // sqlite_reports.cc

  // Runs `job` on the writer connection, on the writer thread, in a BEGIN IMMEDIATE transaction
  // of its own between append batches, and returns its Status: the one way for rare writes to
  // other tables (users), since only the writer connection writes the file. An OK job commits;
  // any other rolls back. The job must not begin or end transactions, nor write events or
  // projections (the writer keeps the head of the hash chain in memory). UNAVAILABLE
  // on a read-only store. Waits for the writer thread, so never call it from an append_async
  // callback, which runs on that thread.
  Status write_exclusive(std::function<Status(sqlite::Connection&)> job);
  // Runs `read` on a pooled read-only connection; statements it prepares must not outlive it.
  Status read_with(const std::function<Status(sqlite::Connection&)>& read);

  // Calls `tell` (on the writer thread, or at once if it already did) when the quick check owed
  // by QuickCheck::kBeforeFirstWrite fails; never when it passes. Replaces an earlier `tell`.
  void when_check_fails(std::function<void(const Status&)> tell);
  // Waits for the quick check owed by QuickCheck::kBeforeFirstWrite (at once when there is
  // none), then: why the store takes no writes, if the check failed.
  std::optional<Status> check_failure();

  StoreStats stats() const {
    return {batches_.load(), commands_.load(), failed_batches_.load(), double(busy_ns_.load()) / 1e9};
  }
  // The writer connection's settings as SQLite reported them after open(): "wal" and 2 (FULL)
  // or 1 (NORMAL).
  const std::string& journal_mode() const { return journal_mode_; }
  int64_t synchronous() const { return synchronous_; }

 private:
  struct Pending;
  struct Exclusive;
  class Reader;
  // What waits for the writer: an append, or a write_exclusive() job.
  using Work = std::variant<std::unique_ptr<Pending>, std::unique_ptr<Exclusive>>;

  SqliteEventStore(std::string path, const Calendar& calendar, const StoreOptions& options);
  Status open_writer();
  // Queues work for the writer, or fails it with UNAVAILABLE when the store is closing or its
  // file failed the quick check.
  void enqueue(Work work);
  void writer_loop();
  // Runs the quick check that open() left to the writer; false (and every queued write failed)
  // when the file fails it.  REQUIRES: called on the writer thread.
  bool pass_owed_check();
  // Runs one write_exclusive() job in its transaction.  REQUIRES: called on the writer thread.
  void run_exclusive(Exclusive& job);
  // Commits one batch; every Pending's callback is called.  REQUIRES: called on the writer thread.
  void commit_batch(std::vector<std::unique_ptr<Pending>>& batch);
  // What the batch being written has done so far.
  struct BatchState {
    int64_t next_seq = 0;
    std::string last_hash;
    // The versions of the cases appended to, by case id (views of the ids held by the batch's
    // Pendings, which outlive it).
    std::unordered_map<std::string_view, int64_t> versions;
    // The projections of the cases it created, written together (multi-row inserts) before it
    // commits, or before a command replaces a case's rows.
    std::vector<const CaseProjection*> new_cases;
  };
  // Writes one command's rows; a logical refusal (conflict) goes to the Pending's result, an
  // SQLite error is returned and fails the whole batch.  REQUIRES: called on the writer thread.
  Status write_one(Pending& p, BatchState& batch);
  // Writes the projections of the batch's new cases so far.  REQUIRES: called on the writer thread.
  Status write_new_cases(BatchState& batch);
  // The case's version as stored (0: no such case).  REQUIRES: called on the writer thread.
  Result<int64_t> stored_version(const std::string& case_id);
  // The same, from committed_versions_ when it knows the case.  REQUIRES: called on the writer
  // thread.
  Result<int64_t> committed_version(const std::string& case_id);
  // Runs fn with a pooled read-only connection.
  template <typename Fn>
  auto with_reader(Fn fn) -> decltype(fn(std::declval<Reader&>()));

  std::unique_ptr<Reader> take_reader();
  void give_back(std::unique_ptr<Reader> reader);

  const std::string path_;
  const Calendar& calendar_;
  const StoreOptions options_;

  // The writer: touched only by the writer thread after open().
  std::optional<WriterLock> writer_lock_;
  std::unique_ptr<sqlite::Connection> writer_;
  struct WriterStatements;
  std::unique_ptr<WriterStatements> stmts_;
  int64_t next_seq_ = 1;
  std::string last_hash_;
  bool check_owed_ = false;  // QuickCheck::kBeforeFirstWrite, for a file open() did not check
  // The versions this writer committed lately, by case id: a command usually follows another
  // on the same case, and its version check then reads no index. Only this writer appends to
  // the file, so a version found here is the stored one. Emptied when it reaches
  // kRememberedVersions entries.
  std::unordered_map<std::string, int64_t> committed_versions_;
  static constexpr size_t kRememberedVersions = 1 << 16;
  std::string journal_mode_;
  int64_t synchronous_ = -1;
  std::atomic<uint64_t> batches_{0}, commands_{0}, failed_batches_{0}, busy_ns_{0};

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Work> queue_;  // GUARDED_BY(queue_mutex_)
  bool stopping_ = false;   // GUARDED_BY(queue_mutex_)
  bool check_done_ = true;                                // GUARDED_BY(queue_mutex_)
  std::condition_variable check_done_cv_;
  std::optional<Status> check_failure_;                   // GUARDED_BY(queue_mutex_)
  std::function<void(const Status&)> tell_check_failed_;  // GUARDED_BY(queue_mutex_)
  std::thread writer_thread_;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Reader>> readers_;  // GUARDED_BY(readers_mutex_)
};

}  // namespace oneseal
