// Who may call what: every route of the router against every kind of caller, with the status
// each cell must answer, on real cases in the state where the command is valid for the right
// role (so that 200 against 403 means something); then the object-level refusals (another
// office, another department's branch), a supervisor who may not write, revoked and garbage
// tokens, and the error body of the refusals.
#include <catch2/catch.hpp>

#include <google/protobuf/dynamic_message.h>

#include <array>
#include <functional>
#include <memory>
#include <set>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

using food::Case;
using food::State;

// The columns of the matrix.
enum Who { kClerk1, kClerk2, kScjg, kWjw, kApprover, kSupervisor, kAdmin, kNoToken, kRevoked, kGarbage, kWhoCount };
constexpr const char* kWhoNames[kWhoCount] = {"CLERK hall-1",  "CLERK hall-2", "REVIEWER scjg", "REVIEWER wjw",
                                              "APPROVER",      "SUPERVISOR",   "ADMINISTRATOR", "no token",
                                              "revoked token", "garbage token"};

struct Row {
  const char* route;  // "METHOD pattern", as in the router
  std::array<int, kWhoCount> status;
};

// clang-format off
// Every route of the router, and what each caller gets. The cases are food licences filed at
// hall-1 (branches "market" of scjg and "health" of wjw), each command sent to a new case in
// the state where it is valid (the comment on the right), with a body valid for the right role:
// so no cell here is 409, and 200 against 403 is the role's doing. Commands in a state that
// does not allow them are the table of the last test of this file (409 for a role that may
// give the command, 403 for one that may not).
//
//                                               CLERK  CLERK  REVIEW REVIEW APPROV SUPERV ADMIN  no     revoked garbage
//                                               hall-1 hall-2 scjg   wjw                         token  token   token
const Row kMatrix[] = {
    {"POST /v1/cases",                         {{201,   201,   403,   403,   403,   403,   403,   401,   401,    401}}},
    {"GET /v1/cases",                          {{200,   200,   200,   200,   200,   200,   403,   401,   401,    401}}},
    {"GET /v1/cases/{id}",                     {{200,   403,   200,   200,   200,   200,   403,   401,   401,    401}}},  // IN_REVIEW
    {"GET /v1/cases/{id}/events",              {{200,   403,   200,   200,   200,   200,   403,   401,   401,    401}}},  // IN_REVIEW
    {"POST /v1/cases/{id}:accept",             {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // SUBMITTED
    {"POST /v1/cases/{id}:reject",             {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // SUBMITTED
    {"POST /v1/cases/{id}:requestSupplement",  {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // SUBMITTED, 2 materials missing
    {"POST /v1/cases/{id}:provideSupplement",  {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // AWAITING_SUPPLEMENT
    {"POST /v1/cases/{id}:recordOpinion",      {{403,   403,   200,   403,   403,   403,   403,   401,   401,    401}}},  // IN_REVIEW, branch "market"
    {"POST /v1/cases/{id}:recordInspection",   {{403,   403,   200,   200,   403,   403,   403,   401,   401,    401}}},  // IN_REVIEW, step "on_site"
    {"POST /v1/cases/{id}:pauseClock",         {{403,   403,   200,   200,   200,   403,   403,   401,   401,    401}}},  // IN_REVIEW
    {"POST /v1/cases/{id}:resumeClock",        {{403,   403,   200,   200,   200,   403,   403,   401,   401,    401}}},  // IN_REVIEW, paused
    {"POST /v1/cases/{id}:extend",             {{403,   403,   403,   403,   200,   403,   403,   401,   401,    401}}},  // IN_REVIEW
    {"POST /v1/cases/{id}:decide",             {{403,   403,   403,   403,   200,   403,   403,   401,   401,    401}}},  // AWAITING_DECISION
    {"POST /v1/cases/{id}:seal",               {{403,   403,   403,   403,   200,   403,   403,   401,   401,    401}}},  // AWAITING_SEAL
    {"POST /v1/cases/{id}:deliver",            {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // AWAITING_DELIVERY
    {"POST /v1/cases/{id}:withdraw",           {{200,   403,   403,   403,   403,   403,   403,   401,   401,    401}}},  // IN_REVIEW
    // Public routes take no token: whatever Authorization is sent is not looked at.
    {"POST /v1/public/applications",           {{201,   201,   201,   201,   201,   201,   201,   201,   201,    201}}},
    {"GET /v1/public/progress",                {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},  // IN_REVIEW, right code
    {"POST /v1/public/supplements",            {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},  // AWAITING_SUPPLEMENT
    {"POST /v1/public/withdrawals",            {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},  // IN_REVIEW
    {"GET /v1/items",                          {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},
    {"GET /v1/items/{code}",                   {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},
    {"GET /v1/reports/timeouts",               {{403,   403,   403,   403,   200,   200,   403,   401,   401,    401}}},
    {"GET /v1/reports/summary",                {{403,   403,   403,   403,   200,   200,   403,   401,   401,    401}}},
    {"POST /v1/users",                         {{403,   403,   403,   403,   403,   403,   201,   401,   401,    401}}},
    {"POST /v1/users/{id}:revoke",             {{403,   403,   403,   403,   403,   403,   200,   401,   401,    401}}},  // a new user
    {"GET /healthz",                           {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},
    {"GET /metrics",                           {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},
    {"GET /v1/openapi.json",                   {{200,   200,   200,   200,   200,   200,   200,   200,   200,    200}}},
};
// clang-format on

// One request of a cell.
struct Call {
  std::string method, target, body;
};

// The server, its staff, the callers' headers and the requests of each route.
struct World {
  TestServer server;
  HttpClient client = server.client();
  food::Staff staff{server};
  std::string revoked_token;
  Case shared;  // an IN_REVIEW case at hall-1, for the routes that only read

  World() {
    // A user added and revoked through the API, whose token worked before.
    const HttpReply created = client.request("POST", "/v1/users", R"({"name":"离职者","role":"SUPERVISOR"})",
                                             food::bearer(staff.admin));
    REQUIRE(created.status == 201);
    v1::CreateUserResponse user;
    REQUIRE(food::parse(created.body, &user));
    revoked_token = user.token();
    REQUIRE(client.request("GET", "/v1/cases", "", food::bearer(revoked_token)).status == 200);
    REQUIRE(client.request("POST", "/v1/users/" + user.user().id() + ":revoke", "", food::bearer(staff.admin)).status ==
            200);
    shared = food::make_case(client, staff, State::kInReview);
  }

  std::map<std::string, std::string> headers(Who who) const {
    const std::map<Who, std::string> tokens = {
        {kClerk1, staff.clerk1},     {kClerk2, staff.clerk2},         {kScjg, staff.scjg},
        {kWjw, staff.wjw},           {kApprover, staff.approver},     {kSupervisor, staff.supervisor},
        {kAdmin, staff.admin},       {kRevoked, revoked_token},       {kGarbage, "os_not-a-token-this-server-gave"}};
    if (who == kNoToken) return {{"Content-Type", "application/json"}};
    return food::bearer(tokens.at(who));
  }

  Case fresh(State state) { return food::make_case(client, staff, state); }

  std::string new_user_id() {
    const HttpReply r = client.request("POST", "/v1/users", R"({"name":"临时","role":"APPROVER"})",
                                       food::bearer(staff.admin));
    REQUIRE(r.status == 201);
    v1::CreateUserResponse user;
    REQUIRE(food::parse(r.body, &user));
    return user.user().id();
  }

  // The request of route `key` for one cell: commands get a new case in their valid state.
  Call call(const std::string& key) {
    auto command = [this](State state, const std::string& verb, const std::string& body) {
      return Call{"POST", "/v1/cases/" + fresh(state).id + ":" + verb, body};
    };
    const std::string submit = std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" +
                               food::kApplicant + R"(,"materials":)" + food::kAllMaterials + "}";
    const std::map<std::string, std::function<Call()>> calls = {
        {"POST /v1/cases", [&] { return Call{"POST", "/v1/cases", submit}; }},
        {"GET /v1/cases", [&] { return Call{"GET", "/v1/cases", ""}; }},
        {"GET /v1/cases/{id}", [&] { return Call{"GET", "/v1/cases/" + shared.id, ""}; }},
        {"GET /v1/cases/{id}/events", [&] { return Call{"GET", "/v1/cases/" + shared.id + "/events", ""}; }},
        {"POST /v1/cases/{id}:accept", [&] { return command(State::kSubmitted, "accept", R"({"mode":"COMPLETE"})"); }},
        {"POST /v1/cases/{id}:reject",
         [&] { return command(State::kSubmitted, "reject", R"({"reason":"不属于本机关职权范围"})"); }},
        {"POST /v1/cases/{id}:requestSupplement",
         [&] {
           return command(State::kSubmittedIncomplete, "requestSupplement",
                          R"({"missing":[{"materialId":"safety_rules","problem":"未提交"},)"
                          R"({"materialId":"staff_health","problem":"未提交"}]})");
         }},
        {"POST /v1/cases/{id}:provideSupplement",
         [&] {
           return command(State::kAwaitingSupplement, "provideSupplement",
                          R"({"materials":["safety_rules","staff_health"]})");
         }},
        {"POST /v1/cases/{id}:recordOpinion",
         [&] {
           return command(State::kInReview, "recordOpinion", R"({"branchId":"market","verdict":"APPROVE"})");
         }},
        {"POST /v1/cases/{id}:recordInspection",
         [&] {
           return command(State::kInReview, "recordInspection",
                          R"({"stepId":"on_site","inspectors":["王检","李检"],"findings":"布局合理","passed":true})");
         }},
        {"POST /v1/cases/{id}:pauseClock",
         [&] {
           return command(State::kInReview, "pauseClock",
                          R"({"reason":"PAUSE_REASON_TESTING","expectedWorkingDays":5})");
         }},
        {"POST /v1/cases/{id}:resumeClock",
         [&] { return command(State::kPaused, "resumeClock", R"({"note":"检测完毕"})"); }},
        {"POST /v1/cases/{id}:extend",
         [&] { return command(State::kInReview, "extend", R"({"workingDays":3,"reason":"需补充核查"})"); }},
        {"POST /v1/cases/{id}:decide",
         [&] {
           return command(State::kAwaitingDecision, "decide", R"({"verdict":"APPROVE","reasons":"符合条件"})");
         }},
        {"POST /v1/cases/{id}:seal",
         [&] { return command(State::kAwaitingSeal, "seal", R"({"certificateNo":"JY13101150000002"})"); }},
        {"POST /v1/cases/{id}:deliver",
         [&] { return command(State::kAwaitingDelivery, "deliver", R"({"method":"window"})"); }},
        {"POST /v1/cases/{id}:withdraw",
         [&] { return command(State::kInReview, "withdraw", R"({"reason":"申请人撤回"})"); }},
        {"POST /v1/public/applications",
         [&] {
           return Call{"POST", "/v1/public/applications",
                       std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + food::kApplicant +
                           R"(,"materials":)" + food::kAllMaterials + "}"};
         }},
        {"GET /v1/public/progress",
         [&] { return Call{"GET", "/v1/public/progress?caseNo=" + shared.id + "&code=" + shared.code, ""}; }},
        {"POST /v1/public/supplements",
         [&] {
           const Case c = fresh(State::kAwaitingSupplement);
           return Call{"POST", "/v1/public/supplements",
                       R"({"caseNo":")" + c.id + R"(","code":")" + c.code +
                           R"(","materials":["safety_rules","staff_health"]})"};
         }},
        {"POST /v1/public/withdrawals",
         [&] {
           const Case c = fresh(State::kInReview);
           return Call{"POST", "/v1/public/withdrawals",
                       R"({"caseNo":")" + c.id + R"(","code":")" + c.code + R"(","reason":"不办了"})"};
         }},
        {"GET /v1/items", [&] { return Call{"GET", "/v1/items", ""}; }},
        {"GET /v1/items/{code}", [&] { return Call{"GET", std::string("/v1/items/") + food::kItem, ""}; }},
        {"GET /v1/reports/timeouts", [&] { return Call{"GET", "/v1/reports/timeouts", ""}; }},
        {"GET /v1/reports/summary",
         [&] { return Call{"GET", "/v1/reports/summary?from=2026-11-01&to=2026-11-30&groupBy=office", ""}; }},
        {"POST /v1/users", [&] { return Call{"POST", "/v1/users", R"({"name":"新同事","role":"APPROVER"})"}; }},
        {"POST /v1/users/{id}:revoke", [&] { return Call{"POST", "/v1/users/" + new_user_id() + ":revoke", ""}; }},
        {"GET /healthz", [&] { return Call{"GET", "/healthz", ""}; }},
        {"GET /metrics", [&] { return Call{"GET", "/metrics", ""}; }},
        {"GET /v1/openapi.json", [&] { return Call{"GET", "/v1/openapi.json", ""}; }},
    };
    auto it = calls.find(key);
    if (it == calls.end()) return Call{};
    return it->second();
  }
};

std::string key_of(const http::Route& route) { return route.method + " " + route.pattern; }

const char* code_of_status(int status) {
  switch (status) {
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 409:
      return "FAILED_PRECONDITION";
    default:
      return "";
  }
}

std::string detail(const v1::Error& error, const std::string& key) {
  auto it = error.details().find(key);
  return it == error.details().end() ? "<no detail " + key + ">" : it->second;
}

// An error answer: a v1.Error with the code of its status and a message; 401 with the challenge.
void check_error_body(const HttpReply& r) {
  v1::Error error;
  INFO("error body: " << r.body);
  REQUIRE(food::parse(r.body, &error));
  if (*code_of_status(r.status)) CHECK(error.code() == code_of_status(r.status));
  CHECK_FALSE(error.message().empty());
  if (r.status == 401 || r.status == 403) CHECK(error.field().empty());
  if (r.status == 401) CHECK(r.header("www-authenticate") == "Bearer");
}

// A successful JSON answer parses as the route's answer message.
void check_answer_body(const http::Route& route, const HttpReply& r) {
  if (!route.response || r.header("content-type") != "application/json") return;
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(route.response)->New());
  INFO("answer body: " << r.body);
  CHECK(google::protobuf::util::JsonStringToMessage(r.body, message.get()).ok());
}

}  // namespace

TEST_CASE("every route answers every kind of caller as the authorisation matrix says", "[http][authz]") {
  World world;
  const auto& routes = world.server.api().router().routes();
  REQUIRE(routes.size() >= 20);

  // The table and the router name the same routes: a new route needs its row.
  std::set<std::string> in_router, in_table;
  for (const auto& route : routes) in_router.insert(key_of(route));
  for (const auto& row : kMatrix) {
    INFO("table row " << row.route);
    CHECK(in_router.count(row.route) == 1);
    CHECK(in_table.insert(row.route).second);  // no row twice
  }

  for (const auto& route : routes) {
    const std::string key = key_of(route);
    const Row* row = nullptr;
    for (const auto& r : kMatrix) {
      if (key == r.route) row = &r;
    }
    if (!row) {
      FAIL_CHECK("route " << key << " has no row in the authorisation matrix");
      continue;
    }
    for (int who = 0; who < kWhoCount; ++who) {
      const Call call = world.call(key);
      if (call.method.empty()) {
        FAIL_CHECK("route " << key << " has no request in World::call");
        break;
      }
      const HttpReply r = world.client.request(call.method, call.target, call.body, world.headers(Who(who)));
      INFO(kWhoNames[who] << ": " << call.method << " " << call.target << " " << call.body << " -> " << r.status
                          << " " << r.body);
      CHECK(r.status == row->status[size_t(who)]);
      if (r.status >= 400) check_error_body(r);
      if (r.status < 300) check_answer_body(route, r);
    }
  }
}

TEST_CASE("a reviewer of wjw may not record an opinion on scjg's market branch", "[http][authz]") {
  World world;
  const Case c = world.fresh(State::kInReview);
  const std::string at = "/v1/cases/" + c.id + ":recordOpinion";
  const std::string market = R"({"branchId":"market","verdict":"APPROVE"})";
  const int64_t before = food::read_case(world.client, world.staff, c.id).version();

  const HttpReply refused = world.client.request("POST", at, market, world.headers(kWjw));
  CHECK(refused.status == 403);
  const v1::Error error = food::error_of(refused);
  CHECK(error.code() == "PERMISSION_DENIED");
  CHECK(error.message().find("wjw") != std::string::npos);
  CHECK(error.message().find("market") != std::string::npos);
  CHECK(food::read_case(world.client, world.staff, c.id).version() == before);

  // Its own branch, and scjg on market, are fine.
  CHECK(world.client.request("POST", at, R"({"branchId":"health","verdict":"APPROVE"})", world.headers(kWjw)).status ==
        200);
  CHECK(world.client.request("POST", at, market, world.headers(kScjg)).status == 200);
}

TEST_CASE("a clerk of hall-2 neither reads nor acts on a hall-1 case and lists only hall-2", "[http][authz]") {
  World world;
  const Case hall1 = world.shared;
  const Case hall2 = food::make_case(world.client, world.staff, State::kInReview, world.staff.clerk2);
  const auto as2 = world.headers(kClerk2);
  HttpClient& client = world.client;

  SECTION("reads") {
    for (const std::string& target : std::vector<std::string>{"/v1/cases/" + hall1.id, "/v1/cases/" + hall1.id + "/events"}) {
      const HttpReply r = client.request("GET", target, "", as2);
      INFO(target << " -> " << r.body);
      CHECK(r.status == 403);
      CHECK(food::error_of(r).code() == "PERMISSION_DENIED");
      CHECK(r.body.find("张") == std::string::npos);  // nothing of the case leaks
    }
    CHECK(client.request("GET", "/v1/cases/" + hall2.id, "", as2).status == 200);
  }

  SECTION("commands, in a state where the hall-1 clerk could give them") {
    const int64_t before = food::read_case(client, world.staff, hall1.id).version();
    const HttpReply r = client.request("POST", "/v1/cases/" + hall1.id + ":withdraw", R"({"reason":"x"})", as2);
    CHECK(r.status == 403);
    CHECK(food::error_of(r).code() == "PERMISSION_DENIED");
    const Case submitted = world.fresh(State::kSubmitted);
    CHECK(client.request("POST", "/v1/cases/" + submitted.id + ":accept", R"({"mode":"COMPLETE"})", as2).status == 403);
    CHECK(food::read_case(client, world.staff, hall1.id).version() == before);
    CHECK(food::read_case(client, world.staff, submitted.id).status() == v1::SUBMITTED);
  }

  SECTION("filing at another office") {
    const std::string body = std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + food::kApplicant +
                             R"(,"materials":)" + food::kAllMaterials + R"(,"office":"hall-1"})";
    const HttpReply r = client.request("POST", "/v1/cases", body, as2);
    CHECK(r.status == 403);
    CHECK(food::error_of(r).code() == "PERMISSION_DENIED");
  }

  SECTION("lists") {
    const HttpReply mine = client.request("GET", "/v1/cases", "", as2);
    REQUIRE(mine.status == 200);
    v1::ListCasesResponse list;
    REQUIRE(food::parse(mine.body, &list));
    std::set<std::string> ids;
    for (const auto& entry : list.cases()) {
      ids.insert(entry.case_id());
      CHECK(entry.office() == "hall-2");
    }
    CHECK(ids.count(hall2.id) == 1);
    CHECK(ids.count(hall1.id) == 0);

    CHECK(client.request("GET", "/v1/cases?office=hall-2", "", as2).status == 200);
    const HttpReply other = client.request("GET", "/v1/cases?office=hall-1", "", as2);
    CHECK(other.status == 403);
    CHECK(food::error_of(other).code() == "PERMISSION_DENIED");
    CHECK(other.body.find(hall1.id) == std::string::npos);

    // The approver sees both offices.
    const HttpReply all = client.request("GET", "/v1/cases", "", world.headers(kApprover));
    CHECK(all.body.find(hall1.id) != std::string::npos);
    CHECK(all.body.find(hall2.id) != std::string::npos);
  }
}

TEST_CASE("a reviewer reads and lists only cases their department reviews or is responsible for", "[http][authz]") {
  World world;
  const std::string zjj = world.server.token(v1::REVIEWER, "zjj");  // no branch in a food licence
  const HttpReply read = world.client.request("GET", "/v1/cases/" + world.shared.id, "", food::bearer(zjj));
  CHECK(read.status == 403);
  CHECK(food::error_of(read).code() == "PERMISSION_DENIED");

  const HttpReply list = world.client.request("GET", "/v1/cases", "", food::bearer(zjj));
  CHECK(list.status == 200);
  CHECK(list.body.find(world.shared.id) == std::string::npos);
  CHECK(world.client.request("GET", "/v1/cases", "", world.headers(kWjw)).body.find(world.shared.id) !=
        std::string::npos);

  const HttpReply other = world.client.request("GET", "/v1/cases?department=wjw", "", world.headers(kScjg));
  CHECK(other.status == 403);
  CHECK(food::error_of(other).code() == "PERMISSION_DENIED");
  CHECK(world.client.request("GET", "/v1/cases?department=scjg", "", world.headers(kScjg)).status == 200);
}

TEST_CASE("a supervisor reads everything and changes nothing", "[http][authz]") {
  World world;
  const Case c = world.shared;
  const auto sup = world.headers(kSupervisor);
  const int64_t before = food::read_case(world.client, world.staff, c.id).version();
  CHECK(world.client.request("GET", "/v1/cases/" + c.id, "", sup).status == 200);
  CHECK(world.client.request("GET", "/v1/cases/" + c.id + "/events", "", sup).status == 200);
  CHECK(world.client.request("GET", "/v1/reports/timeouts", "", sup).status == 200);

  int writes = 0;
  for (const auto& route : world.server.api().router().routes()) {
    if (route.method != "POST" || route.roles.empty()) continue;  // public routes need no role
    std::string target = route.pattern;
    if (const size_t at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, c.id);
    const HttpReply r = world.client.request("POST", target, R"({"reason":"督办"})", sup);
    INFO("POST " << target << " -> " << r.body);
    CHECK(r.status == 403);
    CHECK(food::error_of(r).code() == "PERMISSION_DENIED");
    CHECK(food::error_of(r).message().find("SUPERVISOR") != std::string::npos);
    ++writes;
  }
  CHECK(writes >= 15);
  CHECK(food::read_case(world.client, world.staff, c.id).version() == before);
}

TEST_CASE("revoked or garbage or malformed credentials are 401 with a Bearer challenge", "[http][authz]") {
  World world;
  HttpClient& client = world.client;
  const std::string read = "/v1/cases/" + world.shared.id;
  const std::string write = "/v1/cases/" + world.shared.id + ":withdraw";

  struct Credential {
    const char* what;
    std::string authorization;  // empty: no header
    const char* message;        // a part of the error message
  };
  const Credential credentials[] = {
      {"revoked token", "Bearer " + world.revoked_token, "unknown or revoked"},
      {"garbage token", "Bearer os_garbage", "unknown or revoked"},
      {"no header", "", "needs an Authorization"},
      {"another scheme", "Basic " + world.staff.approver, "needs an Authorization"},
      {"scheme alone", "Bearer ", "needs an Authorization"},
      {"the token without its scheme", world.staff.approver, "needs an Authorization"},
  };
  for (const auto& c : credentials) {
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!c.authorization.empty()) headers["Authorization"] = c.authorization;
    for (const auto& [method, target] : {std::pair<std::string, std::string>{"GET", read}, {"POST", write}}) {
      const HttpReply r = client.request(method, target, method == "POST" ? R"({"reason":"x"})" : "", headers);
      INFO(c.what << ": " << method << " " << target << " -> " << r.status << " " << r.body);
      CHECK(r.status == 401);
      CHECK(r.header("www-authenticate") == "Bearer");
      const v1::Error error = food::error_of(r);
      CHECK(error.code() == "UNAUTHENTICATED");
      CHECK(error.message().find(c.message) != std::string::npos);
      CHECK(error.field().empty());
      CHECK(r.body.find("张") == std::string::npos);
    }
  }
  CHECK(food::read_case(client, world.staff, world.shared.id).status() == v1::IN_REVIEW);

  // The scheme is case-insensitive (RFC 9110 §11.1).
  CHECK(client.request("GET", read, "", {{"Authorization", "bearer " + world.staff.approver}}).status == 200);
}

// A command that the case's state does not allow: 409 (with the state and the commands it
// allows) for a role that may give it, and 403 for one that may not, whatever the state. The
// case is the food licence IN_REVIEW at hall-1.
TEST_CASE("a command the state does not allow is 409 for a role that may give it and 403 for others", "[http][authz]") {
  struct InvalidRow {
    const char* verb;
    const char* body;
    std::array<int, 5> status;  // CLERK hall-1, CLERK hall-2, REVIEWER scjg, REVIEWER wjw, APPROVER
  };
  // clang-format off
  //                                                                                 CLERK  CLERK  REVIEW REVIEW APPROV
  //                                                                                 hall-1 hall-2 scjg   wjw
  const InvalidRow rows[] = {
      {"accept",            R"({"mode":"COMPLETE"})",                               {{409,   403,   403,   403,   403}}},
      {"reject",            R"({"reason":"不属于本机关职权范围"})",                 {{409,   403,   403,   403,   403}}},
      {"requestSupplement", R"({"missing":[{"materialId":"staff_health"}]})",      {{409,   403,   403,   403,   403}}},
      {"resumeClock",       R"({"note":"未暂停"})",                                 {{403,   403,   409,   409,   409}}},
      {"decide",            R"({"verdict":"APPROVE","reasons":"符合条件"})",        {{403,   403,   403,   403,   409}}},
      {"seal",              R"({"certificateNo":"JY1"})",                           {{403,   403,   403,   403,   409}}},
      {"deliver",           R"({"method":"window"})",                               {{409,   403,   403,   403,   403}}},
  };
  // clang-format on
  const Who columns[] = {kClerk1, kClerk2, kScjg, kWjw, kApprover};
  World world;
  const Case c = world.shared;
  for (const auto& row : rows) {
    for (size_t i = 0; i < std::size(columns); ++i) {
      const HttpReply r = world.client.request("POST", "/v1/cases/" + c.id + ":" + row.verb, row.body,
                                               world.headers(columns[i]));
      INFO(kWhoNames[columns[i]] << " :" << row.verb << " on IN_REVIEW -> " << r.status << " " << r.body);
      CHECK(r.status == row.status[i]);
      if (r.status != row.status[i]) continue;  // one failure per cell
      const v1::Error error = food::error_of(r);
      if (row.status[i] == 409) {
        CHECK(error.code() == "FAILED_PRECONDITION");
        if (std::string(row.verb) != "resumeClock") {
          CHECK(detail(error, "status") == "IN_REVIEW");
          CHECK(detail(error, "allowed").find("recordOpinion") != std::string::npos);
        }
      } else {
        CHECK(error.code() == "PERMISSION_DENIED");
        CHECK(error.details().count("allowed") == 0);  // the state is not told to who may not act
      }
    }
  }
  CHECK(food::read_case(world.client, world.staff, c.id).status() == v1::IN_REVIEW);
}

}  // namespace oneseal::testing
