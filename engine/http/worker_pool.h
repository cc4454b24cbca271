// The threads that run what may wait for the store's writer (commands), so that the I/O
// threads keep serving reads while a batch is being committed.
//
// Thread-safety: offload() may be called from any thread; join() once, from the owner.
#pragma once

#include <memory>

#include "engine/http/api.h"

namespace oneseal::http {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // joins

  Offload offload();
  // Waits for every task given so far, then stops the threads.
  void join();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oneseal::http
