#include "engine/case_service.h"

#include <functional>
#include <future>
#include <optional>
#include <utility>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "engine/apply.h"
#include "engine/decide.h"
#include "storage/hash_chain.h"

namespace oneseal {

namespace {

// How often a command decided on a state that another process changed first is decided again.
constexpr int kConflictRetries = 3;
// How often a new case number is drawn when the one drawn is taken.
constexpr int kCaseNumberDraws = 4;

}  // namespace

std::string command_hash(const std::string& case_id, const v1::Command& command) {
  // A retried submission carries a newly drawn query code: the code is not what was asked.
  std::optional<v1::Command> without_code;
  if (command.has_submit() && !command.submit().query_code_hmac().empty()) {
    without_code = command;
    without_code->mutable_submit()->clear_query_code_hmac();
  }
  const v1::Command& asked = without_code ? *without_code : command;
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  {
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    asked.SerializeToCodedStream(&out);
  }
  return sha256(case_id + '\0' + bytes);
}

struct CaseService::Draw {
  v1::Command command;
  CommandOptions options;
  std::string hash;
  Done done;
  int draws = 0;
};

struct CaseService::Attempt {
  std::string case_id;
  v1::Command command;
  CommandOptions options;
  std::string hash;
  Done done;
  int conflicts = 0;  // times the store found the case changed under the decision
  bool finished = false;
};

CaseService::CaseService(EventStore& store, const Catalogue& catalogue, const Calendar& calendar,
                         const TimeSource& time, size_t cache_capacity, Continue continue_elsewhere)
    : store_(store),
      catalogue_(catalogue),
      calendar_(calendar),
      time_(time),
      continue_(continue_elsewhere ? Continue(BatchedContinue(std::move(continue_elsewhere))) : Continue()),
      cache_capacity_(cache_capacity),
      random_(std::random_device{}()) {}

CaseService::~CaseService() { wait_idle(); }

void CaseService::wait_idle() {
  std::unique_lock<std::mutex> lock(in_flight_mutex_);
  idle_.wait(lock, [this] { return in_flight_ == 0; });
}

std::string CaseService::new_case_id() {
  using Tenths = std::chrono::duration<int64_t, std::deci>;
  const auto now = time_.now_exact();
  std::lock_guard<std::mutex> lock(random_mutex_);
  if (const auto tenth = std::chrono::floor<Tenths>(now); tenth != numbering_tenth_) {
    numbering_tenth_ = tenth;
    drawn_in_tenth_.reset();
  }
  // Four random digits give 10,000 numbers a tenth. Drawn with repeats, at 5,000 submissions
  // a second one in twenty draws hit a taken number, and three preloaded submissions in a
  // million failed after four draws. A full tenth (a stopped test clock) gives a taken number,
  // which the store refuses.
  uint64_t part = random_() % kCaseNumberRandomParts;
  while (drawn_in_tenth_.test(part) && !drawn_in_tenth_.all()) part = random_() % kCaseNumberRandomParts;
  drawn_in_tenth_.set(part);
  return case_number(now, part);
}

void CaseService::submit_async(v1::Command command, CommandOptions options, Done done) {
  if (!command.has_submit()) return done(Status::invalid_argument("body", "expected a submit command"));
  // A retried submission finds its first answer by its key, before a new case number is drawn.
  std::string hash = command_hash("", command);
  if (!options.idempotency_key.empty()) {
    auto earlier = store_.replay(options.idempotency_key, hash);
    if (!earlier.ok()) return done(earlier.status());
    if (*earlier) return done(replayed(std::move(**earlier)));
  }
  if (!command.submit().case_id().empty()) {
    std::string case_id = command.submit().case_id();
    return run(std::make_shared<Attempt>(
        Attempt{std::move(case_id), std::move(command), std::move(options), std::move(hash), std::move(done)}));
  }
  file_under_new_number(
      std::make_shared<Draw>(Draw{std::move(command), std::move(options), std::move(hash), std::move(done)}));
}

// A drawn number may already be taken: draw again.
void CaseService::file_under_new_number(std::shared_ptr<Draw> draw) {
  draw->command.mutable_submit()->set_case_id(new_case_id());
  run(std::make_shared<Attempt>(Attempt{draw->command.submit().case_id(), draw->command, draw->options, draw->hash,
                                        [this, draw](Result<CommandOutcome> outcome) {
                                          if (!outcome.ok() && outcome.status().code() == Code::kAlreadyExists &&
                                              ++draw->draws < kCaseNumberDraws) {
                                            return file_under_new_number(draw);
                                          }
                                          draw->done(std::move(outcome));
                                        }}));
}

void CaseService::execute_async(const std::string& case_id, v1::Command command, CommandOptions options, Done done) {
  if (command.has_submit()) return done(Status::invalid_argument("body", "a submission files a new case"));
  std::string hash = command_hash(case_id, command);
  run(std::make_shared<Attempt>(Attempt{case_id, std::move(command), std::move(options), std::move(hash),
                                        std::move(done)}));
}

Result<CommandOutcome> CaseService::submit(v1::Command command, const CommandOptions& options) {
  std::promise<Result<CommandOutcome>> answer;
  submit_async(std::move(command), options, [&answer](Result<CommandOutcome> r) { answer.set_value(std::move(r)); });
  return answer.get_future().get();
}

Result<CommandOutcome> CaseService::execute(const std::string& case_id, const v1::Command& command,
                                            const CommandOptions& options) {
  std::promise<Result<CommandOutcome>> answer;
  execute_async(case_id, command, options, [&answer](Result<CommandOutcome> r) { answer.set_value(std::move(r)); });
  return answer.get_future().get();
}

void CaseService::run(std::shared_ptr<Attempt> attempt) {
  command_started();
  const std::string case_id = attempt->case_id;
  take_turn(case_id, [this, attempt] {
    step(attempt, [&] {
      if (!attempt->options.idempotency_key.empty() && !attempt->command.has_submit()) {
        auto earlier = store_.replay(attempt->options.idempotency_key, attempt->hash);
        if (!earlier.ok()) return finish(attempt, earlier.status());
        if (*earlier) return finish(attempt, replayed(std::move(**earlier)));
      }
      decide_and_append(attempt);
    });
  });
}

void CaseService::step(const std::shared_ptr<Attempt>& attempt, const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& e) {
    if (!attempt->finished) finish(attempt, Status::internal(std::string("unexpected error: ") + e.what()));
  }
}

