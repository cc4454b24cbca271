// oneseal serve: the HTTP API on one database (docs/api.md, docs/operations.md).
#include <iostream>
#include <optional>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/http/api_stack.h"
#include "engine/http/server.h"
#include "engine/query_code.h"
#include "engine/scheduler.h"
#include "storage/sqlite_event_store.h"
#include "tools/commands.h"
#include "tools/demo_seed.h"

namespace oneseal::cli {

namespace {

struct ServeArgs {
  std::string db = "oneseal.db";
  std::string workflows = "workflows";
  std::string seeds = "seeds";
  std::string listen = "127.0.0.1:8080";
  std::string secret_file;  // default: the database's path + ".key"
  std::string synchronous = "full";
  std::string online_office = "online";
  int64_t clock_offset = 0;  // seconds added to the system time
  std::vector<std::string> trusted_proxies;
  int threads = 2;
  int workers = 2;
  bool demo = false;
  bool quiet = false;
  bool read_only = false;
};

// Splits "HOST:PORT"; false when it is not that.
bool parse_listen(const std::string& listen, http::ServerOptions* options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  const int n = std::stoi(port);
  if (n > 65535) return false;
  options->address = listen.substr(0, colon);
  options->port = uint16_t(n);
  return true;
}

int serve(const ServeArgs& args) {
  http::ServerOptions server_options;
  if (!parse_listen(args.listen, &server_options)) {
    std::cerr << "oneseal serve: --listen '" << args.listen << "' is not HOST:PORT\n";
    return kUsageError;
  }
  if (args.synchronous != "full" && args.synchronous != "normal") {
    std::cerr << "oneseal serve: --synchronous must be full or normal\n";
    return kUsageError;
  }
  if (args.read_only && args.demo) {
    std::cerr << "oneseal serve: --demo writes its data: not with --read-only\n";
    return kUsageError;
  }
  auto proxies = http::TrustedProxies::parse(args.trusted_proxies);
  if (!proxies.ok()) {
    std::cerr << "oneseal serve: --" << proxies.status().field() << " " << proxies.status().message() << "\n";
    return kUsageError;
  }
  server_options.trusted_proxies = std::move(*proxies);
  server_options.io_threads = args.threads;
  server_options.log_requests = !args.quiet;

  const CatalogueLoad load = load_catalogue(args.workflows);
  for (const auto& e : load.errors) std::cerr << e << "\n";
  if (!load.errors.empty()) {
    std::cerr << "oneseal serve: the catalogue in " << args.workflows << " has errors; not starting\n";
    return 1;
  }
  auto calendar = load_calendar(std::filesystem::path(args.seeds) / "calendar");
  if (!calendar.ok()) {
    std::cerr << "oneseal serve: " << calendar.status().message() << "\n";
    return 1;
  }
  StoreOptions store_options;
  store_options.synchronous_full = args.synchronous == "full";
  store_options.read_only = args.read_only;
  // A large file is ready for reads at once; writes wait for the quick check.
  store_options.quick_check = QuickCheck::kBeforeFirstWrite;
  auto store = SqliteEventStore::open(args.db, *calendar, store_options);
  if (!store.ok()) {
    std::cerr << "oneseal serve: not starting: " << store.status().message() << "\n";
    return 1;
  }
  SystemTime system_time;
  OffsetTime time(system_time, std::chrono::seconds(args.clock_offset));
  auto key = load_or_create_key(args.secret_file.empty() ? args.db + ".key" : args.secret_file);
  if (!key.ok()) {
    std::cerr << "oneseal serve: not starting: " << key.status().message() << "\n";
    return 1;
  }
  auto stack = http::ApiStack::assemble(**store, load.catalogue, *calendar, time, *key, args.workers,
                                        {.online_office = args.online_office});
  if (!stack.ok()) {
    std::cerr << "oneseal serve: not starting: " << stack.status().message() << "\n";
    return 1;
  }
  CaseService& cases = (*stack)->cases();
  if (args.demo) {
    Status seeded = seed_demo(std::filesystem::path(args.seeds) / "demo.textproto", load.catalogue,
                              (*stack)->users(), cases, (*stack)->query_codes(), std::cout);
    if (!seeded.ok()) {
      std::cerr << "oneseal serve: demo data: " << seeded.to_string() << "\n";
      return 1;
    }
  }

  Scheduler scheduler(cases, **store, time);
  std::optional<SchedulerThread> scheduling;
  if (args.read_only) {
    // What falls due is recorded by the next server that may write, in its catch-up.
    std::cout << "Read-only: every write answers 503; the scheduler does not run" << std::endl;
  } else {
    // The catch-up after downtime happens before the first request is answered.
    auto caught_up = scheduler.run_due();
    if (!caught_up.ok()) {
      std::cerr << "oneseal serve: not starting: the catch-up of what fell due failed: "
                << caught_up.status().to_string() << "\n";
      return 1;
    }
    if (caught_up->recorded > 0) {
      std::cout << "Caught up: " << caught_up->recorded << " steps that fell due while the server was down"
                << std::endl;
    }
    scheduling.emplace(scheduler, time, [](const Status& s) {
      std::cerr << "oneseal serve: scheduler: " << s.to_string() << std::endl;
    });
  }
  http::Server server(server_options, (*stack)->api());
  if (Status s = server.listen(); !s.ok()) {
    std::cerr << "oneseal serve: " << s.message() << "\n";
    return 1;
  }
  // A file that fails the quick check the writer owed it stops the server, writing nothing.
  (*store)->when_check_fails([&server](const Status&) { server.stop(); });
  std::cout << "OneSeal serving " << load.catalogue.items.size() << " items from " << args.db << " on http://"
            << server_options.address << ":" << server.port() << std::endl;
  server.run();
  // The scheduler's commands are answered on the workers too: it stops before they do.
  scheduling.reset();
  (*stack)->join_workers();
  // Stopped by a signal while the writer checked the file: the check's verdict decides the exit.
  if (auto damaged = (*store)->check_failure()) {
    std::cerr << "oneseal serve: stopping: " << damaged->message() << "\n";
    return 1;
  }
  std::cout << "OneSeal stopped: every answered command is on disk" << std::endl;
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int* exit_code) {
  static ServeArgs args;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the HTTP API");
  serve_cmd->add_option("--db", args.db, "The database file (created when absent)")->capture_default_str();
  serve_cmd->add_option("--workflows", args.workflows, "The catalogue folder")->capture_default_str();
  serve_cmd->add_option("--seeds", args.seeds, "Folder with calendar/ and demo.textproto")->capture_default_str();
  serve_cmd->add_option("--listen", args.listen, "HOST:PORT (port 0: any free port)")->capture_default_str();
  serve_cmd->add_option("--threads", args.threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  serve_cmd->add_option("--workers", args.workers, "Threads that answer committed commands")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve_cmd->add_option("--secret-file", args.secret_file,
                        "The key that hashes query codes (default: the database's path + .key; created when absent)");
  serve_cmd->add_option("--synchronous", args.synchronous,
                        "full: a command is on disk when answered; normal: may lose the last ones on power loss")
      ->capture_default_str();
  serve_cmd->add_option("--online-office", args.online_office, "The office that receives online applications")
      ->capture_default_str();
  serve_cmd->add_option("--clock-offset", args.clock_offset,
                        "Seconds added to the system time (drills and tests of deadlines only)")
      ->capture_default_str();
  serve_cmd->add_option("--trusted-proxy", args.trusted_proxies,
                        "A reverse proxy's address (repeatable): requests from it name their client in "
                        "X-Forwarded-For, which the query codes' per-client throttle and the log then use");
  serve_cmd->add_flag("--demo", args.demo, "Load demo staff (known tokens) and cases from the seeds folder");
  serve_cmd->add_flag("--quiet", args.quiet, "No request log on stderr");
  serve_cmd->add_flag("--read-only", args.read_only,
                      "Open the database for reading only: reads and public pages work, writes answer 503, "
                      "the scheduler does not run");
  serve_cmd->callback([exit_code] { *exit_code = serve(args); });
}

}  // namespace oneseal::cli
