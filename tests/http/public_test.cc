// The applicants' public pages: application, progress by case number and query code, supplement
// and withdrawal; throttled guessing; nothing personal in any answer.
#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include "tests/http/test_server.h"

namespace oneseal::testing {

namespace {

const char* kApplication = R"({"itemCode":"XK-SCJG-00012-000",
  "applicant":{"kind":"PERSON","name":"张小三","idNumber":"110101199003071234","phone":"13912345678"},
  "materials":["application","subject_licence","id_proof","layout_and_process"]})";

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

template <typename Message>
Message parsed(const HttpReply& r) {
  Message m;
  REQUIRE(google::protobuf::util::JsonStringToMessage(r.body, &m).ok());
  return m;
}

struct Applied {
  std::string case_no, code;
};

Applied apply(HttpClient& client) {
  const HttpReply r = client.request("POST", "/v1/public/applications", kApplication, kJson);
  REQUIRE(r.status == 201);
  const auto answer = parsed<v1::PublicApplicationResponse>(r);
  return {answer.case_no(), answer.query_code()};
}

std::string progress_target(const std::string& case_no, const std::string& code) {
  return "/v1/public/progress?caseNo=" + case_no + "&code=" + code;
}

}  // namespace

TEST_CASE("an online application answers a case number and a 6-digit query code once", "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const Applied a = apply(client);
  CHECK(a.case_no.rfind("OS20261102", 0) == 0);
  CHECK(a.code.size() == 6);
  CHECK(a.code.find_first_not_of("0123456789") == std::string::npos);

  SECTION("a retry with the same Idempotency-Key answers the same case, without the code") {
    auto headers = kJson;
    headers["Idempotency-Key"] = "phone-42";
    const HttpReply first = client.request("POST", "/v1/public/applications", kApplication, headers);
    const HttpReply again = client.request("POST", "/v1/public/applications", kApplication, headers);
    CHECK(first.status == 201);
    CHECK(again.status == 200);
    CHECK(parsed<v1::PublicApplicationResponse>(again).case_no() ==
          parsed<v1::PublicApplicationResponse>(first).case_no());
    CHECK(parsed<v1::PublicApplicationResponse>(again).query_code().empty());
  }
}

TEST_CASE("progress shows the case in plain Chinese, masked, uncached, with an ETag", "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const Applied a = apply(client);
  const HttpReply r = client.request("GET", progress_target(a.case_no, a.code));
  REQUIRE(r.status == 200);
  const auto view = parsed<v1::Progress>(r);
  CHECK(view.case_no() == a.case_no);
  CHECK(view.status_text() == "已提交，待受理");
  CHECK(view.applicant() == "张*三");
  CHECK(view.received_at() == "2026-11-02T09:00:00+08:00");
  for (const char* secret : {"张小三", "110101199003071234", "13912345678", "hall-1"}) {
    CHECK(r.body.find(secret) == std::string::npos);
  }
  CHECK(r.header("cache-control") == "no-store");
  CHECK(r.header("access-control-allow-origin") == "*");
  const std::string etag = r.header("etag");
  REQUIRE(!etag.empty());

  SECTION("an unchanged page answers 304 to If-None-Match") {
    const HttpReply same = client.request("GET", progress_target(a.case_no, a.code), "", {{"If-None-Match", etag}});
    CHECK(same.status == 304);
    CHECK(same.body.empty());
  }
  SECTION("a page that changed answers in full") {
    const std::string clerk = server.token(v1::CLERK, "", "online");
    REQUIRE(client.request("POST", "/v1/cases/" + a.case_no + ":requestSupplement",
                           R"({"missing":[{"materialId":"safety_rules","problem":"not handed in"},
                                          {"materialId":"staff_health","problem":"not handed in"}]})",
                           TestServer::as(clerk))
                .status == 200);
    const HttpReply changed =
        client.request("GET", progress_target(a.case_no, a.code), "", {{"If-None-Match", etag}});
    CHECK(changed.status == 200);
    const auto now = parsed<v1::Progress>(changed);
    CHECK(now.status_text() == "待补正材料");
    CHECK(now.missing_materials_size() == 2);
    CHECK(now.next_action().find("请一次性补正") == 0);

    SECTION("the applicant hands the materials in with the code") {
      const HttpReply handed = client.request(
          "POST", "/v1/public/supplements",
          R"({"caseNo":")" + a.case_no + R"(","code":")" + a.code + R"(","materials":["safety_rules","staff_health"]})",
          kJson);
      CHECK(handed.status == 200);
      CHECK(parsed<v1::Progress>(handed).status_text() == "已提交，待受理");
    }
  }
  SECTION("the applicant withdraws with the code") {
    const HttpReply withdrawn = client.request(
        "POST", "/v1/public/withdrawals",
        R"({"caseNo":")" + a.case_no + R"(","code":")" + a.code + R"(","reason":"不再经营"})", kJson);
    CHECK(withdrawn.status == 200);
    CHECK(parsed<v1::Progress>(withdrawn).status_text() == "已办结（申请已撤回）");
  }
}

