// oneseal db rebuild | verify | check | backup --db FILE: work on a database file (all but
// rebuild beside a running server).
#include <iostream>

#include "engine/calendar_file.h"
#include "storage/backup.h"
#include "storage/maintenance.h"
#include "tools/commands.h"

namespace oneseal::cli {

namespace {

struct DbArgs {
  std::string db;
  std::string calendar = "seeds/calendar";
  std::string to;  // backup's copy
};

bool load(const DbArgs& args, Calendar* out) {
  auto calendar = load_calendar(args.calendar);
  if (!calendar.ok()) {
    std::cerr << "oneseal db: " << calendar.status().message() << "\n";
    return false;
  }
  *out = std::move(*calendar);
  return true;
}

}  // namespace

void add_db_command(CLI::App& app, int* exit_code) {
  static DbArgs args;
  auto* db = app.add_subcommand("db", "Work on a database file (rebuild: stop the server first)");
  db->require_subcommand(1);
  db->fallthrough();  // `db backup --db FILE --to OUT` as well as `db --db FILE backup --to OUT`
  db->add_option("--db", args.db, "The database file")->required();
  db->add_option("--calendar", args.calendar, "Folder of yearly holiday files")->capture_default_str();

  db->add_subcommand("rebuild", "Replay every event into fresh projections")->callback([exit_code] {
    Calendar calendar;
    if (!load(args, &calendar)) {
      *exit_code = kUsageError;
      return;
    }
    auto done = rebuild_projections(args.db, calendar, [](int64_t events) {
      std::cerr << "rebuild: " << events << " events replayed\n";
    });
    if (!done.ok()) {
      std::cerr << "oneseal db rebuild: " << done.status().message() << "\n";
      *exit_code = 1;
      return;
    }
    std::cout << args.db << ": projections rebuilt from " << *done << " events\n";
  });

  db->add_subcommand("verify", "Prove the hash chain and that projections equal the fold of the events")
      ->callback([exit_code] {
        Calendar calendar;
        if (!load(args, &calendar)) {
          *exit_code = kUsageError;
          return;
        }
        auto report = verify_database(args.db, calendar);
        if (!report.ok()) {
          std::cerr << "oneseal db verify: " << report.status().message() << "\n";
          *exit_code = 1;
          return;
        }
        if (!report->ok()) {
          std::cerr << args.db << ": " << report->first_difference << "\n";
          *exit_code = 1;
          return;
        }
        std::cout << args.db << ": " << report->events << " events in " << report->cases
                  << " cases verified: hash chain intact, projections equal the events\n";
      });

  auto* backup = db->add_subcommand("backup", "Copy the database while a server runs, and check the copy");
  backup->add_option("--to", args.to, "The copy: a new file, never overwritten")->required();
  backup->callback([exit_code] {
    Calendar calendar;
    if (!load(args, &calendar)) {
      *exit_code = kUsageError;
      return;
    }
    auto report = backup_database(args.db, args.to, calendar);
    if (!report.ok()) {
      std::cerr << "oneseal db backup: " << report.status().message() << "\n";
      *exit_code = 1;
      return;
    }
    std::cout << args.to << ": " << report->events << " events in " << report->cases << " cases copied from "
              << args.db << ", integrity check ok, hash chain and projections verified\n";
  });

  db->add_subcommand("check", "Run SQLite's integrity check")->callback([exit_code] {
    auto result = integrity_check(args.db);
    if (!result.ok()) {
      std::cerr << "oneseal db check: " << result.status().message() << "\n";
      *exit_code = 1;
      return;
    }
    if (*result != "ok") {
      std::cerr << args.db << ": " << *result << "\n";
      *exit_code = 1;
      return;
    }
    std::cout << args.db << ": integrity check ok\n";
  });
}

}  // namespace oneseal::cli
