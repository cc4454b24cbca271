// A Continue that hands tasks to another in runs: the first task given while no run is waiting
// posts one run, which does every task given until there are none. The store's writer answers
// a whole group commit at once, so its answers cross to the other thread with one wake-up
// instead of one each.
//
// Thread-safety: the continuation may be called from any thread. A run posted before this
// object is destroyed still finishes safely (it shares the queue, not this object).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace oneseal {

using Continue = std::function<void(std::function<void()>)>;

class BatchedContinue {
 public:
  explicit BatchedContinue(Continue inner);

  // Gives `task` to the next run.
  void operator()(std::function<void()> task) const;

 private:
  struct Queue {
    std::mutex mutex;
    std::vector<std::function<void()>> tasks;  // GUARDED_BY(mutex)
    bool run_posted = false;                   // GUARDED_BY(mutex)
  };
  static void run(const std::shared_ptr<Queue>& queue);

  Continue inner_;
  std::shared_ptr<Queue> queue_;
};

}  // namespace oneseal
