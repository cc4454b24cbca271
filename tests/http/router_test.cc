// The route table's matching: literal segments, {name} captures, "{id}:verb" custom methods,
// the methods a path allows, and percent-escapes in captures. Pins the rules the API's paths
// rely on, so that matching can be made cheaper without changing what matches.
#include "engine/http/router.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

using oneseal::http::Response;
using oneseal::http::Route;
using oneseal::http::Router;

Route route(const std::string& method, const std::string& pattern) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.handler = [](oneseal::http::Call&) { return Response{}; };
  return r;
}

Router table() {
  Router router;
  router.add(route("GET", "/v1/cases"));
  router.add(route("POST", "/v1/cases"));
  router.add(route("GET", "/v1/cases/{id}"));
  router.add(route("POST", "/v1/cases/{id}:accept"));
  router.add(route("POST", "/v1/cases/{id}:decide"));
  router.add(route("GET", "/v1/cases/{id}/events/{seq}"));
  Route progress = route("GET", "/v1/public/progress");
  progress.cross_origin = true;
  router.add(progress);
  router.add(route("GET", "/"));
  return router;
}

}  // namespace

TEST_CASE("router: literal paths match exactly, with the method's route") {
  const Router router = table();
  auto m = router.match("GET", "/v1/public/progress");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->pattern == "/v1/public/progress");
  CHECK(m.params.empty());
  m = router.match("POST", "/v1/cases");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->method == "POST");
  CHECK(router.match("GET", "/").route->pattern == "/");

  for (const char* path : {"/v1/public/progress/", "/v1/public", "/v1//public/progress", "v1/public/progress", "",
                           "/v1/public/progress/x", "//"}) {
    INFO(path);
    m = router.match("GET", path);
    CHECK(m.route == nullptr);
    CHECK(m.allowed.empty());
  }
}

TEST_CASE("router: captures are percent-decoded, and a verb is split off the last one") {
  const Router router = table();
  auto m = router.match("GET", "/v1/cases/OS%2D1");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->pattern == "/v1/cases/{id}");
  CHECK(m.params == std::map<std::string, std::string>{{"id", "OS-1"}});
  CHECK_FALSE(m.bad_escape);

  m = router.match("POST", "/v1/cases/OS1:decide");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->pattern == "/v1/cases/{id}:decide");
  CHECK(m.params == std::map<std::string, std::string>{{"id", "OS1"}});

  m = router.match("GET", "/v1/cases/OS1/events/7");
  REQUIRE(m.route != nullptr);
  CHECK(m.params == std::map<std::string, std::string>{{"id", "OS1"}, {"seq", "7"}});

  m = router.match("GET", "/v1/cases/OS%zz");
  REQUIRE(m.route != nullptr);
  CHECK(m.bad_escape);
}

TEST_CASE("router: a capture is never empty and never holds a colon") {
  const Router router = table();
  for (const char* path : {"/v1/cases/:accept", "/v1/cases/a:b:accept", "/v1/cases//events/7", "/v1/cases/a:b"}) {
    INFO(path);
    CHECK(router.match("POST", path).route == nullptr);
    CHECK(router.match("GET", path).route == nullptr);
  }
  // An unknown verb matches no custom method, and the plain capture refuses the colon.
  CHECK(router.match("POST", "/v1/cases/OS1:close").route == nullptr);
}

TEST_CASE("router: a path with other methods only lists them, in table order") {
  const Router router = table();
  auto m = router.match("DELETE", "/v1/cases");
  CHECK(m.route == nullptr);
  CHECK(m.allowed == std::vector<std::string>{"GET", "POST"});
  m = router.match("GET", "/v1/cases/OS1:accept");
  CHECK(m.route == nullptr);
  CHECK(m.allowed == std::vector<std::string>{"POST"});
  m = router.match("POST", "/v1/cases/OS1");
  CHECK(m.allowed == std::vector<std::string>{"GET"});
}

TEST_CASE("router: a match tells whether a route of its path is open to all origins") {
  const Router router = table();
  CHECK(router.match("GET", "/v1/public/progress").cross_origin);
  CHECK(router.match("OPTIONS", "/v1/public/progress").cross_origin);  // no route, the path's
  CHECK_FALSE(router.match("GET", "/v1/cases").cross_origin);
  CHECK_FALSE(router.match("OPTIONS", "/v1/cases").cross_origin);
}
