// The CaseService's asynchronous commands on a real store: commands on one case take turns,
// and the answer to a committed command is given through Continue, never on the writer thread.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "engine/case_service.h"
#include "tests/storage/forwarding_store.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;
using namespace oneseal::testing;

namespace {

// One thread that runs the tasks given to it in order: a Continue for the service.
class TaskThread {
 public:
  TaskThread() : thread_([this] { run(); }) {}
  ~TaskThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  Continue continuation() {
    // Notified under the lock: the task may end the test (and this object) as soon as it
    // runs, and the store's writer thread must be done with the condition variable by then.
    return [this](std::function<void()> task) {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
      wake_.notify_one();
    };
  }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
  std::thread thread_;
};

// Counts the appends the store refused as conflicts.
class ConflictCounter final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  void append_async(AppendRequest request, AppendCallback done) override {
    inner_.append_async(std::move(request), [this, done = std::move(done)](Result<AppendResult> r) {
      if (!r.ok() && r.status().code() == Code::kConflict) ++conflicts;
      done(std::move(r));
    });
  }
  std::atomic<int> conflicts{0};
};

// Keeps every append's callback after calling it, as the writer keeps a batch's until the
// batch ends.
class CallbackKeeper final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  void append_async(AppendRequest request, AppendCallback done) override {
    inner_.append_async(std::move(request), [this, done = std::move(done)](Result<AppendResult> r) mutable {
      done(std::move(r));
      std::lock_guard<std::mutex> lock(mutex_);
      kept_.push_back(std::move(done));
    });
  }

 private:
  std::mutex mutex_;
  std::vector<AppendCallback> kept_;  // GUARDED_BY(mutex_)
};

struct Answer {
  std::promise<Result<CommandOutcome>> outcome;
  std::promise<std::thread::id> thread;
  CaseService::Done done() {
    return [this](Result<CommandOutcome> r) {
      thread.set_value(std::this_thread::get_id());
      outcome.set_value(std::move(r));
    };
  }
};

}  // namespace

TEST_CASE("commands sent at once on one case take turns: each is decided on the state the one before left",
          "[store][concurrency]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ConflictCounter counting(*store);
  ManualTime time(kMonday);
  TaskThread later;
  CaseService service(counting, fixtures::catalogue(), fixtures::calendar(), time, kCachedCases,
                      later.continuation());
  REQUIRE(service.submit(food_submission("C-1")).ok());
  REQUIRE(service.execute("C-1", food_accept()).ok());
  const int64_t accepted = (*service.get("C-1"))->version();

  // Both opinions are handed over before either is committed. Deciding both on the accepted
  // state would make the second a conflict at the store, decided again.
  Answer market, health;
  service.execute_async("C-1", food_opinion("market", "scjg"), {}, market.done());
  service.execute_async("C-1", food_opinion("health", "wjw"), {}, health.done());
  auto first = market.outcome.get_future().get();
  auto second = health.outcome.get_future().get();
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(counting.conflicts == 0);
  CHECK(first->state.version() > accepted);
  CHECK(second->state.version() == first->state.version() + int64_t(second->events.size()));
  const auto state = service.get("C-1");
  REQUIRE(state.ok());
  CHECK((*state)->version() == second->state.version());
  for (const auto& branch : (*state)->branch()) {
    CHECK(branch.verdict() == v1::APPROVE);
  }
}

TEST_CASE("a committed command is answered through Continue, a refusal at once on the caller's thread",
          "[store][concurrency]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  TaskThread later;
  CaseService service(*store, fixtures::catalogue(), fixtures::calendar(), time, kCachedCases, later.continuation());

  Answer filed;
  service.submit_async(food_submission("C-1"), {}, filed.done());
  CHECK(filed.thread.get_future().get() == later.id());
  CHECK(filed.outcome.get_future().get().ok());

  Answer refused;  // no such case: decided before the store, so no other thread is involved
  service.execute_async("C-404", food_accept(), {}, refused.done());
  CHECK(refused.thread.get_future().get() == std::this_thread::get_id());
  const auto outcome = refused.outcome.get_future().get();
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == Code::kNotFound);
}

TEST_CASE("once a command is answered, the store holds nothing of it, though it keeps the callback",
          "[store][concurrency]") {
  TempDir dir;
  auto inner = open_store(dir.file("cases.db"));
  CallbackKeeper store(*inner);
  ManualTime time(kMonday);
  TaskThread later;
  CaseService service(store, fixtures::catalogue(), fixtures::calendar(), time, kCachedCases, later.continuation());

  // Stands for the HTTP connection an answer goes to: it must not outlive the command in the
  // store's hands (the writer thread would end it, maybe after its server).
  auto connection = std::make_shared<int>(0);
  std::promise<bool> answered;
  service.submit_async(food_submission("C-1"), {},
                       [connection, &answered](Result<CommandOutcome> r) { answered.set_value(r.ok()); });
  REQUIRE(answered.get_future().get());
  // The answering task is over once a task given after it runs.
  std::promise<void> drained;
  later.continuation()([&drained] { drained.set_value(); });
  drained.get_future().wait();
  CHECK(connection.use_count() == 1);
  inner.reset();  // the writer may still be putting the callback away: it ends before the keeper
}

