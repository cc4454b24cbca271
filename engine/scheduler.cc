#include "engine/scheduler.h"

#include <algorithm>

namespace oneseal {

namespace {

constexpr int kPage = 500;  // dues read per query

v1::Command command_for(const DueRow& due) {
  v1::Command command;
  *command.mutable_actor() = scheduler_actor();
  if (due.kind == "deemed_acceptance") {
    command.mutable_deem_accepted();
  } else {
    command.mutable_raise_alert()->set_clock(due.clock);
    command.mutable_raise_alert()->set_level(due.kind);
  }
  return command;
}

}  // namespace

v1::Actor scheduler_actor() {
  v1::Actor actor;
  actor.set_id("scheduler");
  actor.set_role(v1::SYSTEM);
  return actor;
}

Result<SchedulerRun> Scheduler::run_due() {
  SchedulerRun run;
  const int64_t now = time_.now().time_since_epoch().count();
  // Each page is read after the previous one was recorded: recorded steps have left the index,
  // and steps that fell due because of them (a deemed acceptance starts clocks) join it.
  for (;;) {
    auto page = store_.due_steps(now, kPage);
    if (!page.ok()) return page.status();
    int progressed = 0;
    for (const DueRow& due : *page) {
      CommandOptions options;
      options.idempotency_key = "scheduler/" + due.case_id + "/" + due.clock + "/" + due.kind + "/" +
                                std::to_string(due.due);
      auto done = cases_.execute(due.case_id, command_for(due), options);
      if (done.ok() && !done->replayed) {
        ++run.recorded;
        ++progressed;
      } else if (done.ok() || done.status().code() == Code::kAlreadyExists ||
                 done.status().code() == Code::kFailedPrecondition) {
        ++run.skipped;  // recorded by another run, or moved by a command meanwhile
      } else {
        return done.status();
      }
    }
    // Until a read records nothing: what is left was skipped, or nothing is due.
    if (progressed == 0) return run;
  }
}

Result<std::optional<Instant>> Scheduler::next_due() {
  auto next = store_.next_due();
  if (!next.ok()) return next.status();
  if (!*next) return std::optional<Instant>();
  return std::optional<Instant>(Instant{std::chrono::seconds{**next}});
}

SchedulerThread::SchedulerThread(Scheduler& scheduler, const TimeSource& time,
                                 std::function<void(const Status&)> on_error, std::chrono::seconds poll)
    : scheduler_(scheduler), time_(time), on_error_(std::move(on_error)), poll_(poll), thread_([this] { loop(); }) {}

SchedulerThread::~SchedulerThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SchedulerThread::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto run = scheduler_.run_due();
    if (!run.ok()) on_error_(run.status());
    auto next = scheduler_.next_due();
    if (!next.ok()) on_error_(next.status());
    auto wait = poll_;
    if (next.ok() && *next) {
      wait = std::clamp(std::chrono::duration_cast<std::chrono::seconds>(**next - time_.now()),
                        std::chrono::seconds(0), poll_);
    }
    lock.lock();
    // Wakes a second late at worst: steps fall due on whole seconds.
    wake_.wait_for(lock, wait + std::chrono::seconds(wait < poll_ ? 1 : 0), [this] { return stopping_; });
  }
}

}  // namespace oneseal
