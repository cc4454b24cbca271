// Every item of the catalogue through its whole life over HTTP, in JSON and in binary protobuf:
// the steps come from tests/http/case_steps.h, built from each ItemDefinition; here they are
// sent with the token of the staff they name, and every answer, the closed case and its audit
// history are checked. Also one refused life, and one an applicant follows on the public pages.
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "engine/apply.h"
#include "tests/http/case_steps.h"
#include "tests/http/command_route.h"
#include "tests/http/test_server.h"
#include "tests/http/wire.h"

namespace oneseal::testing {

namespace {

using Catch::Matchers::Contains;

std::string etag_of(int64_t version) { return "\"" + std::to_string(version) + "\""; }

std::vector<std::string> types_of(const google::protobuf::RepeatedPtrField<v1::Event>& events) {
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(event_type(e));
  return types;
}

// An answer as text for failure messages: an error decoded, anything else as it came.
std::string described(const HttpReply& reply, Wire wire) {
  v1::Error error;
  if (reply.status >= 400 && parse(reply.body, wire, &error)) {
    return std::to_string(reply.status) + " " + error.ShortDebugString();
  }
  return std::to_string(reply.status) + (wire == Wire::kJson ? " " + reply.body : "");
}

// One case driven over HTTP by the staff its steps name, each with a token made on first use
// (a clerk sits at `office`). Every answer is checked against its step.
class LifeDriver {
 public:
  LifeDriver(TestServer& server, Wire wire, std::string office = "hall-1")
      : server_(server), client_(server.client()), wire_(wire), office_(std::move(office)) {}

  // A case filed some other way (the public pages), at `version`.
  void adopt(const std::string& case_id, int64_t version) {
    case_id_ = case_id;
    version_ = version;
  }
  const std::string& case_id() const { return case_id_; }
  int64_t version() const { return version_; }

  HttpReply post(const Performer& by, const v1::Command& command) {
    return client_.request("POST", target_of(command, case_id_), encoded(body_of(command), wire_),
                           wire_headers(wire_, token(by)));
  }

  // Sends the step; its answer must carry the step's events, status and stage, and the new
  // version as the body's version and the ETag.
  v1::CaseResponse send(const CaseStep& step) {
    INFO("step: " << step.label);
    const HttpReply reply = post(step.by, step.command);
    INFO("answer: " << described(reply, wire_));
    REQUIRE(reply.status == (step.command.has_submit() ? 201 : 200));
    CHECK(reply.header("content-type") == media_type(wire_));
    v1::CaseResponse answer;
    REQUIRE(parse(reply.body, wire_, &answer));
    if (step.command.has_submit()) {
      case_id_ = answer.case_().id();
      CHECK(reply.header("location") == "/v1/cases/" + case_id_);
      CHECK(answer.query_code().size() == 6);
    }
    version_ += int64_t(step.events.size());
    CHECK(types_of(answer.events()) == step.events);
    CHECK(answer.case_().version() == version_);
    CHECK(reply.header("etag") == etag_of(version_));
    CHECK(answer.case_().status() == step.status_after);
    CHECK(answer.case_().stage_id() == step.stage_after);
    CHECK_FALSE(answer.replayed());
    if (wire_ == Wire::kJson) {
      CHECK_THAT(reply.body, Contains("\"itemCode\":") && !Contains("item_code"));
    }
    // What was answered is what is kept.
    std::string etag;
    const auto read = get<v1::CaseState>("/v1/cases/" + case_id_, &etag);
    CHECK(etag == etag_of(version_));
    CHECK(google::protobuf::util::MessageDifferencer::Equals(read, answer.case_()));
    return answer;
  }

  // A GET as the receiving office's clerk, parsed; its ETag into *etag when asked.
  template <typename Message>
  Message get(const std::string& target, std::string* etag = nullptr) {
    const HttpReply reply =
        client_.request("GET", target, "", wire_headers(wire_, token({v1::CLERK, ""})));
    INFO("GET " << target << ": " << described(reply, wire_));
    REQUIRE(reply.status == 200);
    CHECK(reply.header("content-type") == media_type(wire_));
    Message message;
    REQUIRE(parse(reply.body, wire_, &message));
    if (etag) *etag = reply.header("etag");
    return message;
  }

 private:
  const std::string& token(const Performer& by) {
    std::string& token = tokens_[v1::Role_Name(by.role) + "/" + by.department];
    if (token.empty())
      token = server_.token(by.role, by.department, by.role == v1::CLERK ? office_ : "");
    return token;
  }