TEST_CASE("a command handed to Continue counts as in flight until the hand-over returns", "[store][concurrency]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  TaskThread workers;
  CaseService* service = nullptr;
  std::promise<int64_t> during_hand_over;
  // Runs the task to its end on the workers before returning, as a quick worker may while the
  // writer thread is still inside the pool's post: wait_idle() must not return by then.
  Continue hand_over = [&](std::function<void()> task) {
    std::promise<void> ran;
    workers.continuation()([&] {
      task();
      ran.set_value();
    });
    ran.get_future().wait();
    during_hand_over.set_value(service->in_flight());
  };
  CaseService cases(*store, fixtures::catalogue(), fixtures::calendar(), time, kCachedCases, hand_over);
  service = &cases;

  std::promise<bool> answered;
  cases.submit_async(food_submission("C-1"), {}, [&answered](Result<CommandOutcome> r) { answered.set_value(r.ok()); });
  REQUIRE(answered.get_future().get());
  CHECK(during_hand_over.get_future().get() == 1);  // the command was answered; its hand-over was not over
  cases.wait_idle();
  CHECK(cases.in_flight() == 0);
}

TEST_CASE("BatchedContinue runs the tasks given before its run in one run, in order", "[store]") {
  std::vector<std::function<void()>> posted;  // the runs handed to the inner Continue
  BatchedContinue batched([&posted](std::function<void()> run) { posted.push_back(std::move(run)); });
  std::vector<int> ran;
  for (int i = 0; i < 5; ++i) batched([&ran, i] { ran.push_back(i); });
  REQUIRE(posted.size() == 1);  // one wake-up for five tasks
  posted[0]();
  CHECK(ran == std::vector<int>{0, 1, 2, 3, 4});

  // After a run ends, the next task posts a new run; a task given during a run joins it.
  batched([&] {
    ran.push_back(5);
    batched([&ran] { ran.push_back(6); });
  });
  REQUIRE(posted.size() == 2);
  posted[1]();
  CHECK(ran == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  CHECK(posted.size() == 2);
}

namespace {

// Throws from its first append, as a failing allocation would.
class ThrowingOnce final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  void append_async(AppendRequest request, AppendCallback done) override {
    if (!thrown_.exchange(true)) throw std::runtime_error("no memory left");
    inner_.append_async(std::move(request), std::move(done));
  }

 private:
  std::atomic<bool> thrown_{false};
};

}  // namespace

TEST_CASE("an exception while deciding ends the command with INTERNAL and leaves the case free", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  {
    CaseService direct(*store, fixtures::catalogue(), fixtures::calendar(), time);
    REQUIRE(direct.submit(food_submission("C-1")).ok());
  }
  ThrowingOnce throwing(*store);
  CaseService service(throwing, fixtures::catalogue(), fixtures::calendar(), time);
  const auto failed = service.execute("C-1", food_accept());
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == Code::kInternal);
  CHECK(failed.status().message().find("no memory left") != std::string::npos);
  // The case's turn was given back: the next command on it runs (a taken turn would wait for
  // ever, and so would the service's destructor).
  CHECK(service.execute("C-1", food_accept()).ok());
}

TEST_CASE("the case numbers of one tenth of a second are drawn without repeats", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);  // stopped: every number falls in the same tenth of a second
  CaseService service(*store, fixtures::catalogue(), fixtures::calendar(), time);

  // All of the tenth's 10,000 numbers (drawn with repeats, the first repeat comes after about
  // 125 draws).
  std::set<std::string> numbers;
  for (uint64_t i = 0; i < kCaseNumberRandomParts; ++i) numbers.insert(service.new_case_id());
  CHECK(numbers.size() == kCaseNumberRandomParts);
  CHECK(numbers.begin()->rfind("OS202611230900000", 0) == 0);
  CHECK(numbers.rbegin()->rfind("OS202611230900000", 0) == 0);
  // The next tenth starts afresh.
  time.advance(std::chrono::seconds{1});
  CHECK(service.new_case_id().rfind("OS202611230900010", 0) == 0);
}

namespace {

// Another writer that files a case under each of the first `takes` new case numbers the
// service draws, just before the service's own submission reaches the store.
class NumberTaker final : public ForwardingStore {
 public:
  NumberTaker(EventStore& inner, int takes) : ForwardingStore(inner), takes_(takes) {}
  void append_async(AppendRequest request, AppendCallback done) override {
    if (request.expected_version == 0 && takes_ > 0) {
      --takes_;
      AppendRequest theirs = request;
      theirs.state_before = nullptr;
      REQUIRE(inner_.append(std::move(theirs)).ok());
      taken.push_back(request.case_id);
    }
    inner_.append_async(std::move(request), std::move(done));
  }
  std::vector<std::string> taken;

 private:
  int takes_;
};

}  // namespace

TEST_CASE("a case number another writer took is drawn again, up to four times", "[store]") {
  TempDir dir;
  auto store = open_store(dir.file("cases.db"));
  ManualTime time(kMonday);
  // Draws again off the writer's thread: the taker appends and waits there.
  TaskThread later;
  // Files one case while the taker takes the first `takes` numbers drawn.
  auto file_with_taken = [&](int takes, std::vector<std::string>* taken) {
    NumberTaker taker(*store, takes);
    CaseService service(taker, fixtures::catalogue(), fixtures::calendar(), time, kCachedCases,
                        later.continuation());
    auto filed = service.submit(food_submission());
    *taken = taker.taken;
    return filed;
  };
  std::vector<std::string> taken;
  SECTION("three numbers taken: the fourth draw files the case") {
    const auto filed = file_with_taken(3, &taken);
    REQUIRE(filed.ok());
    REQUIRE(taken.size() == 3);
    for (const auto& number : taken) CHECK(number != filed->state.id());
  }
  SECTION("four numbers taken: the submission is refused as ALREADY_EXISTS") {
    const auto filed = file_with_taken(4, &taken);
    REQUIRE_FALSE(filed.ok());
    CHECK(filed.status().code() == Code::kAlreadyExists);
    CHECK(taken.size() == 4);
  }
}
