// GET /v1/reports/summary on the cases of tests/storage/summary_cases.h: every row and total by
// department, item and office written out by hand, the CSV a spreadsheet gets, and the refusals.
#include <catch2/catch.hpp>

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "tests/http/test_server.h"
#include "tests/storage/summary_cases.h"

namespace oneseal::testing {

namespace {

// The cases filed, and a supervisor's token.
struct Reported {
  TestServer server{"2026-10-26T09:00:00+08:00"};
  const std::string supervisor = server.token(v1::SUPERVISOR);
  Reported() { summary::file_cases(server.cases(), server.time()); }

  HttpReply get(const std::string& query, const std::string& accept = "application/json",
                const std::string& token = "") {
    auto headers = TestServer::as(token.empty() ? supervisor : token);
    headers["Accept"] = accept;
    return server.client().request("GET", "/v1/reports/summary?" + query, "", headers);
  }

  v1::SummaryReport report(const std::string& group_by) {
    const HttpReply r = get(std::string("from=") + summary::kFrom + "&to=" + summary::kTo + "&groupBy=" + group_by);
    INFO(r.body);
    REQUIRE(r.status == 200);
    v1::SummaryReport report;
    google::protobuf::util::JsonParseOptions strict;
    strict.ignore_unknown_fields = false;
    REQUIRE(google::protobuf::util::JsonStringToMessage(r.body, &report, strict).ok());
    return report;
  }
};

// A row from its counts in text format; the fractions are set beside it.
v1::SummaryRow row(const std::string& text) {
  v1::SummaryRow r;
  if (!google::protobuf::TextFormat::ParseFromString(text, &r)) throw std::runtime_error("bad row: " + text);
  return r;
}

void check_rows(const v1::SummaryReport& have, const std::vector<v1::SummaryRow>& rows, const v1::SummaryRow& total) {
  REQUIRE(have.rows_size() == int(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i << ":\n" << have.rows(int(i)).DebugString() << "expected:\n" << rows[i].DebugString());
    CHECK(google::protobuf::util::MessageDifferencer::Equals(have.rows(int(i)), rows[i]));
  }
  INFO("total:\n" << have.total().DebugString() << "expected:\n" << total.DebugString());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(have.total(), total));
}

// Every case together, whatever the grouping: 17 decisions used, sorted, 0 0 0 1 2 3 3 3 4 4 5 5
// 6 7 7 7 7 (64 days; the 16th is the 90th percentile) against limits of 72 days in all.
v1::SummaryRow total() {
  v1::SummaryRow t = row(R"(received: 29 accepted: 24 intake_rejected: 3 granted: 13 refused: 4 withdrawn: 3
      decided_on_time: 13 decided_late: 4 p90_working_days_used: 7 paused_working_days: 8 extensions: 3
      open_green: 6 open_yellow: 3 open_red: 5)");
  t.set_on_time_rate(13.0 / 17);
  t.set_average_working_days_used(64.0 / 17);
  t.set_average_promised_limit(72.0 / 17);
  return t;
}

}  // namespace

