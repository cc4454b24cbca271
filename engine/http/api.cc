#include "engine/http/api.h"

#include <chrono>
#include <exception>
#include <future>

#include "engine/http/routes.h"

namespace oneseal::http {

namespace {

constexpr size_t kMaxIdempotencyKey = 128;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool printable_ascii(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// The bearer token of an Authorization header, or empty.
std::string bearer_token(const std::string& authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(kScheme[i])) return {};
  }
  return authorization.substr(kScheme.size());
}

// The Allow header of a path that has routes: their methods, and OPTIONS, which every such
// path answers.
std::string allow_header(const Router::Match& match) { return joined(match.allowed) + ", OPTIONS"; }

// Lets a page of another origin read the answer, its entity tag and its Retry-After included.
void allow_all_origins(Response& r) {
  r.header("Access-Control-Allow-Origin", "*");
  r.header("Access-Control-Expose-Headers", "ETag, Retry-After");
}

// OPTIONS on a path: the methods it has; on a path open to all origins also the answer to the
// preflight a browser sends before a cross-origin request with a JSON body, a conditional
// header or an Idempotency-Key.
Response options_answer(const Router::Match& match) {
  Response r;
  r.status = 204;
  r.header("Allow", allow_header(match));
  if (match.cross_origin) {
    allow_all_origins(r);
    r.header("Access-Control-Allow-Methods", joined(match.allowed));
    r.header("Access-Control-Allow-Headers", "Content-Type, Accept, If-None-Match, Idempotency-Key");
    r.header("Access-Control-Max-Age", "86400");
  }
  return r;
}

}  // namespace

Api::Api(ApiContext context, Offload offload) : context_(context), offload_(std::move(offload)) {
  add_case_routes(router_, context_);
  add_public_routes(router_, context_);
  add_catalogue_routes(router_, context_);
  add_report_routes(router_, context_);
  add_user_routes(router_, context_);
  add_meta_routes(router_, context_);
}

void Api::handle(Request request, Reply reply) {
  const auto start = std::chrono::steady_clock::now();
  auto finish = [this, start, method = request.method, reply = std::move(reply)](Response response) {
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    context_.metrics.observe(response.route.empty() ? "unmatched" : response.route, method, response.status,
                             took.count());
    reply(std::move(response));
  };

  auto match = router_.match(request.method, request.path);
  if (!match.route) {
    if (match.allowed.empty()) {
      return finish(error_response(request, api_error(404, "NOT_FOUND", "no route " + request.path)));
    }
    if (request.method == "OPTIONS") return finish(options_answer(match));
    Response r = error_response(request, api_error(405, "METHOD_NOT_ALLOWED",
                                                   request.method + " is not allowed on " + request.path +
                                                       "; allowed: " + joined(match.allowed)));
    if (match.cross_origin) allow_all_origins(r);
    return finish(std::move(r.header("Allow", allow_header(match))));
  }
  const Route& route = *match.route;
  const bool bad_escape = match.bad_escape;
  // The request and its call live until the answer: a command is answered later.
  auto call = std::make_shared<PendingCall>(std::move(request), std::move(match.params));
  Answer answer = [&route, call, finish = std::move(finish)](Response response) {
    response.route = route.pattern;
    if (route.cross_origin) allow_all_origins(response);
    finish(std::move(response));
  };
  if (bad_escape) {
    return answer(
        error_response(call->request, api_error(400, "INVALID_ARGUMENT", "a malformed %-escape in the path", "path")));
  }
  if (!route.waits_for_writer) return dispatch(route, call->call, std::move(answer));
  offload_([this, &route, call, answer = std::move(answer)]() mutable { dispatch(route, call->call, std::move(answer)); });
}

Response Api::handle_now(const Request& request) {
  std::promise<Response> answer;
  auto future = answer.get_future();
  handle(request, [&answer](Response r) { answer.set_value(std::move(r)); });
  return future.get();
}

