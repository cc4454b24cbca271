// oneseal: one program, many subcommands (workflows, calendar, demo, db, bench, serve, users, report, load).
#include <iostream>

#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"OneSeal: the approval workflow engine of an administrative approval bureau"};
  app.require_subcommand(1);
  int exit_code = 0;
  oneseal::cli::add_workflows_command(app, &exit_code);
  oneseal::cli::add_calendar_command(app, &exit_code);
  oneseal::cli::add_demo_command(app, &exit_code);
  oneseal::cli::add_db_command(app, &exit_code);
  oneseal::cli::add_bench_command(app, &exit_code);
  oneseal::cli::add_serve_command(app, &exit_code);
  oneseal::cli::add_users_command(app, &exit_code);
  oneseal::cli::add_report_command(app, &exit_code);
  oneseal::cli::add_load_command(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : oneseal::cli::kUsageError;
  }
  return exit_code;
}
