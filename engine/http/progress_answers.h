// The rendered JSON answers of GET /v1/public/progress, one per case, each valid for one
// version of its case on one bureau day: progress_view() depends on the time only through the
// day (progress.h), the catalogue and the calendar do not change while the server runs, and
// applicants reload their page far more often than their case changes. A hit costs a lookup
// and a copy of the body instead of building the view and printing it (about 35k instructions).
//
// Thread-safety: all methods may be called concurrently. Memory is bounded by `capacity`
// answers (about a kilobyte each); past it the least recently used is dropped.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/time.h"

namespace oneseal::http {

class ProgressAnswers {
 public:
  struct Answer {
    std::string body;  // JSON
    std::string etag;  // quoted, as sent
  };

  explicit ProgressAnswers(size_t capacity);

  // The answer kept for case `case_id` at `version` on `day`; null when none is (another
  // version or day is the same as none).
  std::shared_ptr<const Answer> find(const std::string& case_id, int64_t version, Date day);
  // Keeps `answer` as the case's, for `version` on `day`, in place of what was kept for it.
  void put(const std::string& case_id, int64_t version, Date day, std::shared_ptr<const Answer> answer);

  size_t size() const;

 private:
  struct Kept;
  // The map never rehashes (its buckets are reserved for the capacity), so its iterators stay
  // valid and the list can hold them: dropping the oldest needs no lookup by its key.
  using Map = std::unordered_map<std::string, Kept>;
  struct Kept {
    int64_t version = 0;
    Date day{};
    std::shared_ptr<const Answer> answer;
    std::list<Map::iterator>::iterator position;  // in lru_
  };

  const size_t capacity_;
  mutable std::mutex mutex_;
  Map kept_;                        // GUARDED_BY(mutex_)
  std::list<Map::iterator> lru_;    // GUARDED_BY(mutex_); most recent first
};

}  // namespace oneseal::http