// The server keeps rendered answers per case version and bureau day: a new version and a new
// day must each show through, and the same day must answer the same page.
TEST_CASE("kept progress answers follow the case's version and the bureau day", "[http][public]") {
  TestServer server;  // Monday 2 November 2026, 09:00
  HttpClient client = server.client();
  const Applied a = apply(client);
  auto progress = [&] { return client.request("GET", progress_target(a.case_no, a.code)); };
  const HttpReply submitted = progress();
  REQUIRE(submitted.status == 200);
  CHECK(parsed<v1::Progress>(submitted).status_text() == "已提交，待受理");

  const std::string clerk = server.token(v1::CLERK, "", "online");
  REQUIRE(client.request("POST", "/v1/cases/" + a.case_no + ":accept", R"({"mode":"WITH_DEFICIENCIES","missingMaterials":["safety_rules","staff_health"]})",
                         TestServer::as(clerk))
              .status == 200);
  const HttpReply monday = progress();
  REQUIRE(monday.status == 200);
  const auto accepted = parsed<v1::Progress>(monday);
  CHECK(accepted.status_text() != "已提交，待受理");
  CHECK(monday.header("etag") != submitted.header("etag"));
  REQUIRE(accepted.working_days_left() > 1);

  server.time().advance(std::chrono::hours(14));  // 23:00, the same bureau day
  const HttpReply late = progress();
  CHECK(late.body == monday.body);
  CHECK(late.header("etag") == monday.header("etag"));

  server.time().advance(std::chrono::hours(2));  // Tuesday 01:00: one more working day counted
  const HttpReply tuesday = progress();
  REQUIRE(tuesday.status == 200);
  CHECK(parsed<v1::Progress>(tuesday).working_days_left() == accepted.working_days_left() - 1);
  CHECK(tuesday.header("etag") != monday.header("etag"));
  CHECK(client.request("GET", progress_target(a.case_no, a.code), "", {{"If-None-Match", monday.header("etag")}})
            .status == 200);
  CHECK(client.request("GET", progress_target(a.case_no, a.code), "", {{"If-None-Match", tuesday.header("etag")}})
            .status == 304);

  const HttpReply withdrawn = client.request(
      "POST", "/v1/public/withdrawals",
      R"({"caseNo":")" + a.case_no + R"(","code":")" + a.code + R"(","reason":"不再经营"})", kJson);
  REQUIRE(withdrawn.status == 200);
  const HttpReply after = progress();
  CHECK(parsed<v1::Progress>(after).status_text() == "已办结（申请已撤回）");
  CHECK(after.body == withdrawn.body);
}

TEST_CASE("an unknown case number and a wrong code get the same answer", "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const Applied a = apply(client);
  const std::string wrong = a.code == "000000" ? "000001" : "000000";
  const HttpReply wrong_code = client.request("GET", progress_target(a.case_no, wrong));
  const HttpReply unknown = client.request("GET", progress_target("OS2026110200000000", a.code));
  CHECK(wrong_code.status == 404);
  CHECK(unknown.status == wrong_code.status);
  CHECK(unknown.body == wrong_code.body);
  CHECK(unknown.headers == wrong_code.headers);
  SECTION("and a withdrawal with a wrong code changes nothing") {
    const HttpReply refused = client.request(
        "POST", "/v1/public/withdrawals", R"({"caseNo":")" + a.case_no + R"(","code":")" + wrong + R"("})", kJson);
    CHECK(refused.status == 404);
    CHECK(parsed<v1::Progress>(client.request("GET", progress_target(a.case_no, a.code))).status_text() ==
          "已提交，待受理");
  }
}