void Api::dispatch(const Route& route, Call& call, Answer answer) {
  const Request& request = call.request;
  std::string principal = "public";
  if (!route.roles.empty()) {
    const std::string token = bearer_token(request.authorization);
    call.user = token.empty() ? std::nullopt : context_.users.authenticate(token);
    if (!call.user) {
      Response r = error_response(request, api_error(401, "UNAUTHENTICATED",
                                                     token.empty() ? "this route needs an Authorization: Bearer token"
                                                                   : "the token is unknown or revoked"));
      return answer(std::move(r.header("WWW-Authenticate", "Bearer")));
    }
    principal = call.user->id();
    bool allowed = false;
    for (v1::Role role : route.roles) allowed = allowed || role == call.user->role();
    if (!allowed) {
      Response r = error_response(request, api_error(403, "PERMISSION_DENIED",
                                                     "a " + v1::Role_Name(call.user->role()) + " may not call " +
                                                         route.method + " " + route.pattern));
      r.principal = principal;
      return answer(std::move(r));
    }
  }

  ApiError refused;
  auto format = response_format(request, route.csv, &refused);
  if (!format) return answer(error_response(request, refused));
  call.format = *format;

  std::string key;
  if (request.method == "POST" && !request.idempotency_key.empty()) {
    if (request.idempotency_key.size() > kMaxIdempotencyKey || !printable_ascii(request.idempotency_key)) {
      return answer(reply_error(call, api_error(400, "INVALID_ARGUMENT",
                                                "Idempotency-Key must be 1 to 128 printable ASCII characters",
                                                "Idempotency-Key")));
    }
    key = scoped_key(call, principal);
    if (!begin_key(key)) {
      return answer(reply_error(call, api_error(409, "CONFLICT",
                                                "a request with this Idempotency-Key is still being processed; retry "
                                                "later",
                                                "Idempotency-Key")));
    }
  }
  // The key stays in flight until the answer, which a command gives later.
  Answer done = [this, key, principal, answer = std::move(answer)](Response response) {
    if (!key.empty()) end_key(key);
    response.principal = principal;
    answer(std::move(response));
  };
  if (route.answer_later) {
    // A later handler throws, if at all, before it hands the answer on.
    try {
      route.answer_later(call, done);
    } catch (const std::exception& e) {
      done(reply_error(call, api_error(500, "INTERNAL", std::string("unexpected error: ") + e.what())));
    }
  } else {
    done(guarded(call, [&] { return route.handler(call); }));
  }
}

bool Api::begin_key(const std::string& key) {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  return keys_in_flight_.insert(key).second;
}

void Api::end_key(const std::string& key) {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  keys_in_flight_.erase(key);
}

// --- Helpers shared by the route groups (routes.h) ---

Response guarded(const Call& call, const std::function<Response()>& make) {
  try {
    return make();
  } catch (const std::exception& e) {
    return reply_error(call, api_error(500, "INTERNAL", std::string("unexpected error: ") + e.what()));
  }
}

v1::Actor actor_of(const v1::User& user) {
  v1::Actor actor;
  actor.set_id(user.id());
  actor.set_role(user.role());
  actor.set_department(user.department());
  actor.set_office(user.office());
  return actor;
}

std::string scoped_key(const Call& call, const std::string& principal) {
  return principal + "/" + call.request.idempotency_key;
}

std::string etag_of_version(int64_t version) { return "\"" + std::to_string(version) + "\""; }

Result<std::optional<int64_t>> if_match_version(const Request& request) {
  std::string value = request.if_match;
  if (value.empty() || value == "*") return std::optional<int64_t>();
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  int64_t version = 0;
  const bool digits = !value.empty() && value.size() <= 18 &&
                      value.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return Status::invalid_argument("If-Match", "If-Match must be a case version's ETag, e.g. \"3\"");
  version = std::stoll(value);
  return std::optional<int64_t>(version);
}

bool not_modified(const Request& request, const std::string& etag) {
  if (request.if_none_match.empty()) return false;
  return request.if_none_match == "*" || request.if_none_match.find(etag) != std::string::npos;
}

}  // namespace oneseal::http
