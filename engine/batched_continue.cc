#include "engine/batched_continue.h"

namespace oneseal {

BatchedContinue::BatchedContinue(Continue inner) : inner_(std::move(inner)), queue_(std::make_shared<Queue>()) {}

void BatchedContinue::operator()(std::function<void()> task) const {
  {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    queue_->tasks.push_back(std::move(task));
    if (queue_->run_posted) return;
    queue_->run_posted = true;
  }
  inner_([queue = queue_] { run(queue); });
}

void BatchedContinue::run(const std::shared_ptr<Queue>& queue) {
  std::vector<std::function<void()>> tasks;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(queue->mutex);
      if (queue->tasks.empty()) {
        queue->run_posted = false;
        return;
      }
      tasks.swap(queue->tasks);
    }
    for (auto& task : tasks) task();
    tasks.clear();
  }
}

}  // namespace oneseal
