// Path tricks on every route of the table: dot segments, encoded slashes and dots, NUL, double
// slashes, backslashes and overlong paths. Each is answered 400 or 404 (405 when the trick lands
// on another route's path, 431 past the header limit) in the one error shape: never a file of
// the machine, never a 5xx, and the server goes on serving. The caller holds a role the route
// admits, so that no 401 or 403 hides the answer.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "tests/http/food_case.h"

namespace oneseal::testing {

namespace {

// The route's pattern with `value` in place of each {parameter}.
std::string filled(const std::string& pattern, const std::string& value) {
  return std::regex_replace(pattern, std::regex(R"(\{[a-zA-Z]+\})"), value);
}

// Variants of a route's path that must not reach a resource: `real` is a case id or item code
// that exists, so that a variant failing to be refused would find something.
std::vector<std::string> tricks(const std::string& pattern, const std::string& real) {
  const std::string path = filled(pattern, real);
  std::vector<std::string> out = {
      "/v1/../etc/passwd",
      "/v1/./../../etc/passwd",
      "/" + path,
      path + "/",
      path + "%00",
      path + "%00.json",
      path + "/..",
      path + "/../../../../etc/passwd",
      path + "/..%2F..%2F..%2Fetc%2Fpasswd",
      path + "/%2e%2e/%2e%2e/etc/passwd",
      path + "/%252e%252e%252fetc%252fpasswd",
      path + "\\..\\..\\etc\\passwd",
      path + ";/../etc/passwd",
      path + "/" + std::string(8000, 'a'),
  };
  // Each slash doubled in turn.
  for (size_t i = path.find('/', 1); i != std::string::npos; i = path.find('/', i + 1)) {
    out.push_back(path.substr(0, i) + "/" + path.substr(i));
  }
  if (pattern.find('{') != std::string::npos) {
    for (const std::string& value : std::vector<std::string>{
             "..%2F..%2Fetc", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..", ".", real + "%00",
             "%00" + real, real + "%2F..", std::string(8000, '9'), "%", "%zz"}) {
      out.push_back(filled(pattern, value));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("path tricks on every route are 400, 404 or 405, never a file and never a 5xx",
          "[http][security]") {
  TestServer server;
  const food::Staff staff(server);
  HttpClient client = server.client();
  const food::Case c = food::make_case(client, staff, food::State::kInReview);
  // A token of a role each route admits; the clerk's office and the reviewer's department
  // reach the case above.
  const std::map<v1::Role, std::string> token = {{v1::CLERK, staff.clerk1},
                                                 {v1::REVIEWER, staff.scjg},
                                                 {v1::APPROVER, staff.approver},
                                                 {v1::SUPERVISOR, staff.supervisor},
                                                 {v1::ADMINISTRATOR, staff.admin}};
  int tried = 0;
  for (const auto& route : server.api().router().routes()) {
    const std::string real =
        route.pattern.find("/items/") != std::string::npos ? food::kItem : c.id;
    std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
    if (!route.roles.empty()) headers["Authorization"] = "Bearer " + token.at(route.roles.front());
    for (const auto& target : tricks(route.pattern, real)) {
      const HttpReply r =
          client.request(route.method, target, route.method == "POST" ? "{}" : "", headers);
      INFO(route.method << " " << target.substr(0, 200) << " -> " << r.status << " "
                        << r.body.substr(0, 300));
      CHECK((r.status == 400 || r.status == 404 || r.status == 405));
      CHECK(food::error_of(r).code() != "");
      CHECK(r.body.find("root:") == std::string::npos);
      ++tried;
    }
  }
  // Past the 16 KiB header limit the answer is 431, and the connection is closed.
  const HttpReply overlong = client.request("GET", "/v1/cases/" + std::string(20000, 'a'), "",
                                            food::bearer(staff.supervisor));
  CHECK(overlong.status == 431);
  CHECK(client.request("GET", "/healthz").status == 200);
  CHECK(tried > 300);
}

}  // namespace oneseal::testing
