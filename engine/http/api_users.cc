// Staff accounts on a running server (the same as `oneseal users`, which needs the database to
// itself): administrators add users, whose token is shown once, and revoke them.
#include "engine/http/routes.h"

namespace oneseal::http {

void add_user_routes(Router& router, ApiContext& ctx) {
  const std::vector<v1::Role> admins = {v1::ADMINISTRATOR};
  router.add({"POST", "/v1/users", "Add a staff user; answers the token once", v1::CreateUserRequest::descriptor(),
              v1::CreateUserResponse::descriptor(), admins, true, false, {}, [&ctx](Call& call) {
                v1::CreateUserRequest body;
                if (auto error = decode(call.request, &body)) return reply_error(call, *error);
                auto created = ctx.users.add(body, ctx.catalogue.department_codes());
                if (!created.ok()) return reply_error(call, created.status());
                return reply_with(call, *created, 201);
              }});
  router.add({"POST", "/v1/users/{id}:revoke", "Revoke a user's token", nullptr, v1::User::descriptor(), admins, true,
              false, {}, [&ctx](Call& call) {
                const std::string& id = call.params["id"];
                if (Status s = ctx.users.revoke(id); !s.ok()) return reply_error(call, s);
                for (const auto& user : ctx.users.list()) {
                  if (user.id() == id) return reply_with(call, user);
                }
                return reply_error(call, Status::not_found("no user " + id));
              }});
}

}  // namespace oneseal::http
