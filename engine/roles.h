// Who may do what on a case (shared/domain.md "People and what they may do").
#pragma once

#include <google/protobuf/repeated_field.h>

#include <initializer_list>
#include <string>

#include "engine/status.h"
#include "oneseal/v1/roles.pb.h"

namespace oneseal {

// Staff roles that act on cases; supervisors, administrators, applicants and the engine
// itself never appear in an item's performed_by lists.
bool is_staff_role(v1::Role role);

// OK when the actor's role is in `declared` (an item's performed_by), or, when that is
// empty, in `usual`; otherwise PERMISSION_DENIED naming the action.
Status check_role(const v1::Actor& actor, const google::protobuf::RepeatedField<int>& declared,
                  std::initializer_list<v1::Role> usual, const std::string& action);

Status check_role(const v1::Actor& actor, std::initializer_list<v1::Role> allowed,
                  const std::string& action);

}  // namespace oneseal
