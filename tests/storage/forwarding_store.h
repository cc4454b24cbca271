// An EventStore that hands every call to another one: tests derive from it and override the
// one behaviour they change (a key lookup that misses, an append held at a gate).
#pragma once

#include "storage/event_store.h"

namespace oneseal::testing {

class ForwardingStore : public EventStore {
 public:
  explicit ForwardingStore(EventStore& inner) : inner_(inner) {}

  Result<AppendResult> append(AppendRequest r) override { return inner_.append(std::move(r)); }
  void append_async(AppendRequest r, AppendCallback done) override { inner_.append_async(std::move(r), done); }
  Result<std::optional<AppendResult>> replay(const std::string& key, const std::string& hash) override {
    return inner_.replay(key, hash);
  }
  Result<std::vector<v1::Event>> read_case(const std::string& id) override { return inner_.read_case(id); }
  Result<std::optional<CaseSummary>> summary(const std::string& id, int64_t as_of) override {
    return inner_.summary(id, as_of);
  }
  Result<std::vector<CaseSummary>> list(const CaseFilter& f) override { return inner_.list(f); }
  Result<std::vector<TimeoutEntry>> timeouts(const TimeoutFilter& f) override { return inner_.timeouts(f); }
  Result<std::vector<DueRow>> due_steps(int64_t until, int limit) override { return inner_.due_steps(until, limit); }
  Result<std::optional<int64_t>> next_due() override { return inner_.next_due(); }
  Result<std::vector<SummaryCell>> summary_report(const SummaryFilter& f) override {
    return inner_.summary_report(f);
  }

 protected:
  EventStore& inner_;
};

}  // namespace oneseal::testing