void CaseService::decide_and_append(std::shared_ptr<Attempt> a) {
  auto loaded = load(a->case_id);
  if (!loaded.ok()) return finish(a, loaded.status());
  const v1::CaseState& state = **loaded;
  const CommandOptions& options = a->options;
  const v1::Command& command = a->command;
  if (options.expected_version && *options.expected_version != state.version()) {
    return finish(a, Status::conflict("case " + a->case_id + " is at version " + std::to_string(state.version()) +
                                      ", not " + std::to_string(*options.expected_version))
                         .with_detail("version", std::to_string(state.version())));
  }
  if (state.version() == 0 && !command.has_submit()) return finish(a, Status::not_found("no case " + a->case_id));
  const std::string& code = state.version() == 0 ? command.submit().item_code() : state.item_code();
  const v1::ItemDefinition* item = catalogue_.find(code);
  if (!item) return finish(a, Status::invalid_argument("item_code", "no item '" + code + "' in the catalogue"));
  if (state.version() > 0 && item->version() != state.item_version()) {
    return finish(a, Status::failed_precondition("case " + a->case_id + " runs on version " +
                                                 std::to_string(state.item_version()) + " of item " + code +
                                                 ", which is no longer loaded"));
  }

  auto next = std::make_shared<v1::CaseState>(state);
  auto events = oneseal::execute(*item, next.get(), command, time_.now(), calendar_);
  if (!events.ok()) return finish(a, events.status());
  auto decided = std::make_shared<std::vector<v1::Event>>(std::move(*events));
  AppendRequest request{a->case_id, state.version(), *decided, *next, options.idempotency_key, a->hash, &state};
  store_.append_async(std::move(request), [this, a, next, decided](Result<AppendResult> appended) mutable {
    // Called on the writer thread, which must go on writing: the rest runs elsewhere, and takes
    // the command with it. The writer keeps this callback until its batch ends; were the command
    // still in it, the last reference to what answers it (an HTTP connection) could end on the
    // writer thread, after the server that connection belongs to is gone.
    later([this, a = std::move(a), next = std::move(next), decided = std::move(decided),
           appended = std::move(appended)]() mutable {
      step(a, [&] {
        if (appended.ok()) {
          if (appended->replayed) return finish(a, replayed(std::move(*appended)));
          remember(a->case_id, next);  // before the turn ends: the next command reads it
          return finish(a, CommandOutcome{*next, std::move(*decided), false});  // next is cached
        }
        // Another writer got there first: decide again on the state it left, still in turn.
        forget(a->case_id);
        if (appended.status().code() != Code::kConflict || a->conflicts++ == kConflictRetries) {
          return finish(a, appended.status());
        }
        decide_and_append(a);
      });
    });
  });
}

