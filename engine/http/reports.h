// The supervisors' reports as messages, from the store and the catalogue: the same code answers
// the routes (api_reports.cc) and `oneseal report` on a database file (tools/cmd_report.cc).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/catalogue.h"
#include "engine/status.h"
#include "engine/time.h"
#include "oneseal/v1/api.pb.h"
#include "storage/event_store.h"

namespace oneseal::http {

// A query parameter's value by the name the route takes it by ("groupBy"); empty when absent.
using QueryParams = std::function<std::string(const std::string& name)>;

// The parameters each report takes, as the routes name them.
inline const std::vector<std::string> kTimeoutParams = {"asOf", "department", "item", "office"};
inline const std::vector<std::string> kSummaryParams = {"from", "to", "groupBy"};

// GET /v1/reports/timeouts: the running clocks at yellow or red as of asOf (default `now`),
// of one department, item or office when asked. INVALID_ARGUMENT names the bad parameter.
Result<v1::TimeoutReport> timeout_report(EventStore& store, const Catalogue& catalogue, const QueryParams& params,
                                         Instant now);

// GET /v1/reports/summary: the bureau days from..to (both required, inclusive) by department,
// item or office (groupBy), with the open cases' alert levels at `now`. INVALID_ARGUMENT names
// the bad parameter.
Result<v1::SummaryReport> summary_report(EventStore& store, const Catalogue& catalogue, const QueryParams& params,
                                         Instant now);

}  // namespace oneseal::http
