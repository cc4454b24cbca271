// The scheduler's command: a running clock's alert step (yellow, red) fell due. Recorded once
// per step, stamped with the instant it fell due rather than the instant it was noticed, so
// that a catch-up after downtime records the true history.
#include <algorithm>

#include "engine/clock.h"
#include "engine/decider.h"
#include "engine/roles.h"

namespace oneseal {

Status Decider::raise_alert(const v1::RaiseAlert& c) {
  if (Status s = check_role(actor_, {v1::SYSTEM}, "record an alert"); !s.ok()) return s;
  const v1::Clock* clock = case_clock(state_, c.clock());
  if (!clock || !clock->has_started_at()) {
    return Status::invalid_argument("clock", "case " + state_.id() + " has no running clock '" + c.clock() + "'");
  }
  if (c.level() != "yellow" && c.level() != "red") {
    return Status::invalid_argument("level", "an alert is yellow or red, not '" + c.level() + "'");
  }
  if (clock->has_stopped_at()) {
    return Status::failed_precondition("the clock '" + c.clock() + "' has stopped: nothing more falls due");
  }
  const auto& raised = clock->alerts_raised();
  if (std::find(raised.begin(), raised.end(), c.level()) != raised.end()) {
    return Status::already_exists("the " + c.level() + " alert of clock '" + c.clock() + "' is already recorded");
  }
  const auto due = ClockReader(*clock, calendar_).alert_due(c.level());
  if (!due || now_ < *due) {
    return Status::failed_precondition("the " + c.level() + " alert of clock '" + c.clock() + "' is not due" +
                                       (due ? " until " + format_instant(*due) : " (its deadline is not known)"));
  }
  auto* e = add_event(*due).mutable_alert_raised();
  e->set_clock(c.clock());
  e->set_level(c.level());
  return Status();
}

}  // namespace oneseal
