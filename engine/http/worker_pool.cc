#include "engine/http/worker_pool.h"

#include "engine/http/asio.h"

namespace oneseal::http {

struct WorkerPool::Impl {
  explicit Impl(int threads) : pool(size_t(threads)) {}
  boost::asio::thread_pool pool;
};

WorkerPool::WorkerPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

WorkerPool::~WorkerPool() { join(); }

Offload WorkerPool::offload() {
  return [impl = impl_.get()](std::function<void()> task) { boost::asio::post(impl->pool, std::move(task)); };
}

void WorkerPool::join() { impl_->pool.join(); }

}  // namespace oneseal::http
