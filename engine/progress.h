// The public progress view (GET /v1/public/progress): what the applicant's phone shows of a
// case, in plain Chinese, with the applicant masked and nothing internal (staff, reasons).
#pragma once

#include "engine/calendar.h"
#include "engine/catalogue.h"
#include "engine/time.h"
#include "oneseal/v1/api.pb.h"
#include "oneseal/v1/case.pb.h"

namespace oneseal {

// A pure function of its arguments, so it may be called from many threads at once. The
// working days left and the alert level are those of the promised clock at `now`; before
// acceptance, when that clock has not started, deadline and alert_level are empty and
// working_days_left is 0. The deadline is empty while it is unknown (ClockReader::deadline()).
// `now` matters only through its bureau day (counts and alert levels change at midnight), so
// the server keeps rendered views per case version and day (engine/http/progress_answers.h);
// a test holds it to that.
v1::Progress progress_view(const v1::CaseState& state, const Catalogue& catalogue,
                           const Calendar& calendar, Instant now);

}  // namespace oneseal
