// oneseal bench report: the timeout report's speed over a large store.
#pragma once

#include <cstdint>
#include <string>

namespace oneseal::cli {

struct ReportBenchArgs {
  std::string calendar = "seeds/calendar";
  std::string dir;  // default: the temporary folder
  int64_t cases = 1000000;
  int64_t open = 50000;
  int runs = 7;
};

// Prints the figures; throws std::runtime_error when the store cannot be made.
void run_report_bench(const ReportBenchArgs& args);

}  // namespace oneseal::cli
