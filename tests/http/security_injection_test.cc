// Injection: SQL text and control characters in every free-text field of a submission, of the
// staff's commands and of the applicants' public requests. Each field either refuses the text
// with 400 naming the field, or stores it and gives it back byte for byte in the case's events;
// the tables stay whole. (Names, ID numbers and phones with NUL and other control characters,
// and an opinion's reasons and conditions, are in bad_input_test.cc: they are stored verbatim,
// and every output escapes them. This test adds ESC, U+2028 and a lone CRLF, and every other
// field.)
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <catch2/catch.hpp>
#include <functional>
#include <vector>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

using food::Staff;

const std::vector<std::string> kAttacks = {
    "'; DROP TABLE cases; --", "\" OR 1=1 --", "\x01", "\x1b[2J\x1b[31mred", "\xe2\x80\xa8", "\r\n",
};

// `text` as a JSON string literal, escaped by protobuf's own printer.
std::string quoted(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(value, &json).ok());
  return json;
}

// Sends commands whose one free-text field carries an attack, and keeps what was stored.
class Attacker {
 public:
  Attacker(TestServer& server, const Staff& staff, const std::string& attack)
      : client_(server.client()), staff_(staff), attack_(attack) {}

  // POSTs body(text) where text is the attack behind a marker naming `field`. A 400 must name
  // the field, and then body(plain) moves the case on; any other answer must be `ok`.
  HttpReply send(const std::string& token, const std::string& target, const std::string& field,
                 const std::function<std::string(const std::string&)>& body, int ok = 200,
                 const std::string& plain = "x") {
    const std::string text = "<" + field + ">" + attack_;
    const auto headers =
        token.empty() ? std::map<std::string, std::string>{{"Content-Type", "application/json"}}
                      : food::bearer(token);
    const HttpReply r = client_.request("POST", target, body(quoted(text)), headers);
    INFO("POST " << target << " with " << field << " = " << quoted(text) << " -> " << r.status
                 << " " << r.body);
    if (r.status == 400) {
      CHECK(food::error_of(r).field().find(field) != std::string::npos);
      refused_.push_back(field);
      const HttpReply without = client_.request("POST", target, body(quoted(plain)), headers);
      INFO("the same without the attack -> " << without.status << " " << without.body);
      REQUIRE(without.status == ok);
      return without;
    }
    REQUIRE(r.status == ok);
    stored_.push_back(text);
    return r;
  }

  // Every stored text, byte for byte, in the binary protobuf of the case's events (strings are
  // written there as they are, so a search finds exactly the bytes that were kept).
  void check_stored(const std::string& case_id) {
    const HttpReply events = client_.request(
        "GET", "/v1/cases/" + case_id + "/events", "",
        {{"Authorization", "Bearer " + staff_.approver}, {"Accept", "application/x-protobuf"}});
    REQUIRE(events.status == 200);
    for (const auto& text : stored_) {
      INFO("case " << case_id << ": " << quoted(text));
      CHECK(events.body.find(text) != std::string::npos);
    }
    stored_.clear();
  }

  HttpClient& client() { return client_; }
  const std::vector<std::string>& refused() const { return refused_; }

 private:
  HttpClient client_;
  const Staff& staff_;
  const std::string attack_;
  std::vector<std::string> stored_, refused_;
};

std::string submission(const std::string& name, const std::string& id_number,
                       const std::string& phone, const char* materials) {
  return std::string(R"({"itemCode":")") + food::kItem +
         R"(","applicant":{"kind":"PERSON","name":)" + name + R"(,"idNumber":)" + id_number +
         R"(,"phone":)" + phone + R"(},"materials":)" + materials + "}";
}

std::string case_id_of(const HttpReply& r) {
  v1::CaseResponse answer;
  REQUIRE(food::parse(r.body, &answer));
  return answer.case_().id();
}

