// What the API answers to bad input: a table of requests, each with its status and the
// `field` of the v1.Error it must name; none may be a 5xx, and the server must go on serving.
// Then the multi-step cases: Idempotency-Key replays and reuse, and text that looks like SQL or
// holds control characters, which is stored and returned as it was sent.
#include <catch2/catch.hpp>

#include <google/protobuf/util/message_differencer.h>

#include <map>
#include <vector>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

using food::Case;
using food::State;
using Headers = std::map<std::string, std::string>;

std::string submit_body(const std::string& item = food::kItem, const std::string& applicant = food::kApplicant,
                        const std::string& extra = "") {
  return R"({"itemCode":")" + item + R"(","applicant":)" + applicant + R"(,"materials":)" + food::kAllMaterials +
         extra + "}";
}

// {"x":{"x":...1...}}, `depth` objects deep.
std::string nested(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += R"({"x":)";
  s += "1";
  for (int i = 0; i < depth; ++i) s += "}";
  return s;
}

std::string detail(const v1::Error& error, const std::string& key) {
  auto it = error.details().find(key);
  return it == error.details().end() ? "<no detail " + key + ">" : it->second;
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

struct BadInput {
  std::string what;
  std::string method, target, body;
  Headers headers;
  int status;
  std::string field;  // the v1.Error's field; "" when the error is about no field
  std::map<std::string, std::string> details{};  // details the error must carry (a part of each value)
  std::string allow{};                            // the Allow header of a 405
};

}  // namespace