void CaseService::finish(const std::shared_ptr<Attempt>& attempt, Result<CommandOutcome> outcome) {
  attempt->finished = true;
  end_turn(attempt->case_id);
  attempt->done(std::move(outcome));
  command_ended();
}

void CaseService::take_turn(const std::string& case_id, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(turns_mutex_);
    auto [turn, first] = turns_.try_emplace(case_id);
    if (!first) {
      turn->second.push_back(std::move(task));
      return;
    }
  }
  task();
}

void CaseService::end_turn(const std::string& case_id) {
  std::function<void()> next;
  {
    std::lock_guard<std::mutex> lock(turns_mutex_);
    auto turn = turns_.find(case_id);
    if (turn->second.empty()) {
      turns_.erase(turn);
      return;
    }
    next = std::move(turn->second.front());
    turn->second.pop_front();
  }
  later(std::move(next));
}

void CaseService::later(std::function<void()> task) {
  if (!continue_) return task();
  // Counted while it is handed over: the task may answer its command on another thread before
  // continue_ returns here, and wait_idle() must not let the workers be destroyed while this
  // thread is still giving them the task.
  command_started();
  continue_(std::move(task));
  command_ended();
}

int64_t CaseService::in_flight() {
  std::lock_guard<std::mutex> lock(in_flight_mutex_);
  return in_flight_;
}

void CaseService::command_started() {
  std::lock_guard<std::mutex> lock(in_flight_mutex_);
  ++in_flight_;
}

void CaseService::command_ended() {
  std::lock_guard<std::mutex> lock(in_flight_mutex_);
  if (--in_flight_ == 0) idle_.notify_all();
}

Result<CommandOutcome> CaseService::replayed(AppendResult earlier) {
  auto events = store_.read_case(earlier.case_id);
  if (!events.ok()) return events.status();
  v1::CaseState state;
  for (int64_t i = 0; i < earlier.version && i < int64_t(events->size()); ++i) apply((*events)[size_t(i)], &state);
  return CommandOutcome{std::move(state), std::move(earlier.events), true};
}

Result<std::shared_ptr<const v1::CaseState>> CaseService::get(const std::string& case_id) {
  auto loaded = load(case_id);
  if (!loaded.ok()) return loaded.status();
  if ((*loaded)->version() == 0) return Status::not_found("no case " + case_id);
  return loaded;
}

Result<std::shared_ptr<const v1::CaseState>> CaseService::load(const std::string& case_id) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto it = cache_.find(case_id); it != cache_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.state;
    }
  }
  auto events = store_.read_case(case_id);
  if (!events.ok()) return events.status();
  auto state = std::make_shared<const v1::CaseState>(fold(*events));
  if (state->version() > 0) remember(case_id, state);
  return std::shared_ptr<const v1::CaseState>(state);
}

void CaseService::remember(const std::string& case_id, std::shared_ptr<const v1::CaseState> state) {
  // A state leaving the cache is freed once the lock is given back (declared before the lock,
  // destroyed after it): freeing a case state takes thousands of instructions, and every I/O
  // thread looks cases up under this lock.
  std::shared_ptr<const v1::CaseState> dropped;
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (auto it = cache_.find(case_id); it != cache_.end()) {
    // A read that folded the events before a command committed must not bring back the
    // older state.
    if (it->second.state->version() < state->version()) dropped = std::exchange(it->second.state, std::move(state));
    lru_.splice(lru_.begin(), lru_, it->second.position);
    return;
  }
  lru_.push_front(case_id);
  cache_.emplace(case_id, Cached{std::move(state), lru_.begin()});
  if (cache_.size() > cache_capacity_) {
    auto oldest = cache_.find(lru_.back());
    dropped = std::move(oldest->second.state);
    cache_.erase(oldest);
    lru_.pop_back();
  }
}

void CaseService::forget(const std::string& case_id) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (auto it = cache_.find(case_id); it != cache_.end()) {
    lru_.erase(it->second.position);
    cache_.erase(it);
  }
}

}  // namespace oneseal
