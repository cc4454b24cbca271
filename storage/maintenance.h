// Offline work on a database file: `oneseal db rebuild | verify | check`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/calendar.h"
#include "engine/status.h"
#include "storage/sqlite.h"

namespace oneseal {

struct VerifyReport {
  int64_t events = 0;
  int64_t cases = 0;
  std::string first_difference;  // empty when everything matches
  bool ok() const { return first_difference.empty(); }
};

// Proves the records and projections: the hash chain over every event, case sequences without
// gaps, and every projection row equal to what folding the events gives. Reads only.
Result<VerifyReport> verify_database(const std::string& path, const Calendar& calendar);

// Replays every event into fresh projections, in one transaction. `progress` is called with
// the events done so far, every `progress_every` events. Stop the server first: the database
// must have no other writer.
Result<int64_t> rebuild_projections(const std::string& path, const Calendar& calendar,
                                    const std::function<void(int64_t events)>& progress = {},
                                    int64_t progress_every = 100000);

// Computes every projection row afresh from the events into `db`, in one transaction, and
// records the calendar they were computed with. REQUIRES: the caller holds the file's
// WriterLock and `db` is its connection for writing.
Result<int64_t> reproject(sqlite::Connection& db, const std::string& path, const Calendar& calendar,
                          const std::function<void(int64_t events)>& progress = {}, int64_t progress_every = 100000);

// The fingerprint of the calendar the file's projections were computed with; empty if none.
Result<std::string> stored_calendar(sqlite::Connection& db);

// SQLite's own PRAGMA integrity_check: "ok", or what it found.
Result<std::string> integrity_check(const std::string& path);

}  // namespace oneseal
