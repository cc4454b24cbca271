#include "engine/http/progress_answers.h"

namespace oneseal::http {

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
  if (auto it = kept_.find(case_id); it != kept_.end()) {
    dropped = std::move(it->second.answer);
    it->second.version = version;
    it->second.day = day;
    it->second.answer = std::move(answer);
    lru_.splice(lru_.begin(), lru_, it->second.position);
    return;
  }
  lru_.push_front(case_id);
  kept_.emplace(case_id, Kept{version, day, std::move(answer), lru_.begin()});
  if (kept_.size() > capacity_) {
    auto oldest = kept_.find(lru_.back());
    dropped = std::move(oldest->second.answer);
    kept_.erase(oldest);
    lru_.pop_back();
  }
}

size_t ProgressAnswers::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kept_.size();
}

}  // namespace oneseal::http
