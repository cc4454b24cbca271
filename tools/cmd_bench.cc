// oneseal bench store: the event store's speed, each figure next to the ceiling measured in
// the same run (docs/benchmarks.md). A benchmark program, never a test.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <deque>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <semaphore>
#include <thread>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/decide.h"
#include "storage/hash_chain.h"
#include "storage/maintenance.h"
#include "storage/schema.h"
#include "storage/sqlite_event_store.h"
#include "tools/bench_report.h"
#include "tools/storage_ceiling.h"
#include "tools/commands.h"

namespace oneseal::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct BenchArgs {
  std::string workflows = "workflows", calendar = "seeds/calendar", dir;
  double seconds = 3;
  int64_t open_events = 1000000;
  // Which phase runs: "appends" (the append figures against the plain loop), "database" (the
  // large database: fill, reads, size, rebuild, opening) or "all"; one phase alone is what a
  // profile of it needs.
  std::string part = "all";
};

// The same submission under another case number, without deciding it again: the benchmark
// measures the store, not the engine.
AppendRequest submission(const v1::ItemDefinition& item, const Calendar& calendar, const std::string& id) {
  static const AppendRequest kTemplate = decided_submission(item, calendar, "template");
  AppendRequest r = kTemplate;
  r.case_id = id;
  r.events.front().mutable_case_submitted()->set_case_id(id);
  r.state_after.set_id(id);
  return r;
}

// Case numbers in the order they are issued, as the service issues them.
std::string case_id(int64_t n) {
  char id[32];
  std::snprintf(id, sizeof id, "OS20261123%010lld", static_cast<long long>(n));
  return id;
}

// The commands one caller thread has in flight. It sends until `limit` are, then sleeps until
// the store has answered half of them: many replies handled per wake-up, as a server's I/O
// thread handles the replies to many clients, rather than a wake-up (a futex call on the
// store's writer thread) for every reply.
class InFlight {
 public:
  explicit InFlight(int limit) : limit_(limit), low_(limit / 2) {}

  // Returns when one more command may be sent.  REQUIRES: called by the sending thread only.
  void wait_for_room() {
    int n = count_.load();
    if (n < limit_) return;
    while (n > low_) {
      count_.wait(n);
      n = count_.load();
    }
  }
  void sent() { count_.fetch_add(1); }
  // Called from the store's callbacks.
  void answered() {
    const int left = count_.fetch_sub(1) - 1;
    if (left == low_ || left == 0) count_.notify_one();
  }
  void wait_for_all() {
    for (int n = count_.load(); n > 0; n = count_.load()) count_.wait(n);
  }

 private:
  const int limit_, low_;
  std::atomic<int> count_{0};
};

// Appends for `seconds` from producer threads, as from a server's I/O threads, that keep twice
// `batch` commands in flight between them: the next batch gathers while one commits, as under
// many callers, and each group commit holds about `batch` commands (the store's max_batch).
double store_appends_per_second(const std::string& path, const v1::ItemDefinition& item, const Calendar& calendar,
                                bool full, int batch, double seconds, int64_t* appended, double* writer_busy,
                                double* per_batch) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const int producers = batch == 1 ? 1 : 2;
  // Made before the store, so they outlive the callbacks: the store's destructor joins the
  // writer thread, which may still be returning from the last answered().
  std::deque<InFlight> in_flight;
  for (int t = 0; t < producers; ++t) in_flight.emplace_back(2 * batch / producers);
  // The writer waits up to 2 ms for a full batch, so that batches hold `batch` commands as the
  // plain loop's transactions hold `batch` rows.
  auto store = SqliteEventStore::open(
      path, calendar,
      StoreOptions{.synchronous_full = full, .max_batch = batch, .max_wait = std::chrono::milliseconds{2}});
  if (!store.ok()) throw std::runtime_error(store.status().to_string());
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0}, failed{0}, next_id{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int t = 0; t < producers; ++t) {
    threads.emplace_back([&, &mine = in_flight[size_t(t)]] {
      while (!stop) {
        mine.wait_for_room();
        mine.sent();
        (*store)->append_async(submission(item, calendar, case_id(next_id++)), [&](Result<AppendResult> r) {
          ++(r.ok() ? done : failed);
          mine.answered();
        });
      }
      mine.wait_for_all();
    });
  }
  while (seconds_since(start) < seconds) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  for (auto& th : threads) th.join();
  const double elapsed = seconds_since(start);
  if (failed > 0) throw std::runtime_error(std::to_string(failed) + " appends failed");
  *appended = done;
  const StoreStats stats = (*store)->stats();
  *writer_busy = stats.writer_busy_seconds / elapsed;
  *per_batch = stats.batches > 0 ? double(stats.commands) / double(stats.batches) : 0;
  return double(done) / elapsed;
}

