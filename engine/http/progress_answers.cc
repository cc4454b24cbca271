#include "engine/http/progress_answers.h"

namespace oneseal::http {

ProgressAnswers::ProgressAnswers(size_t capacity) : capacity_(capacity) {
  kept_.reserve(capacity + 1);  // one more while the oldest is dropped
}

std::shared_ptr<const ProgressAnswers::Answer> ProgressAnswers::find(const std::string& case_id, int64_t version,
                                                                     Date day) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = kept_.find(case_id);
  if (it == kept_.end() || it->second.version != version || it->second.day != day) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.position);
  return it->second.answer;
}

void ProgressAnswers::put(const std::string& case_id, int64_t version, Date day,
                          std::shared_ptr<const Answer> answer) {
  if (capacity_ == 0) return;
  std::shared_ptr<const Answer> dropped;  // freed after the lock is given back
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, added] = kept_.try_emplace(case_id);
  Kept& kept = it->second;
  dropped = std::move(kept.answer);
  kept.version = version;
  kept.day = day;
  kept.answer = std::move(answer);
  if (!added) {
    lru_.splice(lru_.begin(), lru_, kept.position);
    return;
  }
  lru_.push_front(it);
  kept.position = lru_.begin();
  if (kept_.size() > capacity_) {
    const Map::iterator oldest = lru_.back();
    lru_.pop_back();
    dropped = std::move(oldest->second.answer);  // a new entry had nothing to drop
    kept_.erase(oldest);
  }
}

size_t ProgressAnswers::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kept_.size();
}

}  // namespace oneseal::http
