// apply(): folds one event into a case state. Events are facts that decide() already
// checked, so apply never fails and never looks at anything but the state and the event:
// a case's state is always the fold of its events from an empty CaseState.
#pragma once

#include <string>
#include <vector>

#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/events.pb.h"

namespace oneseal {

// Updates *state in place (the cheap form of state' = apply(state, event)).
void apply(const v1::Event& event, v1::CaseState* state);

v1::CaseState fold(const std::vector<v1::Event>& events);

// The event's type name as stored, e.g. "CaseAccepted".
std::string event_type(const v1::Event& event);

}  // namespace oneseal