TEST_CASE("the summary by item counts each item's cases in the period", "[http][report]") {
  Reported r;
  const v1::SummaryReport report = r.report("item");
  CHECK(report.from() == "2026-11-02");
  CHECK(report.to() == "2026-11-13");
  CHECK(report.group_by() == "item");
  CHECK(report.as_of() == "2026-11-16T10:00:00+08:00");

  // Company registration: C1-A, C1-B (late), C1-C, C2-A decided: 0, 1, 0, 0 days of 0.
  v1::SummaryRow company = row(R"(group: "XK-SCJG-00001-001" name: "企业设立登记（有限责任公司）"
      received: 6 accepted: 5 intake_rejected: 1 granted: 3 refused: 1 withdrawn: 0
      decided_on_time: 3 decided_late: 1 on_time_rate: 0.75 average_working_days_used: 0.25
      p90_working_days_used: 1 average_promised_limit: 0 paused_working_days: 0 extensions: 0
      open_green: 1 open_yellow: 0 open_red: 1)");
  // Food: used 3 3 4 4 5 6 7 7 (39 days; the 8th is the 90th percentile), limits 5 x 7 and 8;
  // paused 3 (F1-D) and 3 (F2-E); extended F1-E and F2-G.
  v1::SummaryRow food = row(R"(group: "XK-SCJG-00012-000" name: "食品经营许可（新办）"
      received: 15 accepted: 12 intake_rejected: 1 granted: 6 refused: 2 withdrawn: 2
      decided_on_time: 6 decided_late: 2 on_time_rate: 0.75 average_working_days_used: 4.875
      p90_working_days_used: 7 average_promised_limit: 5.375 paused_working_days: 6 extensions: 2
      open_green: 4 open_yellow: 2 open_red: 3)");
  // Hygiene: used 2 3 5 7 7 (24 days), limits 5 x 4 and 9; paused 2 (H1-D); extended H2-A.
  v1::SummaryRow hygiene = row(R"(group: "XK-WJW-00031-000" name: "公共场所卫生许可（新办）"
      received: 8 accepted: 7 intake_rejected: 1 granted: 4 refused: 1 withdrawn: 1
      decided_on_time: 4 decided_late: 1 on_time_rate: 0.8 average_working_days_used: 4.8
      p90_working_days_used: 7 average_promised_limit: 5.8 paused_working_days: 2 extensions: 1
      open_green: 1 open_yellow: 1 open_red: 1)");
  check_rows(report, {company, food, hygiene}, total());
}

TEST_CASE("the summary by department puts an item under its responsible department", "[http][report]") {
  Reported r;
  // scjg: food and company registration; used 0 0 0 1 3 3 4 4 5 6 7 7 (40 days, the 11th is the
  // 90th percentile), limits 43 days.
  v1::SummaryRow scjg = row(R"(group: "scjg" name: "市场监督管理局"
      received: 21 accepted: 17 intake_rejected: 2 granted: 9 refused: 3 withdrawn: 2
      decided_on_time: 9 decided_late: 3 on_time_rate: 0.75
      p90_working_days_used: 7 paused_working_days: 6 extensions: 2
      open_green: 5 open_yellow: 2 open_red: 4)");
  scjg.set_average_working_days_used(40.0 / 12);
  scjg.set_average_promised_limit(43.0 / 12);
  v1::SummaryRow wjw = row(R"(group: "wjw" name: "卫生健康委员会"
      received: 8 accepted: 7 intake_rejected: 1 granted: 4 refused: 1 withdrawn: 1
      decided_on_time: 4 decided_late: 1 on_time_rate: 0.8 average_working_days_used: 4.8
      p90_working_days_used: 7 average_promised_limit: 5.8 paused_working_days: 2 extensions: 1
      open_green: 1 open_yellow: 1 open_red: 1)");
  check_rows(r.report("department"), {scjg, wjw}, total());
}

TEST_CASE("the summary by office, in JSON and as a spreadsheet", "[http][report]") {
  Reported r;
  // hall-1: used 0 0 1 3 3 4 4 5 6 7 7 (40 days; the 10th is the 90th percentile), limits 43.
  v1::SummaryRow hall1 = row(R"(group: "hall-1" name: ""
      received: 15 accepted: 12 intake_rejected: 2 granted: 10 refused: 1 withdrawn: 1
      decided_on_time: 8 decided_late: 3 p90_working_days_used: 7 paused_working_days: 5 extensions: 1
      open_green: 3 open_yellow: 2 open_red: 2)");
  hall1.set_on_time_rate(8.0 / 11);
  hall1.set_average_working_days_used(40.0 / 11);
  hall1.set_average_promised_limit(43.0 / 11);
  // hall-2: used 0 2 3 5 7 7 (24 days; the 6th is the 90th percentile), limits 29.
  v1::SummaryRow hall2 = row(R"(group: "hall-2" name: ""
      received: 14 accepted: 12 intake_rejected: 1 granted: 3 refused: 3 withdrawn: 2
      decided_on_time: 5 decided_late: 1 average_working_days_used: 4 p90_working_days_used: 7
      paused_working_days: 3 extensions: 2 open_green: 3 open_yellow: 1 open_red: 3)");
  hall2.set_on_time_rate(5.0 / 6);
  hall2.set_average_promised_limit(29.0 / 6);
  check_rows(r.report("office"), {hall1, hall2}, total());

  const HttpReply csv = r.get("from=2026-11-02&to=2026-11-13&groupBy=office", "text/csv");
  CHECK(csv.status == 200);
  CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
  CHECK(csv.body ==
        "\xEF\xBB\xBF受理窗口,名称,收件,受理,不予受理,准予许可,不予许可,撤回,按时决定,超期决定,按时率(%),"
        "平均用时(工作日),用时90分位,平均承诺时限,暂停(工作日),延期,在办绿灯,在办黄灯,在办红灯\r\n"
        "hall-1,,15,12,2,10,1,1,8,3,72.7,3.6,7,3.9,5,1,3,2,2\r\n"
        "hall-2,,14,12,1,3,3,2,5,1,83.3,4.0,7,4.8,3,2,3,1,3\r\n"
        "合计,,29,24,3,13,4,3,13,4,76.5,3.8,7,4.2,8,3,6,3,5\r\n");
}

