// oneseal calendar add DATE N | between DATE1 DATE2: the working-day arithmetic of the law.
#include <charconv>
#include <iostream>

#include "engine/calendar_file.h"
#include "tools/commands.h"

namespace oneseal::cli {

namespace {

struct CalendarArgs {
  std::string dir = "seeds/calendar";
  std::string first, second;
};

// Parses an argument or explains on stderr why not.
bool date_arg(const std::string& text, const char* what, Date* out) {
  auto d = parse_date(text);
  if (!d) {
    std::cerr << "oneseal calendar: " << what << " '" << text << "' is not a date (YYYY-MM-DD)\n";
    return false;
  }
  *out = *d;
  return true;
}

bool count_arg(const std::string& text, int* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || end != text.data() + text.size() || *out < 0 || *out > 3650) {
    std::cerr << "oneseal calendar: N '" << text
              << "' is not a number of working days (0 to 3650)\n";
    return false;
  }
  return true;
}

bool load(const CalendarArgs& args, Calendar* out) {
  auto calendar = load_calendar(args.dir);
  if (!calendar.ok()) {
    std::cerr << "oneseal calendar: " << calendar.status().message() << "\n";
    return false;
  }
  *out = std::move(*calendar);
  return true;
}

void warn_if_unofficial(const Calendar& calendar, Date from, Date to) {
  if (!calendar.is_official_between(from, to)) {
    std::cerr << "note: no holiday notice loaded for part of " << format_date(from) << " to "
              << format_date(to) << "; Monday-Friday assumed there (provisional)\n";
  }
}

}  // namespace

void add_calendar_command(CLI::App& app, int* exit_code) {
  static CalendarArgs args;
  auto* calendar = app.add_subcommand("calendar", "Working-day arithmetic (law art. 82)");
  calendar->require_subcommand(1);
  calendar->add_option("--calendar", args.dir, "Folder of yearly holiday files")
      ->capture_default_str();

  auto* add = calendar->add_subcommand(
      "add", "The date on which a limit of N working days starting on DATE ends");
  add->add_option("DATE", args.first, "Start date (YYYY-MM-DD), not itself counted")->required();
  add->add_option("N", args.second, "Working days")->required();
  add->callback([exit_code] {
    Date start;
    int n = 0;
    Calendar cal;
    if (!date_arg(args.first, "DATE", &start) || !count_arg(args.second, &n) || !load(args, &cal)) {
      *exit_code = kUsageError;
      return;
    }
    const Date end = cal.add_working_days(start, n);
    warn_if_unofficial(cal, start, end);
    std::cout << format_date(end) << "\n";
  });

  auto* between =
      calendar->add_subcommand("between", "Working days after DATE1 up to and including DATE2");
  between->add_option("DATE1", args.first, "First date (not counted)")->required();
  between->add_option("DATE2", args.second, "Last date (counted)")->required();
  between->callback([exit_code] {
    Date from, to;
    Calendar cal;
    if (!date_arg(args.first, "DATE1", &from) || !date_arg(args.second, "DATE2", &to) ||
        !load(args, &cal)) {
      *exit_code = kUsageError;
      return;
    }
    if (to < from) {
      std::cerr << "oneseal calendar: DATE2 " << args.second << " is before DATE1 " << args.first
                << "\n";
      *exit_code = kUsageError;
      return;
    }
    warn_if_unofficial(cal, from, to);
    std::cout << cal.working_days_between(from, to) << "\n";
  });
}

}  // namespace oneseal::cli