void print_row(const std::string& what, double value, const std::string& unit, double ceiling = 0) {
  std::cout << std::left << std::setw(46) << what << std::right << std::setw(12) << std::fixed << std::setprecision(0)
            << value << " " << unit;
  if (ceiling > 0) std::cout << "   (" << std::setprecision(0) << 100 * value / ceiling << "% of the plain loop)";
  std::cout << "\n";
}

// Appends at batch 1, 16 and 256, durable and not, each beside the plain loop run just after it.
void bench_appends(const BenchArgs& args, const v1::ItemDefinition& item, const Calendar& calendar,
                   const std::string& base) {
  for (bool full : {true, false}) {
    for (int batch : {1, 16, 256}) {
      int64_t appended = 0;
      double busy = 0, per_batch = 0;
      const double store = store_appends_per_second(base + ".db", item, calendar, full, batch, args.seconds,
                                                    &appended, &busy, &per_batch);
      const double plain = plain_inserts_per_second(
          base + "-plain.db", submission(item, calendar, "x").events.front().SerializeAsString(), full, batch,
          args.seconds);
      const std::string label = std::string("append, synchronous=") + (full ? "FULL" : "NORMAL") + ", batch " +
                                std::to_string(batch);
      print_row(label, store, "events/s", plain);
      print_row("  writer thread busy", 100 * busy, "%");
      print_row("  commands per transaction, on average", per_batch, "");
      print_row("  plain SQLite loop, same rows", plain, "rows/s");
    }
  }
  for (const auto& p : {base + ".db", base + "-plain.db"}) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  }
}

