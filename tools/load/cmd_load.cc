// oneseal load: OneSeal under a mix of full case lives and public progress queries, from many
// keep-alive connections, with the HTTP ceiling (a bare Beast server) and the storage ceiling
// (plain SQLite inserts of the same event rows) measured in the same run on the same machine
// (docs/benchmarks.md). A benchmark program, never a test of correctness.
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/http/api_stack.h"
#include "engine/http/server.h"
#include "storage/sqlite_event_store.h"
#include "tools/commands.h"
#include "tools/load/ceiling_server.h"
#include "tools/load/client.h"
#include "tools/storage_ceiling.h"

namespace oneseal::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct LoadArgs {
  double seconds = 10;
  int connections = 64;
  int cases = 10000;
  int threads = 2;         // the server's I/O threads
  int client_threads = 1;  // the load client's
  int workers = 2;         // the server's threads that answer committed commands
  std::string mix = "both";
  std::string url;  // empty: start a server in this process
  std::string workflows = "workflows";
  std::string seeds = "seeds";
  std::string synchronous = "full";
  // Progress queries handed straight to the Api on the main thread, without sockets, after
  // the preload: the handler's own cost, apart from HTTP and the client (0: none).
  int handler_requests = 0;
  load::Tokens tokens;
};

// OneSeal as `oneseal serve` assembles it, in this process, on 127.0.0.1 and a free port, over
// a new database in a temporary folder (removed afterwards), without request logging, with the
// demo tokens of the staff the load plays.
class LocalServer {
 public:
  LocalServer(const LoadArgs& args, const Catalogue& catalogue, const Calendar& calendar) {
    dir_ = std::filesystem::temp_directory_path() / ("oneseal-load-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "load.db").string();
    auto store = SqliteEventStore::open(
        path_, calendar, StoreOptions{.synchronous_full = args.synchronous == "full"});
    if (!store.ok()) throw std::runtime_error(store.status().to_string());
    store_ = std::move(*store);
    auto stack = http::ApiStack::assemble(*store_, catalogue, calendar, time_, std::string(32, 'k'), args.workers);
    if (!stack.ok()) throw std::runtime_error(stack.status().to_string());
    stack_ = std::move(*stack);
    add_user(args.tokens.clerk, "窗口 负载", v1::CLERK, "", "hall-1", catalogue);
    add_user(args.tokens.reviewer_scjg, "审查 负载甲", v1::REVIEWER, "scjg", "", catalogue);
    add_user(args.tokens.reviewer_wjw, "审查 负载乙", v1::REVIEWER, "wjw", "", catalogue);
    add_user(args.tokens.approver, "审批 负载", v1::APPROVER, "", "", catalogue);
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = args.threads;
    options.log_requests = false;
    options.handle_signals = false;
    server_ = std::make_unique<http::Server>(options, stack_->api());
    if (Status s = server_->listen(); !s.ok()) throw std::runtime_error(s.to_string());
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "oneseal-io");
      server_->run();
    });
  }

  ~LocalServer() {
    server_->stop();
    thread_.join();
    server_.reset();
    stack_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  uint16_t port() const { return server_->port(); }
  http::Api& api() { return stack_->api(); }
  const std::string& path() const { return path_; }
  StoreStats stats() const { return store_->stats(); }

 private:
  void add_user(const std::string& token, const std::string& name, v1::Role role,
                const std::string& department, const std::string& office,
                const Catalogue& catalogue) {
    v1::CreateUserRequest request;
    request.set_name(name);
    request.set_role(role);
    request.set_department(department);
    request.set_office(office);
    auto added = stack_->users().add_with_token(request, token, catalogue.department_codes());
    if (!added.ok()) throw std::runtime_error(added.status().to_string());
  }

  std::filesystem::path dir_;
  std::string path_;
  SystemTime time_;
  std::unique_ptr<SqliteEventStore> store_;
  std::unique_ptr<http::ApiStack> stack_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

// "http://HOST[:PORT]"; nullopt for another form.
std::optional<load::Endpoint> parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = url.substr(scheme.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  load::Endpoint e;
  e.port = 80;
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    if (std::stoi(port) > 65535) return std::nullopt;
    e.port = uint16_t(std::stoi(port));
    rest = rest.substr(0, colon);
  }
  if (rest.empty() || rest.find('/') != std::string::npos) return std::nullopt;
  e.host = rest;
  return e;
}

// CPU time this process has used, user and system, in seconds.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// What the client's list of tracked cases holds on the heap (strings longer than the 15
// characters kept inline have their own block), to tell the server's memory from it.
size_t list_bytes(const std::vector<load::TrackedCase>& cases) {
  auto heap = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  size_t bytes = cases.capacity() * sizeof(load::TrackedCase);
  for (const auto& t : cases) bytes += heap(t.case_no) + heap(t.code);
  return bytes;
}

