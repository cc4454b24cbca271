// The storage ceiling: the store's event rows (same columns, sizes and hashes) inserted by a
// plain SQLite loop in transactions of a fixed size, with nothing else, and the sample row they
// insert. Shared by `oneseal bench store` and `oneseal load`, so that both print their figures
// against the same ceiling.
#pragma once

#include <string>

#include "engine/calendar.h"
#include "oneseal/v1/workflow.pb.h"
#include "storage/event_store.h"

namespace oneseal::cli {

// A submission of `item` under case number `id`, decided by the engine: one event and its
// projection.
AppendRequest decided_submission(const v1::ItemDefinition& item, const Calendar& calendar,
                                 const std::string& id);

// Rows a second that a plain loop inserts into a fresh file at `path` (removed first, left
// behind) for `seconds`, in transactions of `batch` rows of `event_body` (a serialised event).
// synchronous=FULL when `full`, else NORMAL; WAL and the store's page size either way.
double plain_inserts_per_second(const std::string& path, const std::string& event_body, bool full,
                                int batch, double seconds);

}  // namespace oneseal::cli
