// The route groups of the Api, each in its own file, and the helpers their handlers share.
// Internal to engine/http/.
#pragma once

#include <optional>
#include <string>

#include "engine/http/api.h"
#include "engine/http/api_error.h"
#include "engine/http/codec.h"
#include "engine/http/router.h"

namespace oneseal::http {

void add_case_routes(Router& router, ApiContext& context);     // api_cases.cc
void add_public_routes(Router& router, ApiContext& context);   // api_public.cc
void add_catalogue_routes(Router& router, ApiContext& context);  // api_catalogue.cc
void add_report_routes(Router& router, ApiContext& context);   // api_reports.cc
void add_user_routes(Router& router, ApiContext& context);     // api_users.cc
// /healthz, /metrics and /v1/openapi.json, which describes every route of `router`.
void add_meta_routes(Router& router, ApiContext& context);     // api_meta.cc

// `route`, open to pages of any origin (Route::cross_origin).
inline Route open_to_all_origins(Route route) {
  route.cross_origin = true;
  return route;
}

// Every staff role that reads cases, and those that act on them.
inline const std::vector<v1::Role> kCaseReaders = {v1::CLERK, v1::REVIEWER, v1::APPROVER, v1::SUPERVISOR};
inline const std::vector<v1::Role> kCaseWorkers = {v1::CLERK, v1::REVIEWER, v1::APPROVER};

inline Response reply_with(const Call& call, const google::protobuf::Message& message, int status = 200) {
  return encode(status, message, call.format);
}
inline Response reply_error(const Call& call, const ApiError& error) { return error_response(call.request, error); }
inline Response reply_error(const Call& call, const Status& status) {
  return error_response(call.request, api_error(status));
}

// What `make` answers, or 500 INTERNAL when it throws.
Response guarded(const Call& call, const std::function<Response()>& make);
// The Actor a staff user acts as.
v1::Actor actor_of(const v1::User& user);
// The idempotency key as stored: scoped to who sent it, so that two clients' keys never meet.
std::string scoped_key(const Call& call, const std::string& principal);
// A quoted entity tag for a case version, and the version an If-Match names (nullopt: none
// given or "*"); a malformed If-Match is an error naming the header.
std::string etag_of_version(int64_t version);
Result<std::optional<int64_t>> if_match_version(const Request& request);
// The answer 304 when If-None-Match names `etag`.
bool not_modified(const Request& request, const std::string& etag);

}  // namespace oneseal::http
