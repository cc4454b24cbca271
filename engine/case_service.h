// CaseService: the one path every change takes (shared/design.md): load the case (cached),
// decide, append the events with the expected version and the client's idempotency key,
// apply. Queries read the store's projections.
//
// Commands are asynchronous: the caller's thread loads and decides, the store's writer commits
// (group commit: commands on different cases share a transaction), and the answer comes from
// the writer's completion, so no thread waits for the disk. Commands on one case take turns
// (the next starts when the one before is committed), so they never race each other to the
// store.
//
// Thread-safety: all methods may be called concurrently. The destructor waits for the
// commands in flight.
#pragma once

#include <bitset>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "engine/batched_continue.h"
#include "engine/calendar.h"
#include "engine/case_number.h"
#include "engine/catalogue.h"
#include "engine/time_source.h"
#include "storage/event_store.h"

namespace oneseal {

struct CommandOptions {
  // A client's key: a retry with the same key and command returns the first result.
  std::string idempotency_key{};
  // The case version the client saw (If-Match); a different current version is CONFLICT.
  std::optional<int64_t> expected_version{};
};

struct CommandOutcome {
  v1::CaseState state;  // the case after the command
  std::vector<v1::Event> events;
  bool replayed = false;  // an earlier identical command's result
};


// Case states kept in memory by default: about 2 KiB each, so that a server with a million
// cases stored stays under 300 MB (docs/benchmarks.md).
inline constexpr size_t kCachedCases = 50000;

class CaseService {
 public:
  using Done = std::function<void(Result<CommandOutcome>)>;

  // All references must outlive the service. `cache_capacity` bounds the cases kept in memory.
  // `continue_elsewhere` runs on another thread what must not run on the store's writer: the
  // answers to committed commands and the next command of a case that waited for one (given
  // a commit's worth at a time, see BatchedContinue). Without it, that runs on the writer
  // (tests, tools).
  CaseService(EventStore& store, const Catalogue& catalogue, const Calendar& calendar, const TimeSource& time,
              size_t cache_capacity = kCachedCases, Continue continue_elsewhere = nullptr);
  ~CaseService();

  // Files a new case. A Submit without a case_id gets a new case number. `done` is called
  // once: on this thread for a refusal decided before the store, else through Continue.
  void submit_async(v1::Command command, CommandOptions options, Done done);
  // Any other command on an existing case; `done` as for submit_async.
  void execute_async(const std::string& case_id, v1::Command command, CommandOptions options, Done done);
  // The same, waiting for the answer. Never call them on the store's writer thread.
  Result<CommandOutcome> submit(v1::Command command, const CommandOptions& options = {});
  Result<CommandOutcome> execute(const std::string& case_id, const v1::Command& command,
                                 const CommandOptions& options = {});

  // Waits until every command given so far is answered and no thread is still handing one
  // to Continue: after it, nothing of the service calls Continue.
  void wait_idle();
  // Commands not yet answered, and hand-overs to Continue not yet returned.
  int64_t in_flight();

  // The case as last committed (shared with the cache, never changed); NOT_FOUND when there
  // is no such case.
  Result<std::shared_ptr<const v1::CaseState>> get(const std::string& case_id);
  Result<std::vector<CaseSummary>> list(const CaseFilter& filter) { return store_.list(filter); }

  // A new case number (engine/case_number.h), drawn now.
  std::string new_case_id();

 private:
  struct Attempt;
  struct Draw;
  // Submits under a newly drawn case number, drawing again while the number is taken.
  void file_under_new_number(std::shared_ptr<Draw> draw);
  // Runs the command in the case's turn; every path ends in finish().
  void run(std::shared_ptr<Attempt> attempt);
  // Runs one step of a command in its case's turn. An exception ends the command with
  // INTERNAL, rather than leaving the case's turn taken for good.
  void step(const std::shared_ptr<Attempt>& attempt, const std::function<void()>& body);
  // Loads, decides and appends; the store's completion finishes or retries.
  void decide_and_append(std::shared_ptr<Attempt> attempt);
  // Ends the case's turn and answers.
  void finish(const std::shared_ptr<Attempt>& attempt, Result<CommandOutcome> outcome);
  // Runs `task` now when no command of the case is running, else after the ones before it.
  void take_turn(const std::string& case_id, std::function<void()> task);
  // Ends a turn: the next waiting command of the case starts (through Continue).
  void end_turn(const std::string& case_id);
  void later(std::function<void()> task);
  void command_started();
  void command_ended();
  // The earlier command's events, and its case as it was right after them.
  Result<CommandOutcome> replayed(AppendResult earlier);
  // The cached state, or the fold of the stored events; version 0 when there is no such case.
  Result<std::shared_ptr<const v1::CaseState>> load(const std::string& case_id);
  void remember(const std::string& case_id, std::shared_ptr<const v1::CaseState> state);
  void forget(const std::string& case_id);

  EventStore& store_;
  const Catalogue& catalogue_;
  const Calendar& calendar_;
  const TimeSource& time_;

  const Continue continue_;

  // Cases with a command running, and the commands waiting for their turn.
  std::mutex turns_mutex_;
  std::unordered_map<std::string, std::deque<std::function<void()>>> turns_;  // GUARDED_BY(turns_mutex_)

  // Commands not yet answered and hand-overs to Continue under way: the destructor waits for
  // them.
  std::mutex in_flight_mutex_;
  std::condition_variable idle_;
  int64_t in_flight_ = 0;  // GUARDED_BY(in_flight_mutex_)

  // A bounded LRU cache of case states.
  const size_t cache_capacity_;
  std::mutex cache_mutex_;
  std::list<std::string> lru_;  // GUARDED_BY(cache_mutex_), most recent first
  struct Cached {
    std::shared_ptr<const v1::CaseState> state;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, Cached> cache_;  // GUARDED_BY(cache_mutex_)

  // New case numbers: the random parts already drawn in the tenth of a second being numbered,
  // so that a busy tenth (hundreds of submissions) never draws a number twice.
  std::mutex random_mutex_;
  std::mt19937_64 random_;                                 // GUARDED_BY(random_mutex_)
  std::chrono::system_clock::time_point numbering_tenth_;  // GUARDED_BY(random_mutex_)
  std::bitset<kCaseNumberRandomParts> drawn_in_tenth_;     // GUARDED_BY(random_mutex_)
};

// SHA-256 of the command's deterministic encoding, with the case it is aimed at.
std::string command_hash(const std::string& case_id, const v1::Command& command);

}  // namespace oneseal