  TestServer& server_;
  HttpClient client_;
  const Wire wire_;
  const std::string office_;
  std::map<std::string, std::string> tokens_;  // by role and department
  std::string case_id_;
  int64_t version_ = 0;
};

// The audit history holds every step's events in order, each recorded as done by the role
// (and, for a reviewer, the department) the step names. Returns the history.
v1::CaseEventsResponse check_history(LifeDriver& driver, const std::vector<CaseStep>& steps) {
  const auto history =
      driver.get<v1::CaseEventsResponse>("/v1/cases/" + driver.case_id() + "/events");
  std::vector<std::string> types;
  std::vector<Performer> by;
  for (const CaseStep& step : steps) {
    types.insert(types.end(), step.events.begin(), step.events.end());
    by.insert(by.end(), step.events.size(), step.by);
  }
  CHECK(history.events_size() == driver.version());
  REQUIRE(history.events_size() > 0);
  CHECK(history.events(0).case_submitted().query_code_hmac().empty());  // never shown to staff
  CHECK(types_of(history.events()) == types);
  for (int i = 0; i < history.events_size() && i < int(by.size()); ++i) {
    INFO("event " << i << ": " << types[i]);
    CHECK(history.events(i).actor().role() == by[i].role);
    CHECK(history.events(i).actor().department() == by[i].department);
  }
  return history;
}

// The case as GET /v1/cases/{id} shows it once closed, its ETag the last version.
v1::CaseState closed_case(LifeDriver& driver, v1::Outcome outcome) {
  std::string etag;
  auto state = driver.get<v1::CaseState>("/v1/cases/" + driver.case_id(), &etag);
  CHECK(etag == etag_of(driver.version()));
  CHECK(state.version() == driver.version());
  CHECK(state.status() == v1::CLOSED);
  CHECK(state.outcome() == outcome);
  CHECK(state.has_closed_at());
  CHECK(state.outstanding_materials().empty());
  CHECK(state.query_code_hmac().empty());
  return state;
}

int count_steps(const std::vector<CaseStep>& steps, bool (v1::Command::*has)() const) {
  return int(std::count_if(steps.begin(), steps.end(),
                           [&](const CaseStep& s) { return (s.command.*has)(); }));
}

std::vector<std::string> item_codes() {
  std::vector<std::string> codes;
  for (const auto& [code, item] : fixtures::catalogue().items) codes.push_back(code);
  return codes;
}

}  // namespace

TEST_CASE("the life tests drive every item file, every intake route and an instant item",
          "[http][life]") {
  size_t files = 0;
  for (const auto& f : std::filesystem::directory_iterator(ONESEAL_SOURCE_DIR "/workflows/items")) {
    files += f.path().extension() == ".textproto";
  }
  CHECK(fixtures::catalogue().items.size() == files);
  std::set<Intake> routes;
  bool instant = false;
  for (const auto& [code, item] : fixtures::catalogue().items) {
    routes.insert(intake_route(item));
    instant |= item.kind() == v1::INSTANT;
  }
  CHECK(routes.count(Intake::kComplete));
  CHECK(routes.count(Intake::kPledge));
  CHECK(routes.count(Intake::kDeficiencies));
  CHECK(instant);
}

TEST_CASE("every catalogue item is granted, sealed and delivered over HTTP", "[http][life]") {
  const Wire wire = GENERATE(Wire::kJson, Wire::kProtobuf);
  const std::string code = GENERATE(from_range(item_codes()));
  const v1::ItemDefinition& item = fixtures::catalogue().items.at(code);
  INFO(wire_name(wire) << " bodies, item " << code << " " << item.name());
  const std::vector<CaseStep> steps = case_life(item);

  TestServer server;
  LifeDriver driver(server, wire);
  for (const CaseStep& step : steps) driver.send(step);

  const v1::CaseState state = closed_case(driver, v1::GRANTED);
  CHECK(state.decision() == v1::APPROVE);
  CHECK(state.certificate_no() == "证-" + code);
  CHECK(state.inspection_size() == count_steps(steps, &v1::Command::has_record_inspection));
  CHECK(state.branch_size() == count_steps(steps, &v1::Command::has_record_opinion));
  for (const auto& branch : state.branch()) {
    INFO("branch " << branch.id());
    CHECK(branch.verdict() == v1::APPROVE);
    CHECK_FALSE(branch.reviewer_id().empty());
  }
  const auto history = check_history(driver, steps);
  // Decided on the day of acceptance: within every limit, an instant item's same-day one too.
  for (const auto& e : history.events()) {
    if (e.has_decision_made()) CHECK_FALSE(e.decision_made().late());
  }
}

TEST_CASE("a branch's deny binds the approver to a refusal, which is delivered", "[http][life]") {
  // A parallel review whose deny binds: the last branch (health) denies.
  const v1::ItemDefinition& item = fixtures::catalogue().items.at("XK-SCJG-00012-000");
  REQUIRE(item.stage(0).branch_size() > 1);
  REQUIRE(item.stage(0).join_rule() == v1::DENY_BINDS);
  const std::vector<CaseStep> steps = case_life(item, Ending::kRefused);
  const auto decision = std::find_if(
      steps.begin(), steps.end(), [](const CaseStep& s) { return s.command.has_make_decision(); });
  REQUIRE(decision != steps.end());
  REQUIRE(decision->command.make_decision().verdict() == v1::DENY);

  TestServer server;
  LifeDriver driver(server, Wire::kJson);
  v1::CaseResponse last;
  for (auto step = steps.begin(); step != decision; ++step) last = driver.send(*step);
  CHECK(last.case_().refusal_proposed());
  CHECK(last.case_().refusal_binding());

  // A grant is no longer the approver's to give: refused, and nothing recorded.
  v1::Command grant = decision->command;
  grant.mutable_make_decision()->set_verdict(v1::APPROVE);
  const HttpReply refused = driver.post(decision->by, grant);
  CHECK(refused.status == 409);
  CHECK_THAT(refused.body, Contains("FAILED_PRECONDITION"));

  for (auto step = decision; step != steps.end(); ++step) driver.send(*step);
  const v1::CaseState state = closed_case(driver, v1::REFUSED);
  CHECK(state.decision() == v1::DENY);
  CHECK(state.certificate_no().empty());
  CHECK_FALSE(state.has_sealed_at());
  const auto history = check_history(driver, steps);
  const auto made = std::find_if(history.events().begin(), history.events().end(),
                                 [](const v1::Event& e) { return e.has_decision_made(); });
  REQUIRE(made != history.events().end());
  CHECK(made->decision_made().remedies() == decision->command.make_decision().remedies());
}

TEST_CASE("an applicant follows an online application on the progress page to 已办结",
          "[http][life]") {
  const v1::ItemDefinition& item = fixtures::catalogue().items.at("XK-WJW-00031-000");
  std::vector<CaseStep> steps = case_life(item);
  TestServer server;
  HttpClient phone = server.client();

  v1::PublicApplication application;
  application.set_item_code(item.code());
  *application.mutable_applicant() = steps[0].command.submit().applicant();
  *application.mutable_materials() = steps[0].command.submit().materials();
  const HttpReply filed =
      phone.request("POST", "/v1/public/applications", encoded(application, Wire::kJson),
                    wire_headers(Wire::kJson));
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  v1::PublicApplicationResponse receipt;
  REQUIRE(parse(filed.body, Wire::kJson, &receipt));
  const std::string target =
      "/v1/public/progress?caseNo=" + receipt.case_no() + "&code=" + receipt.query_code();
  auto progress = [&] {
    const HttpReply r = phone.request("GET", target);
    INFO(r.body);
    REQUIRE(r.status == 200);
    v1::Progress view;
    REQUIRE(parse(r.body, Wire::kJson, &view));
    return view;
  };

  // The staff of the online office take it from there, the applicant watching after each step.
  std::vector<std::string> texts = {progress().status_text()};
  LifeDriver driver(server, Wire::kJson, "online");
  driver.adopt(receipt.case_no(), 1);
  for (size_t i = 1; i < steps.size(); ++i) {
    driver.send(steps[i]);
    const v1::Progress view = progress();
    INFO("after " << steps[i].label);
    CHECK(view.status() == steps[i].status_after);
    if (texts.back() != view.status_text()) texts.push_back(view.status_text());
  }
  CHECK(texts == std::vector<std::string>{"已提交，待受理", "审查中", "审查完毕，待决定",
                                          "准予许可，待制证", "准予许可，已制证，待送达",
                                          "已办结（准予许可）"});
  CHECK_THAT(texts.back(), Catch::Matchers::StartsWith("已办结"));

  closed_case(driver, v1::GRANTED);
  steps[0].by = {v1::APPLICANT, ""};
  check_history(driver, steps);
}

// FAILS today, reported as a bug: the engine accepts on a pledge (告知承诺制) without the written
// pledge, because the pledge letter is an optional material (only the pledge route needs it)
// and PLEDGE checks only the non-optional ones. Not generic: no field of the catalogue says
// which material is an item's pledge letter, so it is named here by its id.
TEST_CASE("a pledge acceptance needs the written pledge itself", "[http][life]") {
  const v1::ItemDefinition& item = fixtures::catalogue().items.at("XK-XF-00001-000");
  std::vector<CaseStep> steps = case_life(item);
  REQUIRE(steps[1].command.accept().mode() == v1::PLEDGE);
  auto* materials = steps[0].command.mutable_submit()->mutable_materials();
  const auto letter = std::find(materials->begin(), materials->end(), std::string("pledge"));
  REQUIRE(letter != materials->end());
  materials->erase(letter);

  TestServer server;
  LifeDriver driver(server, Wire::kJson);
  driver.send(steps[0]);
  const HttpReply reply = driver.post(steps[1].by, steps[1].command);
  CHECK(reply.status == 409);
  CHECK_THAT(reply.body, Contains("FAILED_PRECONDITION"));
  CHECK(driver.get<v1::CaseState>("/v1/cases/" + driver.case_id()).status() == v1::SUBMITTED);
}

}  // namespace oneseal::testing