TEST_CASE("bad input is refused with its status and the field it is about and never a 5xx", "[http][input]") {
  TestServer server;
  HttpClient client = server.client();
  const food::Staff staff(server);
  const Case review = food::make_case(client, staff, State::kInReview);
  const Case review2 = food::make_case(client, staff, State::kInReview);
  const int64_t version2 = food::read_case(client, staff, review2.id).version();

  const Headers clerk = food::bearer(staff.clerk1), approver = food::bearer(staff.approver),
                scjg = food::bearer(staff.scjg), supervisor = food::bearer(staff.supervisor),
                admin = food::bearer(staff.admin), none = {{"Content-Type", "application/json"}};
  auto with = [](Headers h, const std::string& name, const std::string& value) {
    h[name] = value;
    return h;
  };
  const std::string at = "/v1/cases/" + review.id;
  const std::string opinion = R"({"branchId":"market","verdict":"APPROVE"})";
  const std::string person_without = R"({"kind":"PERSON",)";  // an applicant missing some fields

  // clang-format off
  const std::vector<BadInput> table = {
      // JSON bodies (protobuf's JSON mapping)
      {"unknown JSON field", "POST", "/v1/cases", submit_body(food::kItem, food::kApplicant, R"(,"colour":"red")"), clerk, 400, "colour"},
      {"unknown JSON field inside a message", "POST", "/v1/cases", submit_body(food::kItem, R"({"kind":"PERSON","nme":"张三","name":"张三","idNumber":"1","phone":"1"})"), clerk, 400, "applicant.nme"},
      {"wrong JSON type: itemCode a number", "POST", "/v1/cases", R"({"itemCode":12,"applicant":)" + std::string(food::kApplicant) + "}", clerk, 400, "itemCode"},
      {"wrong JSON type: materials a string", "POST", "/v1/cases", R"({"itemCode":"XK-SCJG-00012-000","applicant":)" + std::string(food::kApplicant) + R"(,"materials":"application"})", clerk, 400, "materials"},
      {"wrong JSON type: applicant a string", "POST", "/v1/cases", R"({"itemCode":"XK-SCJG-00012-000","applicant":"张三"})", clerk, 400, "applicant"},
      {"wrong JSON type: expectedWorkingDays a word", "POST", at + ":pauseClock", R"({"reason":"PAUSE_REASON_TESTING","expectedWorkingDays":"five"})", approver, 400, "expectedWorkingDays"},
      {"bad enum value in a nested message", "POST", "/v1/cases", submit_body(food::kItem, R"({"kind":"ALIEN","name":"张三","idNumber":"1","phone":"1"})"), clerk, 400, "applicant.kind"},
      {"bad enum value", "POST", "/v1/cases", submit_body(food::kItem, food::kApplicant, R"(,"channel":"TELEPATHY")"), clerk, 400, "channel"},
      {"a number too large for an int32", "POST", at + ":pauseClock", R"({"reason":"PAUSE_REASON_TESTING","expectedWorkingDays":99999999999})", approver, 400, "expectedWorkingDays"},
      {"a fraction for an int32", "POST", at + ":extend", R"({"workingDays":1.5,"reason":"x"})", approver, 400, "workingDays"},
      {"bad enum value of a command", "POST", at + ":recordOpinion", R"({"branchId":"market","verdict":"MAYBE"})", scjg, 400, "verdict"},
      {"malformed JSON", "POST", "/v1/cases", R"({"itemCode":)", clerk, 400, "body"},
      {"JSON with trailing garbage", "POST", "/v1/cases", submit_body() + " x", clerk, 400, "body"},
      {"JSON nested 40 deep", "POST", "/v1/cases", nested(40), clerk, 400, "body"},
      {"JSON root an array", "POST", "/v1/cases", "[]", clerk, 400, "body"},
      {"JSON root a string", "POST", "/v1/cases", R"("XK-SCJG-00012-000")", clerk, 400, "body"},
      {"JSON root a number", "POST", "/v1/cases", "42", clerk, 400, "body"},
      {"JSON root null", "POST", "/v1/cases", "null", clerk, 400, "body"},
      // The parser does not say where the bad bytes are: the body is at fault. The answer,
      // JSON or binary, must itself be valid UTF-8 (a proto3 string cannot hold anything else).
      {"JSON string not UTF-8", "POST", "/v1/cases", submit_body(food::kItem, "{\"kind\":\"PERSON\",\"name\":\"\xff\xfe\",\"idNumber\":\"1\",\"phone\":\"1\"}"), clerk, 400, "body"},
      {"JSON string not UTF-8, answer in binary", "POST", "/v1/cases", submit_body(food::kItem, "{\"kind\":\"PERSON\",\"name\":\"\xff\xfe\",\"idNumber\":\"1\",\"phone\":\"1\"}"), with(clerk, "Accept", "application/x-protobuf"), 400, "body"},
      {"bad JSON on a public route", "POST", "/v1/public/applications", R"({"itemCode":1})", none, 400, "itemCode"},
      {"unknown field on a public route", "POST", "/v1/public/withdrawals", R"({"caseNo":"x","code":"1","why":"x"})", none, 400, "why"},
      {"bad enum value of a user", "POST", "/v1/users", R"({"name":"某人","role":"BOSS"})", admin, 400, "role"},
      // Body formats and answer formats
      {"unsupported Content-Type", "POST", "/v1/cases", submit_body(), with(clerk, "Content-Type", "text/plain"), 415, "Content-Type"},
      {"XML body", "POST", "/v1/cases", "<submit/>", with(clerk, "Content-Type", "application/xml"), 415, "Content-Type"},
      {"a body without Content-Type", "POST", "/v1/cases", submit_body(), Headers{{"Authorization", "Bearer " + staff.clerk1}}, 415, "Content-Type"},
      {"Accept only text/html", "GET", at, "", with(approver, "Accept", "text/html"), 406, "Accept"},
      {"Accept text/csv where no CSV is served", "GET", at, "", with(approver, "Accept", "text/csv"), 406, "Accept"},
      {"binary body that is not a protobuf", "POST", "/v1/cases", "\xff\xff\xff\xff\x0f", with(clerk, "Content-Type", "application/x-protobuf"), 400, "body"},
      // Paths and methods
      {"a case number that does not exist", "GET", "/v1/cases/OS2026110299999999", "", approver, 404, ""},
      {"a case id that is no case number", "GET", "/v1/cases/not-a-case", "", approver, 404, ""},
      {"a command on a case that does not exist", "POST", "/v1/cases/OS2026110299999999:withdraw", R"({"reason":"x"})", clerk, 404, ""},
      {"an unknown command", "POST", at + ":approveEverything", "{}", approver, 404, ""},
      {"a malformed %-escape in the path", "GET", "/v1/cases/%zz", "", approver, 400, "path"},
      {"an item that does not exist", "GET", "/v1/items/XK-NOPE-00000-000", "", none, 404, ""},
      {"a case id of 8000 characters", "GET", "/v1/cases/" + std::string(8000, '9'), "", approver, 404, ""},
      {"a case id that is a NUL", "GET", "/v1/cases/%00", "", approver, 404, ""},
      {"a case id that is not UTF-8", "GET", "/v1/cases/%FF%FE", "", approver, 404, ""},
      {"a case id that is not UTF-8, answer in binary", "GET", "/v1/cases/%FF%FE", "", with(approver, "Accept", "application/x-protobuf"), 404, ""},
      {"an item code that is not UTF-8", "GET", "/v1/items/%FF", "", none, 404, ""},
      {"revoking a user that does not exist", "POST", "/v1/users/u000000000000:revoke", "", admin, 404, ""},
      {"unknown route", "GET", "/v1/nothing", "", approver, 404, ""},
      {"unknown route below a known one", "GET", at + "/events/1", "", approver, 404, ""},
      {"wrong method on a case", "DELETE", at, "", approver, 405, "", {}, "GET, OPTIONS"},
      {"wrong method on the cases", "PUT", "/v1/cases", "{}", clerk, 405, "", {}, "POST, GET, OPTIONS"},
      {"wrong method on a command", "GET", at + ":accept", "", clerk, 405, "", {}, "POST, OPTIONS"},
      // What the engine checks
      {"missing applicant.name", "POST", "/v1/cases", submit_body(food::kItem, person_without + R"("idNumber":"110101199003071234","phone":"13912345678"})"), clerk, 400, "applicant.name"},
      {"missing applicant.idNumber", "POST", "/v1/cases", submit_body(food::kItem, person_without + R"("name":"张三","phone":"13912345678"})"), clerk, 400, "applicant.idNumber"},
      {"a case number chosen by the client", "POST", "/v1/cases", submit_body(food::kItem, food::kApplicant, R"(,"caseId":"OS2026110200000001")"), clerk, 400, "caseId"},
      {"item not in the catalogue", "POST", "/v1/cases", submit_body("XK-NOPE-00000-000"), clerk, 400, "itemCode"},
      {"a material the item does not list", "POST", "/v1/cases", R"({"itemCode":"XK-SCJG-00012-000","applicant":)" + std::string(food::kApplicant) + R"(,"materials":["cheque"]})", clerk, 400, "materials"},
      {"a branch that is not under review", "POST", at + ":recordOpinion", R"({"branchId":"fire","verdict":"APPROVE"})", scjg, 400, "branchId"},
      {"invalid transition: seal a case in review", "POST", at + ":seal", R"({"certificateNo":"JY1"})", approver, 409, "", {{"status", "IN_REVIEW"}, {"allowed", "recordOpinion"}}},
      // Preconditions
      {"If-Match naming another version", "POST", "/v1/cases/" + review2.id + ":recordOpinion", opinion, with(scjg, "If-Match", "\"1\""), 412, "", {{"ifMatch", "\"1\""}, {"version", std::to_string(version2)}}},
      {"malformed If-Match", "POST", at + ":seal", R"({"certificateNo":"JY1"})", with(approver, "If-Match", "version-3"), 400, "If-Match"},
      {"If-Match with a negative version", "POST", at + ":seal", R"({"certificateNo":"JY1"})", with(approver, "If-Match", "\"-1\""), 400, "If-Match"},
      {"Idempotency-Key too long", "POST", "/v1/cases", submit_body(), with(clerk, "Idempotency-Key", std::string(129, 'k')), 400, "Idempotency-Key"},
      {"Idempotency-Key with spaces", "POST", "/v1/cases", submit_body(), with(clerk, "Idempotency-Key", "key with spaces"), 400, "Idempotency-Key"},
      {"Idempotency-Key not ASCII", "POST", "/v1/cases", submit_body(), with(clerk, "Idempotency-Key", "键"), 400, "Idempotency-Key"},
      // Query parameters
      {"list: unknown state", "GET", "/v1/cases?state=NOPE", "", approver, 400, "state"},
      {"list: state that looks like SQL", "GET", "/v1/cases?state=IN_REVIEW%27%20OR%201%3D1--", "", approver, 400, "state"},
      {"list: unknown alert level", "GET", "/v1/cases?alertLevel=PURPLE", "", approver, 400, "alertLevel"},
      {"list: item not in the catalogue", "GET", "/v1/cases?item=%27%20OR%20%271%27%3D%271", "", approver, 400, "item"},
      {"list: item not UTF-8", "GET", "/v1/cases?item=%FF", "", approver, 400, "item"},
      {"list: state not UTF-8", "GET", "/v1/cases?state=%C3%28", "", approver, 400, "state"},
      {"list: pageSize 0", "GET", "/v1/cases?pageSize=0", "", approver, 400, "pageSize"},
      {"list: pageSize 1000", "GET", "/v1/cases?pageSize=1000", "", approver, 400, "pageSize"},
      {"list: pageSize abc", "GET", "/v1/cases?pageSize=abc", "", approver, 400, "pageSize"},
      {"list: pageSize -1", "GET", "/v1/cases?pageSize=-1", "", approver, 400, "pageSize"},
      {"list: pageToken zz", "GET", "/v1/cases?pageToken=zz", "", approver, 400, "pageToken"},
      {"list: pageToken of odd length", "GET", "/v1/cases?pageToken=abc", "", approver, 400, "pageToken"},
      {"progress without code", "GET", "/v1/public/progress?caseNo=" + review.id, "", none, 400, "code"},
      {"progress without caseNo", "GET", "/v1/public/progress?code=" + review.code, "", none, 400, "caseNo"},
      {"report: asOf malformed", "GET", "/v1/reports/timeouts?asOf=yesterday", "", supervisor, 400, "asOf"},
      {"report: asOf not a date", "GET", "/v1/reports/timeouts?asOf=2026-13-45T09:00:00%2B08:00", "", supervisor, 400, "asOf"},
      {"report: unknown department", "GET", "/v1/reports/timeouts?department=nope", "", supervisor, 400, "department"},
      // Size
      {"a body over 1 MiB", "POST", "/v1/cases", std::string((1 << 20) + 1, ' '), clerk, 413, ""},
  };
  // clang-format on

  int rows = 0;
  for (const BadInput& row : table) {
    const HttpReply r = client.request(row.method, row.target, row.body, row.headers);
    INFO(row.what << ": " << row.method << " " << row.target << " -> " << r.status << " " << r.body);
    ++rows;
    CHECK(r.status < 500);
    CHECK(r.status == row.status);
    if (r.status != row.status) continue;  // one failure per row
    v1::Error error;
    bool parsed = false;
    if (r.header("content-type") == "application/x-protobuf") {
      CHECK((parsed = error.ParseFromString(r.body)));
    } else {
      CHECK(r.header("content-type") == "application/json");
      CHECK(valid_utf8(r.body));
      CHECK((parsed = food::parse(r.body, &error)));
    }
    if (!parsed) continue;
    CHECK(error.field() == row.field);
    CHECK_FALSE(error.code().empty());
    CHECK_FALSE(error.message().empty());
    for (const auto& [key, part] : row.details) CHECK(detail(error, key).find(part) != std::string::npos);
    if (!row.allow.empty()) CHECK(r.header("allow") == row.allow);
    if (row.status == 413) CHECK(error.code() == "RESOURCE_EXHAUSTED");
    if (row.what == "JSON nested 40 deep") CHECK(error.message().find("32") != std::string::npos);
  }
  CHECK(rows == int(table.size()));

  // Nothing of the above moved the cases, and the server still answers.
  CHECK(food::read_case(client, staff, review.id).status() == v1::IN_REVIEW);
  CHECK(food::read_case(client, staff, review2.id).version() == version2);
  const HttpReply health = server.client().request("GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == R"({"status":"ok"})");
}

TEST_CASE("the same Idempotency-Key and body replay the first answer and another body is 422",
          "[http][input]") {
  TestServer server;
  HttpClient client = server.client();
  const food::Staff staff(server);

  SECTION("a submission") {
    const auto headers = [&](const std::string& key) {
      auto h = food::bearer(staff.clerk1);
      h["Idempotency-Key"] = key;
      return h;
    };
    const HttpReply first = client.request("POST", "/v1/cases", submit_body(), headers("file-001"));
    REQUIRE(first.status == 201);
    v1::CaseResponse a;
    REQUIRE(food::parse(first.body, &a));
    CHECK_FALSE(a.replayed());
    CHECK(a.query_code().size() == 6);

    const HttpReply again = client.request("POST", "/v1/cases", submit_body(), headers("file-001"));
    CHECK(again.status == 200);
    v1::CaseResponse b;
    REQUIRE(food::parse(again.body, &b));
    CHECK(b.replayed());
    CHECK(b.case_().id() == a.case_().id());
    CHECK(b.case_().version() == a.case_().version());
    CHECK(b.events_size() == a.events_size());
    CHECK(b.query_code().empty());  // shown once only
    CHECK(again.header("etag") == first.header("etag"));

    // No second case was filed.
    const HttpReply list = client.request("GET", "/v1/cases", "", food::bearer(staff.approver));
    v1::ListCasesResponse cases;
    REQUIRE(food::parse(list.body, &cases));
    CHECK(cases.cases_size() == 1);

    const HttpReply other = client.request(
        "POST", "/v1/cases", submit_body(food::kItem, food::kApplicant, R"(,"channel":"ASSISTED")"), headers("file-001"));
    CHECK(other.status == 422);
    const v1::Error error = food::error_of(other);
    CHECK(error.code() == "INVALID_ARGUMENT");
    CHECK(error.field() == "Idempotency-Key");  // as the client wrote it, like the 400 for a malformed key

    // Keys are scoped to who sends them: another clerk's same key files their own case.
    auto theirs = food::bearer(staff.clerk2);
    theirs["Idempotency-Key"] = "file-001";
    CHECK(client.request("POST", "/v1/cases", submit_body(), theirs).status == 201);
  }

  SECTION("a command") {
    const Case c = food::make_case(client, staff, State::kInReview);
    const std::string at = "/v1/cases/" + c.id + ":recordOpinion";
    auto h = food::bearer(staff.scjg);
    h["Idempotency-Key"] = "opinion-market-1";
    const std::string body = R"({"branchId":"market","verdict":"APPROVE","reasons":"条件具备"})";

    const HttpReply first = client.request("POST", at, body, h);
    REQUIRE(first.status == 200);
    v1::CaseResponse a;
    REQUIRE(food::parse(first.body, &a));
    CHECK_FALSE(a.replayed());
    const HttpReply events_before = client.request("GET", "/v1/cases/" + c.id + "/events", "", h);
    v1::CaseEventsResponse before;
    REQUIRE(food::parse(events_before.body, &before));

    const HttpReply again = client.request("POST", at, body, h);
    CHECK(again.status == 200);
    v1::CaseResponse b;
    REQUIRE(food::parse(again.body, &b));
    CHECK(b.replayed());
    CHECK(b.case_().version() == a.case_().version());
    REQUIRE(b.events_size() == a.events_size());
    for (int i = 0; i < a.events_size(); ++i) {
      CHECK(google::protobuf::util::MessageDifferencer::Equals(a.events(i), b.events(i)));
    }
    REQUIRE(b.events_size() >= 1);
    CHECK(b.events(0).has_opinion_recorded());
    const HttpReply events_after = client.request("GET", "/v1/cases/" + c.id + "/events", "", h);
    v1::CaseEventsResponse after;
    REQUIRE(food::parse(events_after.body, &after));
    CHECK(after.events_size() == before.events_size());  // no second event

    const HttpReply other =
        client.request("POST", at, R"({"branchId":"market","verdict":"DENY","reasons":"条件不具备"})", h);
    CHECK(other.status == 422);
    CHECK(other.status < 500);
    const v1::Error error = food::error_of(other);
    CHECK(error.code() == "INVALID_ARGUMENT");
    CHECK(error.field() == "Idempotency-Key");
    CHECK(food::read_case(client, staff, c.id).version() == a.case_().version());
  }
}

TEST_CASE("text that looks like SQL or holds control characters is stored and returned verbatim", "[http][input]") {
  TestServer server;
  HttpClient client = server.client();
  const food::Staff staff(server);
  // JSON escapes for control characters, NUL included; the expected strings are what they
  // decode to.
  const std::string name_json = R"(Robert'); DROP TABLE cases;-- \u0000\u0001\u001f\t\r\n\u007f\u202e 😀 \"q\" \\)";
  const std::string name = std::string("Robert'); DROP TABLE cases;-- ") + '\0' +
                           "\x01\x1f\t\r\n\x7f\u202e 😀 \"q\" \\";
  const std::string id_json = R"(1' OR '1'='1)";
  const std::string phone_json = R"(139'; DELETE FROM events; --)";
  const std::string applicant = R"({"kind":"PERSON","name":")" + name_json + R"(","idNumber":")" + id_json +
                                R"(","phone":")" + phone_json + R"("})";

  const HttpReply filed = client.request("POST", "/v1/cases", submit_body(food::kItem, applicant),
                                         food::bearer(staff.clerk1));
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  v1::CaseResponse answer;
  REQUIRE(food::parse(filed.body, &answer));
  const std::string id = answer.case_().id();
  CHECK(answer.case_().applicant().name() == name);

  const HttpReply accepted = client.request("POST", "/v1/cases/" + id + ":accept",
                                            R"({"mode":"COMPLETE","note":"%s%n' --\u0008\u0000end"})",
                                            food::bearer(staff.clerk1));
  CHECK(accepted.status == 200);
  const std::string reasons = std::string("\"; DELETE FROM cases WHERE 1=1; --\n\t") + '\0' + "尾";
  const HttpReply opinion = client.request(
      "POST", "/v1/cases/" + id + ":recordOpinion",
      R"({"branchId":"market","verdict":"APPROVE_WITH_CONDITIONS","reasons":"\"; DELETE FROM cases WHERE 1=1; --\n\t\u0000尾","conditions":"'; --"})",
      food::bearer(staff.scjg));
  CHECK(opinion.status == 200);

  // Read back: the state, from the database and not the cache, is what was sent.
  const v1::CaseState state = food::read_case(client, staff, id);
  CHECK(state.applicant().name() == name);
  CHECK(state.applicant().id_number() == id_json);
  CHECK(state.applicant().phone() == phone_json);
  bool found = false;
  for (const auto& b : state.branch()) {
    if (b.id() != "market") continue;
    found = true;
    CHECK(b.reasons() == reasons);
    CHECK(b.conditions() == "'; --");
  }
  CHECK(found);
  auto stored = server.store().read_case(id);
  REQUIRE(stored.ok());
  REQUIRE_FALSE(stored->empty());
  CHECK(stored->front().case_submitted().applicant().name() == name);

  // Every view of the case still answers, and the tables are all there.
  const auto approver = food::bearer(staff.approver);
  for (const std::string& target : std::vector<std::string>{"/v1/cases", "/v1/cases/" + id + "/events",
                                                             "/v1/cases?state=IN_REVIEW", "/v1/reports/timeouts"}) {
    const HttpReply r = client.request("GET", target, "", approver);
    INFO(target << " -> " << r.status << " " << r.body);
    CHECK(r.status == 200);
    if (target != "/v1/reports/timeouts") CHECK(r.body.find(id) != std::string::npos);
  }
  const HttpReply progress =
      client.request("GET", "/v1/public/progress?caseNo=" + id + "&code=" + answer.query_code(), "", {});
  CHECK(progress.status == 200);
  v1::Progress view;
  CHECK(food::parse(progress.body, &view));
  CHECK(view.applicant().find("DROP TABLE") == std::string::npos);  // masked, as every name
  CHECK(client.request("GET", "/healthz").status == 200);
}

}  // namespace oneseal::testing
