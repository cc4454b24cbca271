// The public routes under attack: how fast query codes can be guessed with the throttles in
// place (5 wrong codes per case number and 20 per client address in 15 minutes), also from many
// addresses and many requests at once; and no personal data in any public answer.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

// A public request from `client`, answered by the Api directly (so that it may come from any
// address).
http::Request from(const std::string& client, const std::string& method, const std::string& path,
                   const std::string& query = "", const std::string& body = "") {
  http::Request r;
  r.method = method;
  r.path = path;
  r.query = query;
  r.body = body;
  r.content_type = "application/json";
  r.client = client;
  return r;
}

std::string address(int i) {
  return "10." + std::to_string(i / 65536 % 256) + "." + std::to_string(i / 256 % 256) + "." +
         std::to_string(i % 256);
}

// A wrong code for the case: any code but the right one.
std::string wrong_code(const food::Case& c, int i) {
  std::string code = std::to_string(100000 + i % 900000);
  return code == c.code ? "000000" : code;
}

}  // namespace

TEST_CASE(
    "a guesser gets 5 codes checked per case every 15 minutes, from one address or a thousand",
    "[http][security]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const food::Case target = food::make_case(client, staff, food::State::kInReview);
  const int kWindows = 8;  // two hours
  int checked = 0, guesses = 0;
  for (int window = 0; window < kWindows; ++window) {
    int checked_now = 0;
    // 2,000 guesses from 1,000 addresses, round-robin, inside one window.
    for (int i = 0; i < 2000; ++i, ++guesses) {
      const auto r = server.api().handle_now(
          from(address(i % 1000), "GET", "/v1/public/progress",
               "caseNo=" + target.id + "&code=" + wrong_code(target, guesses)));
      if (r.status == 404) ++checked_now;
      REQUIRE((r.status == 404 || r.status == 429));
    }
    CHECK(checked_now == 5);
    checked += checked_now;
    server.time().advance(std::chrono::minutes(15));
  }
  // 5 per 15 minutes: 20 an hour, 480 a day. Finding one of 1,000,000 codes takes 500,000
  // guesses on average: 1,042 days; a case's 30 days give the guesser 14,400 codes, 1.44%.
  const double per_day = checked * 24.0 / (kWindows * 0.25);
  CHECK(per_day == 480);
  const double expected_days = 1000000 / 2.0 / per_day;
  CHECK(expected_days > 1000);
  WARN("query-code guessing: " << per_day << " codes a day per case; 1,000,000 codes: "
                               << expected_days << " days on average");
}

TEST_CASE("wrong codes sent all at once are checked 5 times per case, no more",
          "[http][security][concurrency]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const food::Case target = food::make_case(client, staff, food::State::kInReview);
  // Withdrawals run on the worker pool: 200 of them, from 200 addresses, in flight together;
  // ten times, a window apart, since the race they would win is short.
  const int kGuesses = 200;
  for (int round = 0; round < 10; ++round) {
    std::mutex mutex;
    std::condition_variable done;
    int answered = 0, checked = 0;
    for (int i = 0; i < kGuesses; ++i) {
      const std::string body = R"({"caseNo":")" + target.id + R"(","code":")" +
                               wrong_code(target, i) + R"(","reason":"x"})";
      server.api().handle(from(address(i), "POST", "/v1/public/withdrawals", "", body),
                          [&](http::Response r) {
                            std::lock_guard<std::mutex> lock(mutex);
                            checked += r.status == 404;
                            ++answered;
                            done.notify_all();
                          });
    }
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, [&] { return answered == kGuesses; });
    INFO("round " << round);
    CHECK(checked == 5);
    server.time().advance(std::chrono::minutes(15));
  }
  CHECK(food::read_case(client, staff, target.id).status() == v1::IN_REVIEW);
}

