#include "engine/case_service.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

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

CaseService::CaseService(EventStore& store, const Catalogue& catalogue, const Calendar& calendar,
                         const TimeSource& time, size_t cache_capacity)
    : store_(store),
      catalogue_(catalogue),
      calendar_(calendar),
      time_(time),
      cache_capacity_(cache_capacity),
      random_(std::random_device{}()) {}

std::string CaseService::new_case_id() {
  uint64_t r;
  {
    std::lock_guard<std::mutex> lock(random_mutex_);
    r = random_() % 100000000;
  }
  std::string date = format_date(bureau_date(time_.now()));
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  char digits[16];
  std::snprintf(digits, sizeof digits, "%08llu", static_cast<unsigned long long>(r));
  return "OS" + date + digits;
}

Result<CommandOutcome> CaseService::submit(v1::Command command, const CommandOptions& options) {
  if (!command.has_submit()) return Status::invalid_argument("body", "expected a submit command");
  // A retried submission finds its first answer by its key, before a new case number is drawn.
  const std::string hash = command_hash("", command);
  if (!options.idempotency_key.empty()) {
    auto earlier = store_.replay(options.idempotency_key, hash);
    if (!earlier.ok()) return earlier.status();
    if (*earlier) return replayed(std::move(**earlier));
  }
  if (!command.submit().case_id().empty()) return run(command.submit().case_id(), command, options, hash);
  // A drawn number may already be taken: draw again.
  for (int attempt = 0;; ++attempt) {
    command.mutable_submit()->set_case_id(new_case_id());
    auto outcome = run(command.submit().case_id(), command, options, hash);
    if (outcome.ok() || outcome.status().code() != Code::kAlreadyExists || attempt + 1 == kCaseNumberDraws) {
      return outcome;
    }
  }
}

Result<CommandOutcome> CaseService::execute(const std::string& case_id, const v1::Command& command,
                                            const CommandOptions& options) {
  if (command.has_submit()) return Status::invalid_argument("body", "a submission files a new case");
  return run(case_id, command, options, command_hash(case_id, command));
}

Result<CommandOutcome> CaseService::run(const std::string& case_id, const v1::Command& command,
                                        const CommandOptions& options, const std::string& hash) {
  std::lock_guard<std::mutex> case_lock(stripe(case_id));
  if (!options.idempotency_key.empty() && !command.has_submit()) {
    auto earlier = store_.replay(options.idempotency_key, hash);
    if (!earlier.ok()) return earlier.status();
    if (*earlier) return replayed(std::move(**earlier));
  }
  for (int attempt = 0;; ++attempt) {
    auto loaded = load(case_id);
    if (!loaded.ok()) return loaded.status();
    const v1::CaseState& state = **loaded;
    if (options.expected_version && *options.expected_version != state.version()) {
      return Status::conflict("case " + case_id + " is at version " + std::to_string(state.version()) + ", not " +
                              std::to_string(*options.expected_version))
          .with_detail("version", std::to_string(state.version()));
    }
    if (state.version() == 0 && !command.has_submit()) return Status::not_found("no case " + case_id);
    const std::string& code = state.version() == 0 ? command.submit().item_code() : state.item_code();
    const v1::ItemDefinition* item = catalogue_.find(code);
    if (!item) return Status::invalid_argument("item_code", "no item '" + code + "' in the catalogue");
    if (state.version() > 0 && item->version() != state.item_version()) {
      return Status::failed_precondition("case " + case_id + " runs on version " +
                                         std::to_string(state.item_version()) + " of item " + code +
                                         ", which is no longer loaded");
    }

    auto next = std::make_shared<v1::CaseState>(state);
    auto events = oneseal::execute(*item, next.get(), command, time_.now(), calendar_);
    if (!events.ok()) return events.status();

    AppendRequest request{case_id, state.version(), *events, *next, options.idempotency_key, hash};
    auto appended = store_.append(std::move(request));
    if (appended.ok()) {
      if (appended->replayed) return replayed(std::move(*appended));
      remember(case_id, next);
      return CommandOutcome{*next, std::move(*events), false};
    }
    // Another writer got there first: decide again on the state it left.
    forget(case_id);
    if (appended.status().code() != Code::kConflict || attempt == kConflictRetries) return appended.status();
  }
}

Result<CommandOutcome> CaseService::replayed(AppendResult earlier) {
  auto events = store_.read_case(earlier.case_id);
  if (!events.ok()) return events.status();
  v1::CaseState state;
  for (int64_t i = 0; i < earlier.version && i < int64_t(events->size()); ++i) apply((*events)[size_t(i)], &state);
  return CommandOutcome{std::move(state), std::move(earlier.events), true};
}

Result<v1::CaseState> CaseService::get(const std::string& case_id) {
  auto loaded = load(case_id);
  if (!loaded.ok()) return loaded.status();
  if ((*loaded)->version() == 0) return Status::not_found("no case " + case_id);
  return **loaded;
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
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (auto it = cache_.find(case_id); it != cache_.end()) {
    // A read that folded the events before a command committed must not bring back the
    // older state.
    if (it->second.state->version() < state->version()) it->second.state = std::move(state);
    lru_.splice(lru_.begin(), lru_, it->second.position);
    return;
  }
  lru_.push_front(case_id);
  cache_.emplace(case_id, Cached{std::move(state), lru_.begin()});
  if (cache_.size() > cache_capacity_) {
    cache_.erase(lru_.back());
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

std::mutex& CaseService::stripe(const std::string& case_id) {
  return stripes_[std::hash<std::string>{}(case_id) % stripes_.size()];
}

}  // namespace oneseal