// The process's resident memory (VmRSS): the server's and the client's.
void print_resident_memory(const char* when) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      int64_t kib = 0;
      fields >> kib;
      std::cout << "resident memory " << when << ": " << kib / 1024 << " MiB (server and client)\n";
    }
  }
}

// CPU time the calling thread has used, in seconds.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// `count` progress queries of random preloaded cases through api.handle_now() on this thread.
// Its name is what `valgrind --tool=callgrind --toggle-collect=` is given to count only these.
void handler_only_progress(http::Api& api, const std::vector<load::TrackedCase>& cases, int count) {
  std::mt19937 random(1);
  http::Request request;
  request.method = "GET";
  request.path = "/v1/public/progress";
  request.client = "127.0.0.1";
  int64_t errors = 0;
  const double cpu_before = thread_cpu_seconds();
  const auto start = Clock::now();
  for (int i = 0; i < count; ++i) {
    const load::TrackedCase& t = cases[random() % cases.size()];
    // Case numbers and codes are letters and digits: nothing to percent-encode.
    request.query = "caseNo=" + t.case_no + "&code=" + t.code;
    if (api.handle_now(request).status != 200) ++errors;
  }
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = thread_cpu_seconds() - cpu_before;
  std::cout << "handler only: " << count << " progress queries through the Api on one thread, no sockets, in "
            << std::fixed << std::setprecision(2) << took << " s: " << std::setprecision(1) << cpu * 1e6 / count
            << " us CPU per request (this thread), " << errors << " errors\n";
}

void print_header() {
  std::cout << std::left << std::setw(16) << "operation" << std::right << std::setw(10) << "count"
            << std::setw(10) << "per s" << std::setw(9) << "p50 ms" << std::setw(9) << "p90 ms"
            << std::setw(9) << "p99 ms" << std::setw(10) << "p99.9 ms" << std::setw(8) << "errors"
            << "\n";
}

void print_operation(const std::string& name, load::Latencies& l, double seconds) {
  std::cout << std::left << std::setw(16) << name << std::right << std::setw(10) << l.count()
            << std::setw(10) << std::fixed << std::setprecision(0) << double(l.count()) / seconds
            << std::setprecision(2) << std::setw(9) << l.percentile_ms(0.50) << std::setw(9)
            << l.percentile_ms(0.90) << std::setw(9) << l.percentile_ms(0.99) << std::setw(10)
            << l.percentile_ms(0.999) << std::setw(8) << l.errors() << "\n";
}

