// The store's lines of /metrics: commits, commands per commit, failed batches, the writer's
// busy time, and open cases by alert level.
#pragma once

#include "engine/http/metrics.h"
#include "engine/time_source.h"
#include "storage/sqlite_event_store.h"

namespace oneseal::http {

// Adds the collector; the store and the time source must outlive `metrics`.
void add_store_metrics(Metrics& metrics, SqliteEventStore& store, const TimeSource& time);

}  // namespace oneseal::http
