// The reports laid out as text cells, and CSV with the escaping spreadsheet programs expect.
#include "engine/http/report_grid.h"

#include <cstdio>

namespace oneseal::http {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string one_decimal(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::vector<std::string> summary_cells(const std::string& group, const v1::SummaryRow& r) {
  auto n = [](int64_t v) { return std::to_string(v); };
  return {group,
          r.name(),
          n(r.received()),
          n(r.accepted()),
          n(r.intake_rejected()),
          n(r.granted()),
          n(r.refused()),
          n(r.withdrawn()),
          n(r.decided_on_time()),
          n(r.decided_late()),
          r.has_on_time_rate() ? one_decimal(100 * r.on_time_rate()) : "",
          r.has_average_working_days_used() ? one_decimal(r.average_working_days_used()) : "",
          r.has_p90_working_days_used() ? n(r.p90_working_days_used()) : "",
          r.has_average_promised_limit() ? one_decimal(r.average_promised_limit()) : "",
          n(r.paused_working_days()),
          n(r.extensions()),
          n(r.open_green()),
          n(r.open_yellow()),
          n(r.open_red())};
}

}  // namespace

Grid timeout_grid(const v1::TimeoutReport& report) {
  Grid grid = {{"办件编号", "事项编码", "受理窗口", "时限", "部门", "期限", "预警"}};
  for (const auto& r : report.rows()) {
    grid.push_back({r.case_id(), r.item_code(), r.office(), r.clock(), r.department(), r.deadline(), r.alert_level()});
  }
  return grid;
}

Grid summary_grid(const v1::SummaryReport& report) {
  const std::string& by = report.group_by();
  const std::string group = by == "department" ? "部门" : by == "item" ? "事项" : "受理窗口";
  Grid grid = {{group, "名称", "收件", "受理", "不予受理", "准予许可", "不予许可", "撤回", "按时决定", "超期决定",
                "按时率(%)", "平均用时(工作日)", "用时90分位", "平均承诺时限", "暂停(工作日)", "延期", "在办绿灯",
                "在办黄灯", "在办红灯"}};
  for (const auto& r : report.rows()) grid.push_back(summary_cells(r.group(), r));
  grid.push_back(summary_cells("合计", report.total()));
  return grid;
}

std::string to_csv(const Grid& grid) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : grid) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  return out;
}

}  // namespace oneseal::http