TEST_CASE("a period without decisions leaves rates and days out, and shows the open cases", "[http][report]") {
  Reported r;
  const HttpReply json = r.get("from=2025-01-01&to=2025-01-31&groupBy=office");
  REQUIRE(json.status == 200);
  // Nothing decided: no rate, no averages (absent, not zero).
  CHECK(json.body.find("onTimeRate") == std::string::npos);
  CHECK(json.body.find("averageWorkingDaysUsed") == std::string::npos);
  CHECK(json.body.find(R"("received":"0")") != std::string::npos);

  const HttpReply csv = r.get("from=2025-01-01&to=2025-01-31&groupBy=office", "text/csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find("\r\nhall-1,,0,0,0,0,0,0,0,0,,,,,0,0,3,2,2\r\n") != std::string::npos);
  CHECK(csv.body.find("\r\nhall-2,,0,0,0,0,0,0,0,0,,,,,0,0,3,1,3\r\n") != std::string::npos);
  CHECK(csv.body.find("\r\n合计,,0,0,0,0,0,0,0,0,,,,,0,0,6,3,5\r\n") != std::string::npos);
}

TEST_CASE("the summary names a missing or wrong parameter, and is for approvers and supervisors", "[http][report]") {
  TestServer server;
  const std::string supervisor = server.token(v1::SUPERVISOR);
  const std::string approver = server.token(v1::APPROVER);
  const std::string clerk = server.token(v1::CLERK, "", "hall-1");
  HttpClient client = server.client();
  auto get = [&](const std::string& query, const std::string& token) {
    return client.request("GET", "/v1/reports/summary?" + query, "", TestServer::as(token));
  };
  const std::pair<std::string, std::string> refused[] = {
      {"to=2026-11-13&groupBy=item", "from"},
      {"from=2026-11-02&groupBy=item", "to"},
      {"from=2026-11-02&to=2026-11-13", "groupBy"},
      {"from=2026-11-31&to=2026-12-13&groupBy=item", "from"},
      {"from=2026-11-02&to=13.11.2026&groupBy=item", "to"},
      {"from=2026-11-13&to=2026-11-02&groupBy=item", "to"},
      {"from=2026-11-02&to=2026-11-13&groupBy=desk", "groupBy"},
  };
  for (const auto& [query, field] : refused) {
    const HttpReply r = get(query, supervisor);
    INFO(query << " -> " << r.body);
    CHECK(r.status == 400);
    CHECK(r.body.find(R"("field":")" + field + "\"") != std::string::npos);
  }
  CHECK(get("from=2026-11-02&to=2026-11-13&groupBy=item", approver).status == 200);
  CHECK(get("from=2026-11-02&to=2026-11-13&groupBy=item", clerk).status == 403);
  CHECK(client.request("GET", "/v1/reports/summary?from=2026-11-02&to=2026-11-13&groupBy=item").status == 401);
}

}  // namespace oneseal::testing
