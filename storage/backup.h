// oneseal db backup: an online copy of a database file, checked before it is reported good.
#pragma once

#include <string>

#include "engine/calendar.h"
#include "engine/status.h"
#include "storage/maintenance.h"

namespace oneseal {

// Copies the database `from` into the new file `to` (mode 0600: it holds personal data) while a
// server may be writing `from`, then checks the copy: SQLite's integrity check, and
// verify_database (hash chain, projections against the events) with `calendar`. The copy is
// one snapshot of `from`: every command committed before the copy began, none half.
// Refuses when `to` (or a journal of it) exists; removes its partial copy on any failure.
// The query codes' key file is not copied: it lives beside the database (docs/operations.md).
Result<VerifyReport> backup_database(const std::string& from, const std::string& to, const Calendar& calendar);

}  // namespace oneseal
