// The subcommands of the oneseal program, each registered on the CLI11 app by its file.
#pragma once

#include <CLI/CLI.hpp>

namespace oneseal::cli {

// Each adds its subcommand; the callback it sets stores the exit status in *exit_code.
void add_workflows_command(CLI::App& app, int* exit_code);
void add_calendar_command(CLI::App& app, int* exit_code);
void add_demo_command(CLI::App& app, int* exit_code);
void add_db_command(CLI::App& app, int* exit_code);
void add_bench_command(CLI::App& app, int* exit_code);
void add_serve_command(CLI::App& app, int* exit_code);
void add_users_command(CLI::App& app, int* exit_code);
void add_report_command(CLI::App& app, int* exit_code);
void add_load_command(CLI::App& app, int* exit_code);

// Exit status for bad arguments, as for a usage error.
inline constexpr int kUsageError = 2;

}  // namespace oneseal::cli