TEST_CASE("behind a trusted proxy each applicant's wrong codes count against that applicant only",
          "[http][security]") {
  // 20 wrong codes per client address in 15 minutes; unknown case numbers, 5 per number at most.
  auto guess = [](HttpClient& client, const std::string& forwarded_for, int i) {
    const std::string case_no = "OS20261102090000" + std::to_string(1000 + i);
    return client.request("GET", "/v1/public/progress?caseNo=" + case_no + "&code=123456", "",
                          {{"X-Forwarded-For", forwarded_for}})
        .status;
  };
  SECTION("the proxy trusted: its X-Forwarded-For names the client") {
    http::ServerOptions options;
    options.trusted_proxies = *http::TrustedProxies::parse({"127.0.0.1"});
    TestServer server("2026-11-02T09:00:00+08:00", options);
    HttpClient client = server.client();
    for (int i = 0; i < 20; ++i) REQUIRE(guess(client, "203.0.113.7", i) == 404);
    CHECK(guess(client, "203.0.113.7", 20) == 429);
    CHECK(guess(client, "203.0.113.8", 21) == 404);  // another applicant behind the same proxy
    // What the client writes itself, left of what the proxy appended, changes nothing.
    CHECK(guess(client, "203.0.113.8, 203.0.113.7", 22) == 429);
  }
  SECTION("no proxy trusted: the header is not believed, and the peer's failures count") {
    TestServer server;
    HttpClient client = server.client();
    for (int i = 0; i < 20; ++i) REQUIRE(guess(client, "203.0.113.7", i) == 404);
    CHECK(guess(client, "203.0.113.8", 20) == 429);
  }
}

TEST_CASE(
    "no public answer, error answers included, holds the applicant's name, ID number or phone",
    "[http][security]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const std::string name = "欧阳明月", id_number = "110101199003071234", phone = "13912345678";
  const std::string applicant = R"({"kind":"PERSON","name":")" + name + R"(","idNumber":")" +
                                id_number + R"(","phone":")" + phone + R"("})";
  const auto json = std::map<std::string, std::string>{{"Content-Type", "application/json"}};
  std::vector<std::pair<std::string, HttpReply>> answers;
  auto ask = [&](const std::string& what, const std::string& method, const std::string& target,
                 const std::string& body = "") {
    answers.emplace_back(what, client.request(method, target, body, json));
    return answers.back().second;
  };
  const std::string application =
      std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + applicant +
      R"(,"materials":["application","subject_licence","id_proof","layout_and_process"]})";
  const HttpReply applied = ask("application", "POST", "/v1/public/applications", application);
  REQUIRE(applied.status == 201);
  v1::PublicApplicationResponse filed;
  REQUIRE(food::parse(applied.body, &filed));
  const std::string case_no = filed.case_no(), code = filed.query_code();
  const std::string wrong = code == "000000" ? "000001" : "000000";
  const std::string progress = "/v1/public/progress?caseNo=" + case_no + "&code=";

  ask("progress", "GET", progress + code);
  ask("a supplement not asked for (409)", "POST", "/v1/public/supplements",
      R"({"caseNo":")" + case_no + R"(","code":")" + code + R"(","materials":["safety_rules"]})");
  ask("an application without an item (400)", "POST", "/v1/public/applications",
      R"({"itemCode":"","applicant":)" + applicant + "}");
  ask("an application with an unknown material (400)", "POST", "/v1/public/applications",
      std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + applicant +
          R"(,"materials":["x"]})");
  ask("an application with an unknown field (400)", "POST", "/v1/public/applications",
      std::string(R"({"itemCode":")") + food::kItem + R"(","applicant":)" + applicant +
          R"(,"secret":")" + id_number + R"("})");
  ask("an application of a company without a credit code (400)", "POST", "/v1/public/applications",
      std::string(R"({"itemCode":")") + food::kItem +
          R"(","applicant":{"kind":"COMPANY","name":")" + name + R"(","phone":")" + phone +
          R"("}})");
  for (int i = 0; i < 5; ++i) ask("a wrong code (404)", "GET", progress + wrong);
  ask("the right code, throttled (429)", "GET", progress + code);
  server.time().advance(std::chrono::minutes(15));
  ask("a withdrawal", "POST", "/v1/public/withdrawals",
      R"({"caseNo":")" + case_no + R"(","code":")" + code + R"(","reason":"不办了"})");
  ask("a withdrawal of a closed case (409)", "POST", "/v1/public/withdrawals",
      R"({"caseNo":")" + case_no + R"(","code":")" + code + R"(","reason":"不办了"})");
  ask("progress of the closed case", "GET", progress + code);

  std::set<int> statuses;
  for (const auto& [what, r] : answers) {
    statuses.insert(r.status);
    std::string everything = r.body;
    for (const auto& [header, value] : r.headers) everything += header + ": " + value + "\n";
    INFO(what << " -> " << r.status << " " << everything);
    for (const std::string& secret :
         {name, id_number, phone, std::string("19900307"), std::string("12345678")}) {
      CHECK(everything.find(secret) == std::string::npos);
    }
  }
  CHECK(statuses == std::set<int>{200, 201, 400, 404, 409, 429});
}

}  // namespace oneseal::testing
