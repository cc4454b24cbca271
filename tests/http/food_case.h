// Helpers of the authorisation and bad-input tests: staff tokens, a food business licence case
// (XK-SCJG-00012-000, branches "market" of scjg and "health" of wjw) driven over HTTP into a
// given state, and strict parsing of JSON answers into their messages.
#pragma once

#include <catch2/catch.hpp>

#include <google/protobuf/util/json_util.h>

#include <map>
#include <string>

#include "oneseal/v1/api.pb.h"
#include "tests/http/test_server.h"

namespace oneseal::testing::food {

inline constexpr const char* kItem = "XK-SCJG-00012-000";
inline constexpr const char* kApplicant =
    R"({"kind":"PERSON","name":"张小三","idNumber":"110101199003071234","phone":"13912345678"})";
// Every material of the item; kKeyMaterials leaves out the two non-key ones.
inline constexpr const char* kAllMaterials =
    R"(["application","subject_licence","id_proof","layout_and_process","safety_rules","staff_health"])";
inline constexpr const char* kKeyMaterials = R"(["application","subject_licence","id_proof","layout_and_process"])";

// Parses a JSON answer into `message`, refusing fields the message does not have.
template <typename M>
bool parse(const std::string& json, M* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return google::protobuf::util::JsonStringToMessage(json, message, options).ok();
}

inline v1::Error error_of(const HttpReply& r) {
  v1::Error e;
  if (!parse(r.body, &e)) e.set_code("<not a v1.Error: " + r.body + ">");
  return e;
}

inline std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

struct Staff {
  explicit Staff(TestServer& server)
      : clerk1(server.token(v1::CLERK, "", "hall-1")),
        clerk2(server.token(v1::CLERK, "", "hall-2")),
        scjg(server.token(v1::REVIEWER, "scjg")),
        wjw(server.token(v1::REVIEWER, "wjw")),
        approver(server.token(v1::APPROVER)),
        supervisor(server.token(v1::SUPERVISOR)),
        admin(server.token(v1::ADMINISTRATOR)) {}
  std::string clerk1, clerk2, scjg, wjw, approver, supervisor, admin;
};

// The states a food case is brought into. kSubmittedIncomplete lacks the two non-key materials;
// kPaused is IN_REVIEW with the clock paused for testing (检测).
enum class State {
  kSubmitted,
  kSubmittedIncomplete,
  kAwaitingSupplement,
  kInReview,
  kPaused,
  kAwaitingDecision,
  kAwaitingSeal,
  kAwaitingDelivery,
};

struct Case {
  std::string id;
  std::string code;  // the applicant's query code
};

// A command over HTTP that must succeed: the answer, or a failed REQUIRE naming the step.
inline HttpReply must(HttpClient& client, const std::string& token, const std::string& target,
                      const std::string& body, int status = 200) {
  const HttpReply r = client.request("POST", target, body, bearer(token));
  INFO("setting up: POST " << target << " " << body << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == status);
  return r;
}

// A new food case, filed at hall-1 by its clerk and moved into `state` by the staff who may.
inline Case make_case(HttpClient& client, const Staff& staff, State state, const std::string& office_clerk = {}) {
  const bool complete = state != State::kSubmittedIncomplete && state != State::kAwaitingSupplement;
  const std::string clerk = office_clerk.empty() ? staff.clerk1 : office_clerk;
  const HttpReply filed = must(client, clerk, "/v1/cases",
                               std::string(R"({"itemCode":")") + kItem + R"(","applicant":)" + kApplicant +
                                   R"(,"materials":)" + (complete ? kAllMaterials : kKeyMaterials) + "}",
                               201);
  v1::CaseResponse answer;
  REQUIRE(parse(filed.body, &answer));
  const Case c{answer.case_().id(), answer.query_code()};
  const std::string at = "/v1/cases/" + c.id;
  if (state == State::kSubmitted || state == State::kSubmittedIncomplete) return c;
  if (state == State::kAwaitingSupplement) {
    must(client, clerk, at + ":requestSupplement",
         R"({"missing":[{"materialId":"safety_rules","problem":"未提交"},{"materialId":"staff_health","problem":"未提交"}]})");
    return c;
  }
  must(client, clerk, at + ":accept", R"({"mode":"COMPLETE"})");
  if (state == State::kInReview) return c;
  if (state == State::kPaused) {
    must(client, staff.approver, at + ":pauseClock", R"({"reason":"PAUSE_REASON_TESTING","expectedWorkingDays":5})");
    return c;
  }
  must(client, staff.scjg, at + ":recordOpinion", R"({"branchId":"market","verdict":"APPROVE"})");
  must(client, staff.wjw, at + ":recordOpinion", R"({"branchId":"health","verdict":"APPROVE"})");
  if (state == State::kAwaitingDecision) return c;
  must(client, staff.approver, at + ":decide", R"({"verdict":"APPROVE","reasons":"符合条件"})");
  if (state == State::kAwaitingSeal) return c;
  must(client, staff.approver, at + ":seal", R"({"certificateNo":"JY13101150000001"})");
  return c;
}

// The case as the server holds it (read as the approver).
inline v1::CaseState read_case(HttpClient& client, const Staff& staff, const std::string& id) {
  const HttpReply r = client.request("GET", "/v1/cases/" + id, "", bearer(staff.approver));
  INFO("GET /v1/cases/" << id << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == 200);
  v1::CaseState state;
  REQUIRE(parse(r.body, &state));
  return state;
}

}  // namespace oneseal::testing::food
