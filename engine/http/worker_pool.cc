#include "engine/http/worker_pool.h"

#include <pthread.h>

#include "engine/http/asio.h"

namespace oneseal::http {

struct WorkerPool::Impl {
  explicit Impl(int threads) : pool(size_t(threads)) {}
  boost::asio::thread_pool pool;
};

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

WorkerPool::~WorkerPool() { join(); }

Offload WorkerPool::offload() {
  return [impl = impl_.get()](std::function<void()> task) {
    boost::asio::post(impl->pool, [task = std::move(task)] {
      // Named on their first task (asio's pool has no start hook), for profilers and top -H.
      thread_local const bool named = pthread_setname_np(pthread_self(), "oneseal-worker") == 0;
      (void)named;
      task();
    });
  };
}

void WorkerPool::join() { impl_->pool.join(); }

}  // namespace oneseal::http
