// CaseService: the one path every change takes (shared/design.md): load the case (cached),
// decide, append the events with the expected version and the client's idempotency key,
// apply. Queries read the store's projections.
//
// Thread-safety: all methods may be called concurrently. Commands on one case are serialised
// by a lock stripe, so they never race each other to the store; commands on different cases
// run in parallel and are committed together by the store's group commit.
#pragma once

#include <array>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "engine/calendar.h"
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

class CaseService {
 public:
  // All references must outlive the service. `cache_capacity` bounds the cases kept in memory:
  // a cached state costs about 2 KiB, so the default keeps a server with a million cases
  // stored under 300 MB (docs/benchmarks.md).
  CaseService(EventStore& store, const Catalogue& catalogue, const Calendar& calendar, const TimeSource& time,
              size_t cache_capacity = 50000);

  // Files a new case. A Submit without a case_id gets a new case number.
  Result<CommandOutcome> submit(v1::Command command, const CommandOptions& options = {});
  // Any other command on an existing case.
  Result<CommandOutcome> execute(const std::string& case_id, const v1::Command& command,
                                 const CommandOptions& options = {});

  // NOT_FOUND when there is no such case.
  Result<v1::CaseState> get(const std::string& case_id);
  Result<std::vector<CaseSummary>> list(const CaseFilter& filter) { return store_.list(filter); }

  // A new case number: OS, the bureau date, and 8 random digits.
  std::string new_case_id();

 private:
  Result<CommandOutcome> run(const std::string& case_id, const v1::Command& command, const CommandOptions& options,
                             const std::string& hash);
  // The earlier command's events, and its case as it was right after them.
  Result<CommandOutcome> replayed(AppendResult earlier);
  // The cached state, or the fold of the stored events; version 0 when there is no such case.
  Result<std::shared_ptr<const v1::CaseState>> load(const std::string& case_id);
  void remember(const std::string& case_id, std::shared_ptr<const v1::CaseState> state);
  void forget(const std::string& case_id);
  std::mutex& stripe(const std::string& case_id);

  EventStore& store_;
  const Catalogue& catalogue_;
  const Calendar& calendar_;
  const TimeSource& time_;

  std::array<std::mutex, 64> stripes_;

  // A bounded LRU cache of case states.
  const size_t cache_capacity_;
  std::mutex cache_mutex_;
  std::list<std::string> lru_;  // GUARDED_BY(cache_mutex_), most recent first
  struct Cached {
    std::shared_ptr<const v1::CaseState> state;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, Cached> cache_;  // GUARDED_BY(cache_mutex_)

  std::mutex random_mutex_;
  std::mt19937_64 random_;  // GUARDED_BY(random_mutex_)
};

// SHA-256 of the command's deterministic encoding, with the case it is aimed at.
std::string command_hash(const std::string& case_id, const v1::Command& command);

}  // namespace oneseal
