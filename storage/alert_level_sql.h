// The alert level of a case's promised clock at ?1 (unix seconds), as SQL over the projected
// yellow and red instants of the cases table: levels are computed when asked, never stored.
#pragma once

namespace oneseal {

inline constexpr const char* kAlertLevelSql =
    "CASE WHEN red_at IS NOT NULL AND ?1 >= red_at THEN 'RED' "
    "WHEN yellow_at IS NOT NULL AND ?1 >= yellow_at THEN 'YELLOW' ELSE 'GREEN' END";

}  // namespace oneseal
