// decide(): every rule of a case's life in one pure function. Given the item definition,
// the case state, a command, the instant and the calendar, it returns the events that record
// what happens, or a typed error (not allowed in this state, not allowed for this actor,
// invalid argument naming the field). No clock, no I/O, no globals: a refused command changes
// nothing, and the same inputs always give the same answer.
#pragma once

#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/status.h"
#include "engine/time.h"
#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/commands.pb.h"
#include "oneseal/v1/events.pb.h"
#include "oneseal/v1/workflow.pb.h"

namespace oneseal {

// For a new case, `state` is empty (version 0) and the command is a Submit.
Result<std::vector<v1::Event>> decide(const v1::ItemDefinition& item, const v1::CaseState& state,
                                      const v1::Command& command, Instant now,
                                      const Calendar& calendar);

// decide(), then, when the command is accepted, apply() its events to *state: the step
// every caller of the engine takes.
Result<std::vector<v1::Event>> execute(const v1::ItemDefinition& item, v1::CaseState* state,
                                       const v1::Command& command, Instant now,
                                       const Calendar& calendar);

// The command names (the oneof field names of Command) that the case's status admits, for
// error details and for front ends; each may still be refused for its arguments or actor.
std::vector<std::string> allowed_commands(const v1::CaseState& state);

// Art. 32: 24:00 of the 5th working day after the materials came in, when an application
// with no intake decision counts as accepted.
Instant intake_due(const v1::CaseState& state, const Calendar& calendar);

// The number of working days art. 32 gives for the intake decision.
inline constexpr int kIntakeWorkingDays = 5;
// Art. 44: the licence is issued and delivered within 10 working days of the grant.
inline constexpr int kDeliveryWorkingDays = 10;

}  // namespace oneseal
