// oneseal report timeouts | summary: the supervisors' reports, read from a database file (read
// only, beside a running server) or asked of a server, as a table, CSV or JSON.
#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <iostream>
#include <map>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/http/codec.h"
#include "engine/http/report_grid.h"
#include "engine/http/reports.h"
#include "engine/time_source.h"
#include "storage/sqlite_event_store.h"
#include "tools/commands.h"
#include "tools/http_get.h"
#include "tools/table.h"

namespace oneseal::cli {

namespace {

struct ReportArgs {
  std::string db, url, token;
  std::string format = "table";
  std::string workflows = "workflows";
  std::string calendar = "seeds/calendar";
  // The reports' parameters, by the names the routes take them.
  std::map<std::string, std::string> params;
};

// The option of a route's parameter: asOf is --as-of.
std::string option_of(const std::string& param) {
  std::string out = "--";
  for (char c : param) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '-';
      out += char(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

// Prints why the report failed; a bad parameter is named as its option, with the usage
// error's exit status.
int fail(const std::string& report, Code code, const std::string& field, const std::string& message) {
  std::cerr << "oneseal report " << report << ": ";
  if (code == Code::kInvalidArgument && !field.empty()) std::cerr << option_of(field) << ": ";
  std::cerr << message << "\n";
  return code == Code::kInvalidArgument ? kUsageError : 1;
}

int fail(const std::string& report, const Status& status) {
  return fail(report, status.code(), status.field(), status.message());
}

// A line above the table saying what it shows.
std::string title_of(const v1::TimeoutReport& r) { return "Clocks at yellow or red as of " + r.as_of(); }
std::string title_of(const v1::SummaryReport& r) {
  return r.from() + " to " + r.to() + " by " + r.group_by() + "; open cases as of " + r.as_of();
}

template <typename Message>
using Build = Result<Message> (*)(EventStore&, const Catalogue&, const http::QueryParams&, Instant);
template <typename Message>
using Lay = http::Grid (*)(const Message&);

template <typename Message>
void print(const ReportArgs& args, const Message& report, Lay<Message> lay) {
  if (args.format == "json") {
    std::cout << http::encode(200, report, http::Format::kJson).body << "\n";
  } else if (args.format == "csv") {
    std::cout << http::to_csv(lay(report));
  } else {
    std::cout << title_of(report) << "\n";
    print_table(std::cout, lay(report));
  }
}

// The report from the database file, opened read-only: a running server may hold it.
template <typename Message>
int from_file(const std::string& name, const ReportArgs& args, Build<Message> build, Lay<Message> lay) {
  auto calendar = load_calendar(args.calendar);
  if (!calendar.ok()) return fail(name, Code::kInvalidArgument, "calendar", calendar.status().message());
  // The catalogue names departments and items, and gives each item its department.
  const CatalogueLoad load = load_catalogue(args.workflows);
  if (!load.errors.empty()) {
    return fail(name, Code::kInvalidArgument, "workflows", load.errors.front() + " (oneseal workflows check)");
  }
  if (load.catalogue.items.empty()) {
    return fail(name, Code::kInvalidArgument, "workflows", "no items in " + args.workflows);
  }
  auto store = SqliteEventStore::open(args.db, *calendar, StoreOptions{.read_only = true});
  if (!store.ok()) return fail(name, store.status());
  const http::QueryParams params = [&](const std::string& param) {
    auto it = args.params.find(param);
    return it == args.params.end() ? std::string() : it->second;
  };
  auto report = build(**store, load.catalogue, params, SystemTime().now());
  if (!report.ok()) return fail(name, report.status());
  print(args, *report, lay);
  return 0;
}

// The report asked of a server: JSON and CSV print as answered; a table is laid out from the
// binary message.
template <typename Message>
int from_server(const std::string& name, const ReportArgs& args, Lay<Message> lay) {
  std::string target = "/v1/reports/" + name;
  char separator = '?';
  for (const auto& [param, value] : args.params) {
    if (value.empty()) continue;
    target += separator + param + "=" + percent_encode(value);
    separator = '&';
  }
  const std::string accept = args.format == "json" ? http::kJsonType
                             : args.format == "csv" ? "text/csv"
                                                    : http::kProtobufType;
  auto answer = http_get(args.url, target, {{"Authorization", "Bearer " + args.token}, {"Accept", accept}});
  if (!answer.ok()) return fail(name, answer.status());
  const bool binary = answer->content_type.rfind(http::kProtobufType, 0) == 0;
  if (answer->status != 200) {
    v1::Error error;
    const bool parsed = binary ? error.ParseFromString(answer->body)
                               : google::protobuf::util::JsonStringToMessage(answer->body, &error).ok();
    if (!parsed) {
      return fail(name, Code::kUnavailable, "", "HTTP " + std::to_string(answer->status) + " from " + args.url);
    }
    return fail(name, error.code() == "INVALID_ARGUMENT" ? Code::kInvalidArgument : Code::kUnavailable, error.field(),
                error.message() + " (HTTP " + std::to_string(answer->status) + ")");
  }
  if (args.format != "table") {
    std::cout << answer->body << (args.format == "json" ? "\n" : "");
    return 0;
  }
  Message report;
  if (!binary || !report.ParseFromString(answer->body)) {
    return fail(name, Code::kUnavailable, "", args.url + " did not answer a " + Message::descriptor()->name());
  }
  print(args, report, lay);
  return 0;
}

template <typename Message>
int run(const std::string& name, const ReportArgs& args, Build<Message> build, Lay<Message> lay) {
  if (args.db.empty() == args.url.empty()) {
    return fail(name, Code::kInvalidArgument, "db", "name a database file (--db) or a server (--url and --token)");
  }
  if (!args.url.empty() && args.token.empty()) {
    return fail(name, Code::kInvalidArgument, "token", "a server needs a supervisor's or approver's token");
  }
  return args.db.empty() ? from_server(name, args, lay) : from_file(name, args, build, lay);
}

}  // namespace

void add_report_command(CLI::App& app, int* exit_code) {
  static ReportArgs args;
  auto* report = app.add_subcommand("report", "The supervisors' reports, from a database file or a server");
  report->require_subcommand(1);
  report->fallthrough();  // the source and format may follow the subcommand: `report summary --db FILE`
  report->add_option("--db", args.db, "The database file (read only: a server may be running on it)");
  report->add_option("--url", args.url, "A server instead, as http://HOST:PORT");
  report->add_option("--token", args.token, "The bearer token for --url (a supervisor's or an approver's)");
  report->add_option("--format", args.format, "table, csv (UTF-8 with a byte order mark) or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  report->add_option("--workflows", args.workflows, "The catalogue folder, for departments (with --db)")
      ->capture_default_str();
  report->add_option("--calendar", args.calendar, "Folder of yearly holiday files (with --db)")->capture_default_str();

  auto* timeouts = report->add_subcommand("timeouts", "Running clocks at yellow or red, red first");
  timeouts->add_option(option_of("asOf"), args.params["asOf"],
                       "An instant like 2026-11-27T09:00:00+08:00 (default: now)");
  timeouts->add_option(option_of("department"), args.params["department"], "Only this department's clocks");
  timeouts->add_option(option_of("item"), args.params["item"], "Only this item's cases");
  timeouts->add_option(option_of("office"), args.params["office"], "Only this office's cases");
  timeouts->callback([exit_code] {
    *exit_code = run<v1::TimeoutReport>("timeouts", args, http::timeout_report, http::timeout_grid);
  });

  auto* summary = report->add_subcommand("summary", "A period's counts, time used and open cases, by group");
  summary->add_option(option_of("from"), args.params["from"], "The first bureau day, YYYY-MM-DD")->required();
  summary->add_option(option_of("to"), args.params["to"], "The last bureau day, YYYY-MM-DD")->required();
  summary->add_option(option_of("groupBy"), args.params["groupBy"], "department, item or office")->required();
  summary->callback([exit_code] {
    *exit_code = run<v1::SummaryReport>("summary", args, http::summary_report, http::summary_grid);
  });
}

}  // namespace oneseal::cli
