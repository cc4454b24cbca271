// Report queries checked and answered: the store reads by item and office, and departments come
// from the catalogue here, where an item's responsible department is known.
#include "engine/http/reports.h"

#include <algorithm>
#include <map>

namespace oneseal::http {

namespace {

// A case's own clocks belong to the item's responsible department; a branch to its own.
std::string owner_of(const Catalogue& catalogue, const TimeoutEntry& e) {
  if (!e.department.empty()) return e.department;
  const auto* item = catalogue.find(e.item_code);
  return item ? item->department() : "";
}

Result<Date> required_date(const QueryParams& params, const std::string& name) {
  const std::string text = params(name);
  if (text.empty()) return Status::invalid_argument(name, name + " is required: a bureau date like 2026-11-01");
  auto date = parse_date(text);
  if (!date) return Status::invalid_argument(name, name + " must be a date like 2026-11-01, not '" + text + "'");
  return *date;
}

// The group a cell of the store's summary belongs to, and the group's name.
std::string group_of(const Catalogue& catalogue, const std::string& group_by, const SummaryCell& cell) {
  if (group_by == "office") return cell.office;
  if (group_by == "item") return cell.item_code;
  const auto* item = catalogue.find(cell.item_code);
  return item ? item->department() : "";
}

std::string name_of(const Catalogue& catalogue, const std::string& group_by, const std::string& group) {
  if (group_by == "department") {
    auto it = catalogue.departments.find(group);
    return it == catalogue.departments.end() ? "" : it->second.name();
  }
  const auto* item = group_by == "item" ? catalogue.find(group) : nullptr;
  return item ? item->name() : "";
}

void merge(const SummaryCell& cell, SummaryCell* into) {
  for (const auto& [name, n] : cell.counters) into->counters[name] += n;
  into->decisions.insert(into->decisions.end(), cell.decisions.begin(), cell.decisions.end());
  for (const auto& [level, n] : cell.open) into->open[level] += n;
}

int64_t value(const std::map<std::string, int64_t>& counts, const std::string& name) {
  auto it = counts.find(name);
  return it == counts.end() ? 0 : it->second;
}

void fill(const SummaryCell& g, v1::SummaryRow* row) {
  row->set_received(value(g.counters, "received"));
  row->set_accepted(value(g.counters, "accepted"));
  row->set_intake_rejected(value(g.counters, "intake_rejected"));
  row->set_granted(value(g.counters, "granted"));
  row->set_refused(value(g.counters, "refused"));
  row->set_withdrawn(value(g.counters, "withdrawn"));
  row->set_decided_on_time(value(g.counters, "decided_on_time"));
  row->set_decided_late(value(g.counters, "decided_late"));
  if (const int64_t decided = row->decided_on_time() + row->decided_late(); decided > 0) {
    row->set_on_time_rate(double(row->decided_on_time()) / double(decided));
  }
  if (!g.decisions.empty()) {
    std::vector<int64_t> used;
    int64_t used_sum = 0, limit_sum = 0, paused_sum = 0;
    for (const DecisionDays& d : g.decisions) {
      used.push_back(d.used);
      used_sum += d.used;
      limit_sum += d.limit;
      paused_sum += d.paused;
    }
    std::sort(used.begin(), used.end());
    const double n = double(used.size());
    row->set_average_working_days_used(double(used_sum) / n);
    // Nearest rank: the ceil(0.9 n)-th smallest.
    row->set_p90_working_days_used(int32_t(used[(used.size() * 9 + 9) / 10 - 1]));
    row->set_average_promised_limit(double(limit_sum) / n);
    row->set_paused_working_days(paused_sum);
  }
  row->set_extensions(value(g.counters, "extended"));
  row->set_open_green(value(g.open, "GREEN"));
  row->set_open_yellow(value(g.open, "YELLOW"));
  row->set_open_red(value(g.open, "RED"));
}

}  // namespace

Result<v1::TimeoutReport> timeout_report(EventStore& store, const Catalogue& catalogue, const QueryParams& params,
                                         Instant now) {
  TimeoutFilter filter;
  Instant as_of = now;
  if (const std::string text = params("asOf"); !text.empty()) {
    auto parsed = parse_instant(text);
    if (!parsed) return Status::invalid_argument("asOf", "asOf must be an instant like 2026-11-27T09:00:00+08:00");
    as_of = *parsed;
  }
  filter.as_of = as_of.time_since_epoch().count();
  const std::string department = params("department");
  filter.item_code = params("item");
  filter.office = params("office");
  if (!department.empty() && !catalogue.departments.count(department)) {
    return Status::invalid_argument("department", "no department '" + department + "'");
  }
  auto rows = store.timeouts(filter);
  if (!rows.ok()) return rows.status();

  v1::TimeoutReport report;
  report.set_as_of(format_instant(as_of));
  for (const TimeoutEntry& e : *rows) {
    const std::string owner = owner_of(catalogue, e);
    if (!department.empty() && owner != department) continue;
    auto* row = report.add_rows();
    row->set_case_id(e.case_id);
    row->set_item_code(e.item_code);
    row->set_office(e.office);
    row->set_clock(e.clock);
    row->set_department(owner);
    row->set_deadline(e.deadline);
    row->set_alert_level(e.alert_level);
  }
  return report;
}

Result<v1::SummaryReport> summary_report(EventStore& store, const Catalogue& catalogue, const QueryParams& params,
                                         Instant now) {
  auto from = required_date(params, "from");
  if (!from.ok()) return from.status();
  auto to = required_date(params, "to");
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return Status::invalid_argument("to", "to (" + format_date(*to) + ") is before from (" + format_date(*from) + ")");
  }
  const std::string group_by = params("groupBy");
  if (group_by != "department" && group_by != "item" && group_by != "office") {
    return Status::invalid_argument("groupBy", group_by.empty() ? "groupBy is required: department, item or office"
                                                                : "groupBy must be department, item or office, not '" +
                                                                      group_by + "'");
  }
  auto cells = store.summary_report({*from, *to, now.time_since_epoch().count()});
  if (!cells.ok()) return cells.status();

  std::map<std::string, SummaryCell> groups;
  SummaryCell total;
  for (const SummaryCell& cell : *cells) {
    merge(cell, &groups[group_of(catalogue, group_by, cell)]);
    merge(cell, &total);
  }
  v1::SummaryReport report;
  report.set_from(format_date(*from));
  report.set_to(format_date(*to));
  report.set_group_by(group_by);
  report.set_as_of(format_instant(now));
  for (const auto& [group, g] : groups) {
    auto* row = report.add_rows();
    row->set_group(group);
    row->set_name(name_of(catalogue, group_by, group));
    fill(g, row);
  }
  fill(total, report.mutable_total());
  return report;
}

}  // namespace oneseal::http
