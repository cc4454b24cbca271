// Supervisors' reports: clocks at yellow or red as of an instant, and the summary of a period,
// in JSON, binary or CSV (engine/http/reports.h builds them, report_grid.h lays them out).
#include "engine/http/report_grid.h"
#include "engine/http/reports.h"
#include "engine/http/routes.h"

namespace oneseal::http {

namespace {

// Answers a report built from the call's query parameters, as a message or as CSV.
template <typename Message>
Response report(ApiContext& ctx, Call& call,
                Result<Message> (*build)(EventStore&, const Catalogue&, const QueryParams&, Instant),
                Grid (*lay)(const Message&)) {
  const QueryParams params = [&](const std::string& name) { return query_param(call.request.query, name); };
  auto built = build(ctx.store, ctx.catalogue, params, ctx.time.now());
  if (!built.ok()) return reply_error(call, built.status());
  if (call.format != Format::kCsv) return reply_with(call, *built);
  Response r;
  r.content_type = kCsvType;
  r.body = to_csv(lay(*built));
  return r;
}

}  // namespace

void add_report_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/v1/reports/timeouts", "Cases and branches at yellow or red as of an instant", nullptr,
              v1::TimeoutReport::descriptor(), {v1::APPROVER, v1::SUPERVISOR}, false, true, kTimeoutParams,
              [&ctx](Call& call) { return report(ctx, call, timeout_report, timeout_grid); }});
  // It scans the cases: on the worker pool, so that the I/O threads stay free.
  router.add({"GET", "/v1/reports/summary", "Counts, time used and open cases by department, item or office",
              nullptr, v1::SummaryReport::descriptor(), {v1::APPROVER, v1::SUPERVISOR}, true, true, kSummaryParams,
              [&ctx](Call& call) { return report(ctx, call, summary_report, summary_grid); }});
}

}  // namespace oneseal::http