int run_load(const LoadArgs& args) {
  if (args.mix != "progress" && args.mix != "lives" && args.mix != "both") {
    std::cerr << "oneseal load: --mix must be progress, lives or both\n";
    return kUsageError;
  }
  if (args.synchronous != "full" && args.synchronous != "normal") {
    std::cerr << "oneseal load: --synchronous must be full or normal\n";
    return kUsageError;
  }
  std::optional<load::Endpoint> target;
  if (!args.url.empty()) {
    target = parse_url(args.url);
    if (!target) {
      std::cerr << "oneseal load: --url: '" << args.url << "' is not http://HOST[:PORT]\n";
      return kUsageError;
    }
  }
  const CatalogueLoad catalogue = load_catalogue(args.workflows);
  for (const auto& e : catalogue.errors) std::cerr << e << "\n";
  auto calendar = load_calendar(std::filesystem::path(args.seeds) / "calendar");
  if (!catalogue.errors.empty() || !calendar.ok()) {
    std::cerr << "oneseal load: cannot load the catalogue or the calendar\n";
    return 1;
  }

  // Which script each connection runs: with both, every other connection follows lives.
  std::vector<load::Script> scripts;
  int lives_connections = 0, progress_connections = 0;
  for (int i = 0; i < args.connections; ++i) {
    const bool lives = args.mix == "lives" || (args.mix == "both" && i % 2 == 0);
    scripts.push_back(lives ? load::Script::kLives : load::Script::kProgress);
    ++(lives ? lives_connections : progress_connections);
  }

  std::unique_ptr<LocalServer> local;
  if (!target) {
    local = std::make_unique<LocalServer>(args, catalogue.catalogue, *calendar);
    target = load::Endpoint{"127.0.0.1", local->port()};
  }
  std::cout << "oneseal load: mix " << args.mix << ", " << args.connections << " connections ("
            << lives_connections << " running case lives, " << progress_connections
            << " progress queries), " << args.seconds << " s, server I/O threads " << args.threads
            << ", client threads " << args.client_threads << "\n";
  if (local) {
    std::cout << "server: in this process on http://127.0.0.1:" << local->port()
              << ", new database " << local->path()
              << ", synchronous=" << (args.synchronous == "full" ? "FULL" : "NORMAL") << ", "
              << args.workers << " workers answering commands\n";
  } else {
    std::cout << "server: " << args.url << " (its own settings)\n";
  }

  std::vector<load::TrackedCase> cases;
  if (progress_connections > 0) {
    int64_t errors = 0;
    const auto start = Clock::now();
    cases = local ? load::preload_in_process(local->api(), args.tokens, args.cases, &errors)
                  : load::preload(*target, args.tokens, args.cases, args.connections, &errors);
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << "preload: " << cases.size() << " cases submitted through POST /v1/cases"
              << (local ? " (in this process, no sockets)" : "") << " in " << std::fixed
              << std::setprecision(1) << took << " s (" << std::setprecision(0)
              << double(cases.size()) / took << "/s), " << errors << " errors\n";
    if (local) {
      print_resident_memory("after the preload");
      std::cout << "  of which the client's list of cases: about " << list_bytes(cases) / (1024 * 1024) << " MiB\n";
    }
    if (cases.empty()) {
      std::cerr << "oneseal load: no case could be preloaded\n";
      return 1;
    }
    if (local && args.handler_requests > 0) handler_only_progress(local->api(), cases, args.handler_requests);
  }

  const StoreStats before = local ? local->stats() : StoreStats{};
  const double cpu_before = cpu_seconds();
  load::RunResult result =
      load::run({*target, scripts, args.seconds, args.client_threads, args.tokens, &cases});
  const double cpu_used = cpu_seconds() - cpu_before;
  const StoreStats after = local ? local->stats() : StoreStats{};
  const bool in_process = local != nullptr;
  if (in_process) print_resident_memory("after the run");
  local.reset();  // the server stops before the ceilings run

  std::cout << "\nOneSeal, " << std::fixed << std::setprecision(2) << result.elapsed_seconds
            << " s:\n";
  print_header();
  int64_t errors = 0, commands = 0, events = 0;
  if (lives_connections > 0) {
    for (const auto& command : load::life_commands()) {
      load::Latencies& l = result.operations[command.name];
      print_operation(command.name, l, result.elapsed_seconds);
      errors += l.errors();
      commands += l.count();
      events += l.count() * command.events;
    }
    print_operation("life", result.operations["life"], result.elapsed_seconds);
  }
  if (progress_connections > 0) {
    print_operation("progress", result.operations["progress"], result.elapsed_seconds);
    errors += result.operations["progress"].errors();
  }
  int64_t operations = 0;
  for (const auto& [name, l] : result.operations) operations += name == "life" ? 0 : l.count();
  if (operations > 0) {
    // Throughput moves with whatever else the machine runs; CPU per request much less.
    std::cout << "CPU (user and system, " << (in_process ? "server and client" : "client only") << "): "
              << std::setprecision(2) << cpu_used << " s, " << std::setprecision(0)
              << cpu_used * 1e6 / double(operations) << " us per request\n";
  }
  if (after.batches > before.batches) {
    std::cout << "store: " << after.commands - before.commands << " commands in "
              << after.batches - before.batches << " transactions (" << std::setprecision(1)
              << double(after.commands - before.commands) / double(after.batches - before.batches)
              << " per transaction), writer busy " << std::setprecision(0)
              << 100 * (after.writer_busy_seconds - before.writer_busy_seconds) / args.seconds << "%\n";
  }

  // The HTTP ceiling: the same client and as many connections, every one asking for the bare
  // answer. Both progress queries and commands are measured against it.
  const int bare_connections = args.connections;
  double bare_rate = 0;
  {
    load::CeilingServer bare(args.threads);
    load::RunResult b =
        load::run({{"127.0.0.1", bare.port()},
                   std::vector<load::Script>(size_t(bare_connections), load::Script::kBareGet),
                   args.seconds,
                   args.client_threads,
                   args.tokens,
                   nullptr});
    std::cout << "\nHTTP ceiling: a bare Beast server answering \"ok\", " << args.threads
              << " I/O threads, " << bare_connections << " connections, the same client, "
              << std::setprecision(2) << b.elapsed_seconds << " s:\n";
    print_header();
    print_operation("bare GET", b.operations["bare GET"], b.elapsed_seconds);
    bare_rate = double(b.operations["bare GET"].count()) / b.elapsed_seconds;
    errors += b.operations["bare GET"].errors();
  }

  // The storage ceiling: the same event rows by a plain loop, in transactions as large as the
  // commands that can be in flight at once (one per connection running lives).
  const int batch = std::clamp(lives_connections, 1, 256);
  double plain = 0;
  if (lives_connections > 0) {
    const std::string body = decided_submission(catalogue.catalogue.items.at("XK-SCJG-00012-000"),
                                                *calendar, "OS2026112300000000")
                                 .events.front()
                                 .SerializeAsString();
    const std::string plain_path = (std::filesystem::temp_directory_path() /
                                    ("oneseal-load-plain-" + std::to_string(::getpid()) + ".db"))
                                       .string();
    plain =
        plain_inserts_per_second(plain_path, body, args.synchronous == "full", batch, args.seconds);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(plain_path + suffix);
    std::cout
        << "\nStorage ceiling: plain SQLite inserts of the submission's event row, synchronous="
        << (args.synchronous == "full" ? "FULL" : "NORMAL") << ", " << batch
        << " rows per transaction: " << std::setprecision(0) << plain << " rows/s\n";
  }

  std::cout << "\nRatios:\n";
  if (progress_connections > 0) {
    const double rate = double(result.operations["progress"].count()) / result.elapsed_seconds;
    std::cout << "  GET progress " << std::setprecision(0) << rate
              << "/s = " << std::setprecision(1) << (bare_rate > 0 ? 100 * rate / bare_rate : 0)
              << "% of the HTTP ceiling (" << std::setprecision(0) << bare_rate << "/s)";
    if (lives_connections > 0) std::cout << " [while the other connections ran case lives]";
    std::cout << "\n";
  }
  if (lives_connections > 0) {
    const double command_rate = double(commands) / result.elapsed_seconds;
    const double event_rate = double(events) / result.elapsed_seconds;
    std::cout << "  durable commands " << std::setprecision(0) << command_rate
              << "/s = " << std::setprecision(1) << (bare_rate > 0 ? 100 * command_rate / bare_rate : 0)
              << "% of the HTTP ceiling (" << std::setprecision(0) << bare_rate << "/s)";
    if (progress_connections > 0) std::cout << " [while the other connections queried progress]";
    std::cout << "\n  durable commands' event rows " << event_rate << "/s = " << std::setprecision(1)
              << (plain > 0 ? 100 * event_rate / plain : 0) << "% of the storage ceiling ("
              << std::setprecision(0) << plain << " rows/s)\n";
  }
  std::cout << "errors in all: " << errors << "\n";
  return errors == 0 ? 0 : 1;
}

}  // namespace

