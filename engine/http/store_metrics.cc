#include "engine/http/store_metrics.h"

#include <string>

namespace oneseal::http {

namespace {

void counter(std::string* out, const std::string& name, const std::string& help, const std::string& value) {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + value + "\n";
}

}  // namespace

void add_store_metrics(Metrics& metrics, SqliteEventStore& store, const TimeSource& time) {
  metrics.add_collector([&store, &time](std::string* out) {
    const StoreStats s = store.stats();
    counter(out, "oneseal_store_commits_total", "Transactions the writer committed.", std::to_string(s.batches));
    counter(out, "oneseal_store_commands_total",
            "Commands in those transactions (their ratio to commits is the mean batch size).",
            std::to_string(s.commands));
    counter(out, "oneseal_store_failed_batches_total", "Transactions rolled back; every command in them failed.",
            std::to_string(s.failed_batches));
    counter(out, "oneseal_store_writer_busy_seconds_total", "Time the writer spent writing and committing.",
            std::to_string(s.writer_busy_seconds));
    auto open = store.open_cases_by_alert_level(time.now().time_since_epoch().count());
    if (!open.ok()) return;  // the scrape still shows the rest
    *out += "# HELP oneseal_open_cases Open cases by the alert level of their promised clock.\n";
    *out += "# TYPE oneseal_open_cases gauge\n";
    for (const auto& [level, n] : *open) {
      *out += "oneseal_open_cases{level=\"" + level + "\"} " + std::to_string(n) + "\n";
    }
  });
}

}  // namespace oneseal::http
