// Supervisors' reports: clocks at yellow or red as of an instant, in JSON, binary or CSV (with
// a UTF-8 byte order mark, so that spreadsheet programs show Chinese correctly).
#include "engine/http/routes.h"

namespace oneseal::http {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Response timeouts(ApiContext& ctx, Call& call) {
  const std::string& q = call.request.query;
  TimeoutFilter filter;
  Instant as_of = ctx.time.now();
  if (const std::string text = query_param(q, "asOf"); !text.empty()) {
    auto parsed = parse_instant(text);
    if (!parsed) {
      return reply_error(call, Status::invalid_argument("asOf", "asOf must be an instant like 2026-11-27T09:00:00+08:00"));
    }
    as_of = *parsed;
  }
  filter.as_of = as_of.time_since_epoch().count();
  filter.department = query_param(q, "department");
  filter.item_code = query_param(q, "item");
  filter.office = query_param(q, "office");
  if (!filter.department.empty() && !ctx.catalogue.departments.count(filter.department)) {
    return reply_error(call, Status::invalid_argument("department", "no department '" + filter.department + "'"));
  }
  auto rows = ctx.store.timeouts(filter);
  if (!rows.ok()) return reply_error(call, rows.status());

  v1::TimeoutReport report;
  report.set_as_of(format_instant(as_of));
  for (const TimeoutEntry& e : *rows) {
    auto* row = report.add_rows();
    row->set_case_id(e.case_id);
    row->set_item_code(e.item_code);
    row->set_office(e.office);
    row->set_clock(e.clock);
    const auto* item = ctx.catalogue.find(e.item_code);
    row->set_department(!e.department.empty() ? e.department : item ? item->department() : "");
    row->set_deadline(e.deadline);
    row->set_alert_level(e.alert_level);
  }
  if (call.format != Format::kCsv) return reply_with(call, report);

  Response r;
  r.content_type = kCsvType;
  r.body = "\xEF\xBB\xBF办件编号,事项编码,受理窗口,时限,部门,期限,预警\r\n";
  for (const auto& row : report.rows()) {
    r.body += csv_field(row.case_id()) + "," + csv_field(row.item_code()) + "," + csv_field(row.office()) + "," +
              csv_field(row.clock()) + "," + csv_field(row.department()) + "," + csv_field(row.deadline()) + "," +
              csv_field(row.alert_level()) + "\r\n";
  }
  return r;
}

}  // namespace

void add_report_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/v1/reports/timeouts", "Cases and branches at yellow or red as of an instant", nullptr,
              v1::TimeoutReport::descriptor(), {v1::APPROVER, v1::SUPERVISOR}, false, true,
              {"asOf", "department", "item", "office"}, [&ctx](Call& call) { return timeouts(ctx, call); }});
}

}  // namespace oneseal::http