void add_load_command(CLI::App& app, int* exit_code) {
  static LoadArgs args;
  auto* cmd = app.add_subcommand(
      "load", "Load test: case lives and progress queries, against HTTP and storage ceilings");
  cmd->add_option("--seconds", args.seconds, "How long each run lasts (OneSeal, then each ceiling)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--connections", args.connections, "Keep-alive connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--cases", args.cases, "Cases preloaded for progress queries")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--threads", args.threads, "The server's I/O threads (and the HTTP ceiling's)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--client-threads", args.client_threads, "The load client's threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--workers", args.workers, "The in-process server's threads that answer committed commands")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--mix", args.mix, "progress, lives, or both (every other connection)")
      ->capture_default_str();
  cmd->add_option("--url", args.url,
                  "Load an existing server (http://HOST[:PORT]) instead of starting one");
  cmd->add_option("--workflows", args.workflows, "The catalogue folder")->capture_default_str();
  cmd->add_option("--seeds", args.seeds, "Folder with calendar/")->capture_default_str();
  cmd->add_option("--synchronous", args.synchronous,
                  "full or normal, for the in-process server and the SQLite ceiling")
      ->capture_default_str();
  cmd->add_option("--handler-requests", args.handler_requests,
                  "After the preload, this many progress queries straight through the in-process Api on one "
                  "thread, without sockets (the handler's own CPU per request)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000000));
  cmd->add_option("--token-clerk", args.tokens.clerk, "A clerk at hall-1")->capture_default_str();
  cmd->add_option("--token-reviewer-scjg", args.tokens.reviewer_scjg, "A reviewer for scjg")
      ->capture_default_str();
  cmd->add_option("--token-reviewer-wjw", args.tokens.reviewer_wjw, "A reviewer for wjw")
      ->capture_default_str();
  cmd->add_option("--token-approver", args.tokens.approver, "An approver")->capture_default_str();
  cmd->callback([exit_code] {
    try {
      *exit_code = run_load(args);
    } catch (const std::exception& e) {
      std::cerr << "oneseal load: " << e.what() << "\n";
      *exit_code = 1;
    }
  });
}

}  // namespace oneseal::cli
