#include "engine/http/api_stack.h"

#include "engine/http/store_metrics.h"

namespace oneseal::http {

ApiStack::ApiStack(SqliteEventStore& store, const Catalogue& catalogue, const Calendar& calendar,
                   const TimeSource& time, std::string key, int workers)
    : workers_(std::make_unique<WorkerPool>(workers)),
      codes_(std::move(key)),
      cases_(store, catalogue, calendar, time, kCachedCases, workers_->offload()) {}

Result<std::unique_ptr<ApiStack>> ApiStack::assemble(SqliteEventStore& store, const Catalogue& catalogue,
                                                     const Calendar& calendar, const TimeSource& time,
                                                     std::string key, int workers, ApiOptions options) {
  std::unique_ptr<ApiStack> stack(new ApiStack(store, catalogue, calendar, time, std::move(key), workers));
  auto users = UserDirectory::load(store, time);
  if (!users.ok()) return users.status();
  stack->users_ = std::move(*users);
  add_store_metrics(stack->metrics_, store, time);
  ApiContext context{stack->cases_,  store,           catalogue,         calendar,           time,
                     *stack->users_, stack->codes_,   stack->metrics_,   stack->by_case_,    stack->by_client_,
                     std::move(options)};
  context.progress_answers = &stack->progress_answers_;
  stack->api_ = std::make_unique<Api>(context, stack->workers_->offload());
  return stack;
}

ApiStack::~ApiStack() { join_workers(); }

void ApiStack::join_workers() {
  cases_.wait_idle();  // a command's answer is given on the workers
  workers_->join();
}

}  // namespace oneseal::http
