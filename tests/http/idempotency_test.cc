// A retry that arrives while the first request with its Idempotency-Key is still being handled
// is told to wait (409), not run twice. Driven through the Api without a socket, with a store
// that holds the first append until the test lets it go.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include <google/protobuf/util/json_util.h>

#include "tests/http/test_server.h"
#include "tests/storage/forwarding_store.h"

namespace oneseal::testing {

namespace {

// Delegates to a real store; the first append waits at a gate (on a thread of its own, as a
// commit keeps the caller waiting without holding its thread).
class GatedStore final : public ForwardingStore {
 public:
  explicit GatedStore(EventStore& inner) : ForwardingStore(inner), gate_(open_.get_future().share()) {}
  ~GatedStore() override {
    if (held_thread_.joinable()) held_thread_.join();
  }
  void open() { open_.set_value(); }
  void wait_until_held() { held_.get_future().wait(); }

  void append_async(AppendRequest request, AppendCallback done) override {
    if (first_.exchange(true)) return inner_.append_async(std::move(request), std::move(done));
    held_thread_ = std::thread([this, request = std::move(request), done = std::move(done)]() mutable {
      held_.set_value();
      gate_.wait();
      inner_.append_async(std::move(request), std::move(done));
    });
  }

 private:
  std::promise<void> open_, held_;
  std::shared_future<void> gate_;
  std::atomic<bool> first_{false};
  std::thread held_thread_;
};

}  // namespace

TEST_CASE("a retry while the first request with its key is in flight is answered 409", "[http][idempotency][concurrency]") {
  TestServer server;  // for its store, users and catalogue; its Api is not used here
  const std::string clerk = server.token(v1::CLERK, "", "hall-1");
  GatedStore gated(server.store());
  CaseService cases(gated, fixtures::catalogue(), fixtures::calendar(), server.time());
  http::Metrics metrics;
  http::FailureThrottle by_case({}), by_client({});
  QueryCodes codes(std::string(32, 'k'));
  std::vector<std::thread> workers;
  http::Api api({cases, gated, fixtures::catalogue(), fixtures::calendar(), server.time(), server.users(), codes,
                 metrics, by_case, by_client},
                [&workers](std::function<void()> task) { workers.emplace_back(std::move(task)); });

  http::Request request;
  request.method = "POST";
  request.path = "/v1/cases";
  request.content_type = "application/json";
  request.authorization = "Bearer " + clerk;
  request.idempotency_key = "window-7";
  google::protobuf::util::MessageToJsonString(food_submission().submit(), &request.body);

  std::promise<http::Response> first;
  api.handle(request, [&first](http::Response r) { first.set_value(std::move(r)); });
  gated.wait_until_held();

  const http::Response retry = api.handle_now(request);
  CHECK(retry.status == 409);
  CHECK(retry.body.find(R"("field":"Idempotency-Key")") != std::string::npos);

  gated.open();
  const http::Response answered = first.get_future().get();
  CHECK(answered.status == 201);
  const http::Response later = api.handle_now(request);
  CHECK(later.status == 200);
  CHECK(later.body.find(R"("replayed":true)") != std::string::npos);
  for (auto& t : workers) t.join();
}

}  // namespace oneseal::testing
