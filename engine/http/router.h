// The route table: method and path pattern to handler, with what each route takes, answers and
// allows, so that dispatch, authorisation and the OpenAPI document all read the same table.
// Patterns are literal segments and {name} captures; a last segment "{id}:verb" is a custom
// method in the style of resource-oriented APIs (POST /v1/cases/{id}:accept).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "engine/http/codec.h"
#include "engine/http/message.h"
#include "oneseal/v1/api.pb.h"

namespace oneseal::http {

// What a handler gets: the request, its path parameters, who asks and how to answer.
struct Call {
  const Request& request;
  std::map<std::string, std::string> params;  // percent-decoded
  std::optional<v1::User> user;               // set on staff routes
  Format format = Format::kJson;
};

using Handler = std::function<Response(Call&)>;
// Takes the answer to a call; called once, from any thread.
using Answer = std::function<void(Response)>;
// A handler that answers later, from another thread: a command is answered when the store has
// committed it. The Call stays valid until `answer` is called.
using LaterHandler = std::function<void(Call&, Answer)>;

struct Route {
  std::string method;
  std::string pattern;
  std::string summary;  // one line, for the OpenAPI document
  const google::protobuf::Descriptor* body = nullptr;      // the request message, if any
  const google::protobuf::Descriptor* response = nullptr;  // the answer's message
  std::vector<v1::Role> roles;  // who may call it; empty: public, no token
  bool waits_for_writer = false;  // runs on the worker pool, not on an I/O thread
  bool csv = false;               // also answers text/csv
  std::vector<std::string> query;  // the query parameters it reads, for the document
  Handler handler;                 // one of the two handlers is set
  LaterHandler answer_later = nullptr;
  // Pages served from any origin may call it (CORS): an applicant's phone page and a bureau's
  // site showing the catalogue live elsewhere. Its answers carry Access-Control-Allow-Origin: *
  // and its path answers a browser's preflight (Api::handle).
  bool cross_origin = false;
};

class Router {
 public:
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  struct Match {
    const Route* route = nullptr;  // null: see allowed
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;  // the methods the path has, when the method is not one
    bool bad_escape = false;           // a path segment's percent-escape is malformed
    bool cross_origin = false;         // a route of the path is open to pages of any origin
  };
  // The route for method and path; no route and no allowed methods means 404.
  Match match(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
  // Each route's pattern up to its first capture: a path that does not start with it cannot
  // match, which one comparison tells for most routes a request is tried against.
  std::vector<std::string> literal_prefixes_;
};

}  // namespace oneseal::http
