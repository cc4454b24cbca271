#include "engine/roles.h"

#include <algorithm>

namespace oneseal {

bool is_staff_role(v1::Role role) {
  return role == v1::CLERK || role == v1::REVIEWER || role == v1::APPROVER;
}

namespace {

template <typename Roles>
Status check_in(const v1::Actor& actor, const Roles& roles, const std::string& action) {
  if (std::find(roles.begin(), roles.end(), actor.role()) != roles.end()) return Status();
  std::string names;
  for (auto r : roles) names += (names.empty() ? "" : ", ") + v1::Role_Name(v1::Role(r));
  return Status::permission_denied("role " + v1::Role_Name(actor.role()) + " may not " + action +
                                   " (allowed: " + names + ")");
}

}  // namespace

Status check_role(const v1::Actor& actor, const google::protobuf::RepeatedField<int>& declared,
                  std::initializer_list<v1::Role> usual, const std::string& action) {
  if (!declared.empty()) return check_in(actor, declared, action);
  return check_in(actor, usual, action);
}

Status check_role(const v1::Actor& actor, std::initializer_list<v1::Role> allowed,
                  const std::string& action) {
  return check_in(actor, allowed, action);
}

}  // namespace oneseal