// A case from submission to delivery with the attack in each free-text field on the way; the
// applicant's fields each on a case of their own.
std::string whole_life(Attacker& a, const Staff& staff) {
  const std::string name = quoted("张小三"), id_number = quoted("110101199003071234"),
                    phone = quoted("13912345678");
  a.check_stored(case_id_of(a.send(
      staff.clerk1, "/v1/cases", "idNumber",
      [&](const std::string& t) { return submission(name, t, phone, food::kAllMaterials); }, 201,
      "110101199003071234")));
  a.check_stored(case_id_of(a.send(
      staff.clerk1, "/v1/cases", "phone",
      [&](const std::string& t) { return submission(name, id_number, t, food::kAllMaterials); },
      201, "13912345678")));
  const std::string id = case_id_of(a.send(
      staff.clerk1, "/v1/cases", "name",
      [&](const std::string& t) { return submission(t, id_number, phone, food::kKeyMaterials); },
      201, "张小三"));
  const std::string at = "/v1/cases/" + id;
  a.send(staff.clerk1, at + ":requestSupplement", "problem", [](const std::string& t) {
    return R"({"missing":[{"materialId":"safety_rules","problem":)" + t +
           R"(},{"materialId":"staff_health","problem":"未提交"}]})";
  });
  food::must(a.client(), staff.clerk1, at + ":provideSupplement",
             R"({"materials":["safety_rules","staff_health"]})");
  a.send(staff.clerk1, at + ":accept", "note",
         [](const std::string& t) { return R"({"mode":"COMPLETE","note":)" + t + "}"; });
  a.send(staff.scjg, at + ":recordInspection", "inspectors", [](const std::string& t) {
    return R"({"stepId":"on_site","inspectors":["王检",)" + t +
           R"(],"findings":"布局合理","passed":true})";
  });
  a.send(staff.scjg, at + ":recordInspection", "findings", [](const std::string& t) {
    return R"({"stepId":"on_site","inspectors":["王检","李检"],"findings":)" + t +
           R"(,"passed":true})";
  });
  a.send(staff.approver, at + ":pauseClock", "note", [](const std::string& t) {
    return R"({"reason":"PAUSE_REASON_TESTING","expectedWorkingDays":5,"note":)" + t + "}";
  });
  a.send(staff.approver, at + ":resumeClock", "note",
         [](const std::string& t) { return R"({"note":)" + t + "}"; });
  a.send(staff.approver, at + ":extend", "reason",
         [](const std::string& t) { return R"({"workingDays":3,"reason":)" + t + "}"; });
  food::must(a.client(), staff.scjg, at + ":recordOpinion",
             R"({"branchId":"market","verdict":"APPROVE"})");
  a.send(staff.wjw, at + ":recordOpinion", "reasons", [](const std::string& t) {
    return R"({"branchId":"health","verdict":"APPROVE","reasons":)" + t + "}";
  });
  // The decision's reasons and remedies carry the same text.
  a.send(staff.approver, at + ":decide", "reasons", [](const std::string& t) {
    return R"({"verdict":"APPROVE","reasons":)" + t + R"(,"remedies":)" + t + "}";
  });
  a.send(
      staff.approver, at + ":seal", "certificateNo",
      [](const std::string& t) { return R"({"certificateNo":)" + t + "}"; }, 200,
      "JY13101150000001");
  a.send(staff.clerk1, at + ":deliver", "note",
         [](const std::string& t) { return R"({"method":"window","note":)" + t + "}"; });
  a.check_stored(id);
  return id;
}

}  // namespace

TEST_CASE(
    "SQL text and control characters in every free-text field are refused by name or kept byte for "
    "byte",
    "[http][security]") {
  TestServer server;
  const Staff staff(server);
  std::vector<std::string> cases;
  for (const auto& attack : kAttacks) {
    INFO("attack " << quoted(attack));
    Attacker a(server, staff, attack);
    cases.push_back(whole_life(a, staff));

    // The refusals at intake, and a withdrawal by the clerk and by the applicant.
    const food::Case refused = food::make_case(a.client(), staff, food::State::kSubmitted);
    a.send(staff.clerk1, "/v1/cases/" + refused.id + ":reject", "reason", [](const std::string& t) {
      return R"({"reason":)" + t + R"(,"competentAuthority":"区卫健委"})";
    });
    a.check_stored(refused.id);
    const food::Case elsewhere = food::make_case(a.client(), staff, food::State::kSubmitted);
    a.send(staff.clerk1, "/v1/cases/" + elsewhere.id + ":reject", "competentAuthority",
           [](const std::string& t) {
             return R"({"reason":"不属于本机关","competentAuthority":)" + t + "}";
           });
    a.check_stored(elsewhere.id);
    const food::Case withdrawn = food::make_case(a.client(), staff, food::State::kInReview);
    a.send(staff.clerk1, "/v1/cases/" + withdrawn.id + ":withdraw", "reason",
           [](const std::string& t) { return R"({"reason":)" + t + "}"; });
    a.check_stored(withdrawn.id);
    const food::Case online = food::make_case(a.client(), staff, food::State::kInReview);
    a.send("", "/v1/public/withdrawals", "reason", [&](const std::string& t) {
      return R"({"caseNo":")" + online.id + R"(","code":")" + online.code + R"(","reason":)" + t +
             "}";
    });
    a.check_stored(online.id);
    const auto applied = a.send(
        "", "/v1/public/applications", "name",
        [](const std::string& t) {
          return submission(t, quoted("110101199003071234"), quoted("13912345678"),
                            food::kAllMaterials);
        },
        201);
    v1::PublicApplicationResponse answer;
    REQUIRE(food::parse(applied.body, &answer));
    a.check_stored(answer.case_no());
    cases.insert(cases.end(),
                 {refused.id, elsewhere.id, withdrawn.id, online.id, answer.case_no()});
    // The decision (docs/security.md): free text is kept as sent, control characters included;
    // every output escapes it. A field that starts refusing them must say so there.
    CHECK(a.refused().empty());
  }

  // The tables are whole: every case is listed, and reads as its history says.
  HttpClient client = server.client();
  const HttpReply list =
      client.request("GET", "/v1/cases?pageSize=500", "", food::bearer(staff.approver));
  REQUIRE(list.status == 200);
  for (const auto& id : cases) CHECK(list.body.find(id) != std::string::npos);
  const food::Case last = food::make_case(client, staff, food::State::kAwaitingDecision);
  CHECK(food::read_case(client, staff, last.id).status() == v1::AWAITING_DECISION);
}

}  // namespace oneseal::testing