TEST_CASE("guessing query codes is throttled per case number and per client", "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const Applied a = apply(client);
  const std::string wrong = a.code == "000000" ? "000001" : "000000";

  SECTION("after 5 wrong codes for a case, even the right one waits for the window's end") {
    for (int i = 0; i < 5; ++i) CHECK(client.request("GET", progress_target(a.case_no, wrong)).status == 404);
    const HttpReply blocked = client.request("GET", progress_target(a.case_no, a.code));
    CHECK(blocked.status == 429);
    CHECK(blocked.header("retry-after") == "900");
    server.time().advance(std::chrono::minutes(10));
    CHECK(client.request("GET", progress_target(a.case_no, a.code)).header("retry-after") == "300");
    server.time().advance(std::chrono::minutes(5));
    CHECK(client.request("GET", progress_target(a.case_no, a.code)).status == 200);
  }
  SECTION("after 20 wrong codes across case numbers, the client waits") {
    for (int i = 0; i < 20; ++i) {
      const std::string case_no = "OS202611020000" + std::to_string(1000 + i);
      CHECK(client.request("GET", progress_target(case_no, "123456")).status == 404);
    }
    CHECK(client.request("GET", progress_target(a.case_no, a.code)).status == 429);
  }
}

TEST_CASE("progress needs both the case number and the code", "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const HttpReply no_code = client.request("GET", "/v1/public/progress?caseNo=OS2026110200000000");
  CHECK(no_code.status == 400);
  CHECK(no_code.body.find(R"("field":"code")") != std::string::npos);
  const HttpReply no_case = client.request("GET", "/v1/public/progress?code=123456");
  CHECK(no_case.status == 400);
  CHECK(no_case.body.find(R"("field":"caseNo")") != std::string::npos);
}


TEST_CASE("pages of any origin may call the public routes and read their answers; staff routes stay closed",
          "[http][public]") {
  TestServer server;
  HttpClient client = server.client();
  const std::map<std::string, std::string> from_elsewhere = {{"Origin", "https://h5.example.cn"}};
  auto opened = [](const HttpReply& r) {
    return r.header("access-control-allow-origin") == "*" &&
           r.header("access-control-expose-headers") == "ETag, Retry-After";
  };

  SECTION("a browser's preflight before a JSON POST with an Idempotency-Key is answered") {
    const HttpReply r = client.request("OPTIONS", "/v1/public/supplements", "",
                                       {{"Origin", "https://h5.example.cn"},
                                        {"Access-Control-Request-Method", "POST"},
                                        {"Access-Control-Request-Headers", "content-type,idempotency-key"}});
    CHECK(r.status == 204);
    CHECK(r.body.empty());
    CHECK(opened(r));
    CHECK(r.header("access-control-allow-methods") == "POST");
    CHECK(r.header("access-control-allow-headers") == "Content-Type, Accept, If-None-Match, Idempotency-Key");
    CHECK(r.header("access-control-max-age") == "86400");
    CHECK(r.header("allow") == "POST, OPTIONS");
    // A conditional GET needs one too (If-None-Match is not a simple header).
    CHECK(client.request("OPTIONS", "/v1/public/progress", "", from_elsewhere).header("access-control-allow-methods") ==
          "GET");
    CHECK(opened(client.request("OPTIONS", "/v1/items/XK-SCJG-00012-000", "", from_elsewhere)));
  }

  SECTION("answers and refusals alike carry the origin header and expose ETag and Retry-After") {
    const Applied a = apply(client);
    const HttpReply found = client.request("GET", progress_target(a.case_no, a.code), "", from_elsewhere);
    CHECK(found.status == 200);
    CHECK(opened(found));
    CHECK_FALSE(found.header("etag").empty());
    const std::string wrong = a.code == "000000" ? "111111" : "000000";
    const HttpReply refused = client.request("GET", progress_target(a.case_no, wrong), "", from_elsewhere);
    CHECK(refused.status == 404);
    CHECK(opened(refused));
    const HttpReply malformed = client.request("POST", "/v1/public/withdrawals", "{not json", kJson);
    CHECK(malformed.status == 400);
    CHECK(opened(malformed));
    const HttpReply other_method = client.request("DELETE", "/v1/public/progress");
    CHECK(other_method.status == 405);
    CHECK(opened(other_method));
    const HttpReply bad_escape = client.request("GET", "/v1/items/%zz");
    CHECK(bad_escape.status == 400);
    CHECK(opened(bad_escape));
    CHECK(opened(client.request("GET", "/v1/items")));
  }

  SECTION("staff routes answer OPTIONS with their methods only, and nothing opens them to other origins") {
    const HttpReply options = client.request("OPTIONS", "/v1/cases", "", from_elsewhere);
    CHECK(options.status == 204);
    CHECK(options.header("allow") == "POST, GET, OPTIONS");
    CHECK(options.header("access-control-allow-origin").empty());
    CHECK(options.header("access-control-allow-methods").empty());
    const HttpReply refused = client.request("GET", "/v1/cases", "", from_elsewhere);
    CHECK(refused.status == 401);
    CHECK(refused.header("access-control-allow-origin").empty());
    CHECK(client.request("OPTIONS", "/v1/nowhere").status == 404);
  }
}

}  // namespace oneseal::testing
