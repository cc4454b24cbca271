// The process the crash test kills: files and accepts food-licence cases on four threads
// through the CaseService and the group-commit writer, and prints "ack CASE VERSION" for
// every command the service acknowledged, so the parent knows what must survive the kill.
//
// Usage: crash_child DB_FILE CASE_PREFIX
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/calendar_file.h"
#include "engine/case_service.h"
#include "storage/sqlite_event_store.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_child DB_FILE CASE_PREFIX\n");
    return 2;
  }
  auto calendar = load_calendar(ONESEAL_SOURCE_DIR "/seeds/calendar");
  auto catalogue = load_catalogue(ONESEAL_SOURCE_DIR "/workflows");
  if (!calendar.ok() || !catalogue.errors.empty()) return 3;
  auto store = SqliteEventStore::open(argv[1], *calendar);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().to_string().c_str());
    return 4;
  }
  ManualTime time(*parse_instant("2026-11-23T09:00:00+08:00"));
  CaseService service(**store, catalogue.catalogue, *calendar, time);
  const std::string prefix = argv[2];
  std::mutex out;
  auto ack = [&](const std::string& id, int64_t version) {
    // One write() per line: whole lines reach the pipe even when the process dies mid-run.
    const std::string line = "ack " + id + " " + std::to_string(version) + "\n";
    std::lock_guard<std::mutex> lock(out);
    if (::write(1, line.data(), line.size()) != ssize_t(line.size())) std::_Exit(5);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0;; ++n) {
        const std::string id = prefix + "-" + std::to_string(t) + "-" + std::to_string(n);
        auto submitted = service.submit(testing::food_submission(id));
        if (!submitted.ok()) std::_Exit(6);
        ack(id, submitted->state.version());
        if (n % 2 == 0) {
          // Accepting writes two events in one command: never half of them.
          auto accepted = service.execute(id, testing::food_accept());
          if (!accepted.ok()) std::_Exit(7);
          ack(id, accepted->state.version());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
}
