// The contract documents itself, and the supervisors' timeout report reads the deadline index.
#include <catch2/catch.hpp>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "tests/http/test_server.h"

namespace oneseal::testing {

TEST_CASE("the OpenAPI document lists every route with its method, body and answer", "[http][contract]") {
  TestServer server;
  const HttpReply r = server.client().request("GET", "/v1/openapi.json");
  REQUIRE(r.status == 200);
  google::protobuf::Struct doc;
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.body, &doc).ok());
  const auto& paths = doc.fields().at("paths").struct_value().fields();
  const auto& schemas = doc.fields().at("components").struct_value().fields().at("schemas").struct_value().fields();
  int routes = 0;
  for (const auto& route : server.api().router().routes()) {
    ++routes;
    INFO(route.method << " " << route.pattern);
    REQUIRE(paths.count(route.pattern) == 1);
    std::string method = route.method;
    for (auto& c : method) c = char(std::tolower(c));
    const auto& operations = paths.at(route.pattern).struct_value().fields();
    REQUIRE(operations.count(method) == 1);
    const auto& op = operations.at(method).struct_value().fields();
    CHECK(op.at("summary").string_value() == route.summary);
    if (route.body) CHECK(schemas.count(route.body->full_name()) == 1);
    if (route.response) CHECK(schemas.count(route.response->full_name()) == 1);
    CHECK(op.count("security") == (route.roles.empty() ? 0 : 1));
  }
  CHECK(routes >= 25);
  CHECK(schemas.count("oneseal.v1.Error") == 1);
  // Nested messages are described too, with protobuf's JSON names.
  const auto& applicant = schemas.at("oneseal.v1.Applicant").struct_value().fields().at("properties").struct_value();
  CHECK(applicant.fields().count("idNumber") == 1);
}

TEST_CASE("the timeout report lists clocks at yellow and red, red first, in JSON and CSV", "[http][contract]") {
  TestServer server("2026-11-02T09:00:00+08:00");
  const std::string clerk = server.token(v1::CLERK, "", "hall-1");
  const std::string supervisor = server.token(v1::SUPERVISOR);
  HttpClient client = server.client();
  const auto submission = food_submission();
  std::string body;
  google::protobuf::util::MessageToJsonString(submission.submit(), &body);
  const HttpReply filed = client.request("POST", "/v1/cases", body, TestServer::as(clerk));
  REQUIRE(filed.status == 201);
  v1::CaseResponse answer;
  REQUIRE(google::protobuf::util::JsonStringToMessage(filed.body, &answer).ok());
  const std::string id = answer.case_().id();
  REQUIRE(client.request("POST", "/v1/cases/" + id + ":accept", R"({"mode":"COMPLETE"})", TestServer::as(clerk))
              .status == 200);

  auto report = [&](const std::string& as_of, const std::string& accept = "application/json") {
    auto headers = TestServer::as(supervisor);
    headers["Accept"] = accept;
    return client.request("GET", "/v1/reports/timeouts?asOf=" + as_of, "", headers);
  };
  // Accepted Monday 2 November: the promise of 5 working days counts from the next day, 3, 4,
  // 5, 6 and 9 November.
  v1::TimeoutReport green;
  REQUIRE(google::protobuf::util::JsonStringToMessage(report("2026-11-03T09:00:00%2B08:00").body, &green).ok());
  CHECK(green.rows_size() == 0);

  v1::TimeoutReport late;
  const HttpReply r = report("2026-11-10T09:00:00%2B08:00");
  REQUIRE(r.status == 200);
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.body, &late).ok());
  CHECK(late.as_of() == "2026-11-10T09:00:00+08:00");
  REQUIRE(late.rows_size() >= 3);
  CHECK(late.rows(0).alert_level() == "RED");
  bool promised = false, market = false;
  for (const auto& row : late.rows()) {
    CHECK(row.case_id() == id);
    if (row.clock() == "promised") {
      promised = true;
      CHECK(row.deadline() == "2026-11-09");
      CHECK(row.department() == "scjg");
      CHECK(row.alert_level() == "RED");
    }
    if (row.clock() == "market") market = row.department() == "scjg";
  }
  CHECK(promised);
  CHECK(market);

  const HttpReply csv = report("2026-11-10T09:00:00%2B08:00", "text/csv");
  CHECK(csv.status == 200);
  CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
  CHECK(csv.body.rfind("\xEF\xBB\xBF办件编号,", 0) == 0);
  CHECK(csv.body.find(id + ",XK-SCJG-00012-000,hall-1,promised,scjg,2026-11-09,RED\r\n") != std::string::npos);

  const HttpReply bad = report("yesterday");
  CHECK(bad.status == 400);
  CHECK(bad.body.find(R"("field":"asOf")") != std::string::npos);
}

}  // namespace oneseal::testing
