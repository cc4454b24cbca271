// The scheduler: what falls due without anyone acting — deemed acceptance after 5 working days
// without an intake decision, and each clock's yellow and red alerts — is recorded by sending
// the engine's own commands down the same path as any other command (shared/design.md).
//
// It reads the deadline index (the store's dues), never scans cases. Each step is recorded
// once, stamped with the instant it fell due: after downtime, a catch-up records the true
// instants in order; two catch-ups racing record each step once (the engine refuses a step
// already recorded, and each command carries an idempotency key naming the step).
//
// Thread-safety: run_due() may be called from several threads and processes at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/case_service.h"

namespace oneseal {

struct SchedulerRun {
  int recorded = 0;  // steps recorded by this run
  int skipped = 0;   // steps another run recorded first, or that no longer fell due
};

class Scheduler {
 public:
  // The service and store must outlive the scheduler.
  Scheduler(CaseService& cases, EventStore& store, const TimeSource& time) : cases_(cases), store_(store), time_(time) {}

  // Records every step due at or before now, earliest first.
  Result<SchedulerRun> run_due();
  // When the earliest step still to be recorded falls due (nullopt: none).
  Result<std::optional<Instant>> next_due();

 private:
  CaseService& cases_;
  EventStore& store_;
  const TimeSource& time_;
};

// Runs the scheduler on its own thread for the server: at start (the catch-up after downtime),
// then whenever the next step falls due, and at least every `poll` (commands may bring a step
// forward). Reports each run's failure through `on_error` and goes on.
class SchedulerThread {
 public:
  SchedulerThread(Scheduler& scheduler, const TimeSource& time, std::function<void(const Status&)> on_error,
                  std::chrono::seconds poll = std::chrono::seconds(60));
  ~SchedulerThread();  // stops and joins

 private:
  void loop();

  Scheduler& scheduler_;
  const TimeSource& time_;
  std::function<void(const Status&)> on_error_;
  const std::chrono::seconds poll_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

// The engine's own actor, in whose name the scheduler's commands are recorded.
v1::Actor scheduler_actor();

}  // namespace oneseal
