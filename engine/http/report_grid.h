// The supervisors' reports as grids of text, header first: CSV for spreadsheet programs, and the
// aligned tables `oneseal report` prints, show the same columns.
#pragma once

#include <string>
#include <vector>

#include "oneseal/v1/api.pb.h"

namespace oneseal::http {

using Grid = std::vector<std::vector<std::string>>;

Grid timeout_grid(const v1::TimeoutReport& report);
// A row per group, then the total (合计). Rates are percentages and averages working days, to
// one decimal; empty when nothing was decided.
Grid summary_grid(const v1::SummaryReport& report);

// UTF-8 with a byte order mark (so spreadsheet programs show Chinese), CRLF line ends.
std::string to_csv(const Grid& grid);

}  // namespace oneseal::http