// A database of `open_events` events: filling it, reads, its size, rebuild and opening.
void bench_database(const BenchArgs& args, const v1::ItemDefinition& item, const Calendar& calendar,
                    const std::string& base) {
  const std::string big = base + "-big.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(big + suffix);
  {
    auto store = SqliteEventStore::open(big, calendar, StoreOptions{.synchronous_full = false});
    const int64_t events = args.open_events;
    std::atomic<int64_t> next_id{0};
    const auto start = Clock::now();
    {
      std::counting_semaphore<> window(512);
      for (int64_t n = 0; n < events; ++n) {
        window.acquire();
        (*store)->append_async(submission(item, calendar, case_id(next_id++)),
                               [&](Result<AppendResult>) { window.release(); });
      }
      for (int i = 0; i < 512; ++i) window.acquire();
    }
    print_row("fill " + std::to_string(events) + " events (NORMAL, 512 in flight)",
              double(events) / seconds_since(start), "events/s");

    std::atomic<int64_t> reads{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> readers;
    const auto rstart = Clock::now();
    for (int r = 0; r < 2; ++r) {
      readers.emplace_back([&, r] {
        std::mt19937 local(r);
        while (!stop) {
          const std::string id = case_id(int64_t(local() % uint64_t(events)));
          if ((*store)->summary(id, 0)->has_value()) ++reads;
        }
      });
    }
    while (seconds_since(rstart) < args.seconds) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
    for (auto& th : readers) th.join();
    print_row("case summary reads, 2 threads", double(reads) / seconds_since(rstart), "reads/s");
  }
  const double size = double(std::filesystem::file_size(big));
  print_row("database size per million events", size / double(args.open_events) * 1e6 / 1048576.0, "MiB");

  auto start = Clock::now();
  auto rebuilt = rebuild_projections(big, calendar);
  print_row("rebuild", double(*rebuilt) / seconds_since(start), "events/s");

  for (QuickCheck check : {QuickCheck::kWhenOpening, QuickCheck::kBeforeFirstWrite}) {
    const bool when_opening = check == QuickCheck::kWhenOpening;
    start = Clock::now();
    auto store = SqliteEventStore::open(big, calendar, StoreOptions{.quick_check = check});
    const bool ok = store.ok() && (*store)->summary(case_id(0), 0)->has_value();
    print_row(std::string("open + first read, quick check ") + (when_opening ? "when opening" : "before writes"),
              seconds_since(start) * 1000, ok ? "ms" : "ms (FAILED)");
    if (when_opening || !ok) continue;
    const bool written = (*store)->append(submission(item, calendar, case_id(args.open_events))).ok();
    print_row("open + first write (after the quick check)", seconds_since(start) * 1000,
              written ? "ms" : "ms (FAILED)");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(big + suffix);
}

void run_store_bench(const BenchArgs& args) {
  const CatalogueLoad load = load_catalogue(args.workflows);
  auto calendar = load_calendar(args.calendar);
  if (!load.errors.empty() || !calendar.ok()) throw std::runtime_error("cannot load the catalogue or calendar");
  const v1::ItemDefinition& item = load.catalogue.items.at("XK-SCJG-00012-000");
  const std::string dir = args.dir.empty() ? std::filesystem::temp_directory_path().string() : args.dir;
  const std::string base = dir + "/oneseal-bench-" + std::to_string(::getpid());
  std::cout << "oneseal bench store: " << args.seconds << " s per figure, files in " << dir << "\n";
  if (args.part != "database") bench_appends(args, item, *calendar, base);
  if (args.part != "appends") bench_database(args, item, *calendar, base);
}

}  // namespace

void add_bench_command(CLI::App& app, int* exit_code) {
  static BenchArgs args;
  auto* bench = app.add_subcommand("bench", "Benchmarks (docs/benchmarks.md)");
  bench->require_subcommand(1);
  auto* store = bench->add_subcommand("store", "Event store: appends, reads, rebuild, size, opening");
  store->add_option("--workflows", args.workflows, "The catalogue folder")->capture_default_str();
  store->add_option("--calendar", args.calendar, "Folder of yearly holiday files")->capture_default_str();
  store->add_option("--dir", args.dir, "Where the benchmark's files go (default: the temporary folder)");
  store->add_option("--seconds", args.seconds, "How long each throughput figure runs")->capture_default_str();
  store->add_option("--events", args.open_events, "Events in the database for reads, rebuild and opening")
      ->capture_default_str();
  store->add_option("--part", args.part, "Which phase runs: appends, database (fill, reads, rebuild, opening) or all")
      ->check(CLI::IsMember({"appends", "database", "all"}))
      ->capture_default_str();
  store->callback([exit_code] {
    try {
      run_store_bench(args);
    } catch (const std::exception& e) {
      std::cerr << "oneseal bench store: " << e.what() << "\n";
      *exit_code = 1;
    }
  });

  static ReportBenchArgs report_args;
  auto* report = bench->add_subcommand("report", "The timeout report over a large store");
  report->add_option("--calendar", report_args.calendar, "Folder of yearly holiday files")->capture_default_str();
  report->add_option("--dir", report_args.dir, "Where the benchmark's file goes (default: the temporary folder)");
  report->add_option("--cases", report_args.cases, "Cases in the store")->capture_default_str();
  report->add_option("--open", report_args.open, "Of which open")->capture_default_str();
  report->add_option("--runs", report_args.runs, "Queries timed")->capture_default_str()->check(CLI::Range(1, 1000));
  report->callback([exit_code] {
    try {
      run_report_bench(report_args);
    } catch (const std::exception& e) {
      std::cerr << "oneseal bench report: " << e.what() << "\n";
      *exit_code = 1;
    }
  });
}

}  // namespace oneseal::cli
