// oneseal demo: one case's life on a parallel-review item, printed step by step, so a
// newcomer sees the rules at work before any server exists.
#include <google/protobuf/text_format.h>

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/clock.h"
#include "engine/case_service.h"
#include "storage/sqlite_event_store.h"
#include "tools/commands.h"

namespace oneseal::cli {

namespace {

struct DemoStep {
  const char* at;
  const char* command;  // a Command in text format
};

// A food business licence: submitted with two materials missing, supplemented once, accepted,
// reviewed in parallel by market supervision and health across the 2026 National Day
// holiday, granted on the last day of its promise, sealed and delivered on a worked Saturday.
const DemoStep kSteps[] = {
    {"2026-09-21T09:30:00+08:00",
     R"(actor { id: "clerk-li" role: CLERK office: "hall-1" }
        submit { item_code: "XK-SCJG-00012-000" channel: WINDOW office: "hall-1"
                 applicant { kind: ORGANISATION name: "武汉市示例餐饮有限公司"
                             id_number: "91420100MA4K00000X" phone: "13800001234" }
                 materials: ["application", "subject_licence", "id_proof", "layout_and_process"] })"},
    {"2026-09-22T10:00:00+08:00",
     R"(actor { id: "clerk-li" role: CLERK office: "hall-1" }
        request_supplement { missing { material_id: "safety_rules" problem: "not handed in" }
                             missing { material_id: "staff_health" problem: "not handed in" } })"},
    {"2026-09-23T14:00:00+08:00",
     R"(actor { id: "applicant" role: APPLICANT }
        provide_supplement { materials: ["safety_rules", "staff_health"] })"},
    {"2026-09-24T10:00:00+08:00",
     R"(actor { id: "clerk-li" role: CLERK office: "hall-1" } accept { mode: COMPLETE })"},
    {"2026-09-29T16:00:00+08:00",
     R"(actor { id: "reviewer-zhao" role: REVIEWER department: "wjw" }
        record_opinion { branch_id: "health" verdict: APPROVE_WITH_CONDITIONS
                         conditions: "厨房排烟设施于开业前完成整改" })"},
    {"2026-10-08T11:00:00+08:00",
     R"(actor { id: "reviewer-wang" role: REVIEWER department: "scjg" }
        record_opinion { branch_id: "market" verdict: APPROVE })"},
    {"2026-10-09T09:00:00+08:00",
     R"(actor { id: "approver-chen" role: APPROVER }
        make_decision { verdict: APPROVE reasons: "材料齐全，符合法定条件" })"},
    {"2026-10-09T15:00:00+08:00",
     R"(actor { id: "approver-chen" role: APPROVER } seal { certificate_no: "JY14201000000001" })"},
    {"2026-10-10T10:00:00+08:00",
     R"(actor { id: "clerk-li" role: CLERK office: "hall-1" } deliver { method: "window" })"},
};

void print_clocks(const v1::CaseState& state, const Calendar& calendar, Instant now) {
  auto line = [&](const std::string& name, const v1::Clock& clock) {
    ClockReader reader(clock, calendar);
    if (!clock.has_started_at() || reader.stopped()) return;  // show the clocks that run
    std::cout << "      " << name << ": " << reader.elapsed(now) << "/"
              << clock.limit_working_days() << " working days used";
    if (auto d = reader.deadline()) std::cout << ", deadline " << format_date(d->date);
    std::cout << ", " << alert_level_name(reader.level(now)) << "\n";
  };
  line("promised", state.promised_clock());
  line("statutory", state.statutory_clock());
  for (const auto& b : state.branch())
    line("branch " + b.id() + " (" + b.department() + ")", b.clock());
  line("delivery", state.delivery_clock());
}

}  // namespace

void add_demo_command(CLI::App& app, int* exit_code) {
  static std::string workflows_dir = "workflows", calendar_dir = "seeds/calendar", db_path;
  auto* demo = app.add_subcommand("demo", "Show one case's life on the command line");
  demo->add_option("--workflows", workflows_dir, "The catalogue folder")->capture_default_str();
  demo->add_option("--calendar", calendar_dir, "Folder of yearly holiday files")
      ->capture_default_str();
  demo->add_option("--db", db_path, "Keep the case in this database (default: a temporary one)");
  demo->callback([exit_code] {
    const CatalogueLoad load = load_catalogue(workflows_dir);
    auto calendar = load_calendar(calendar_dir);
    if (!load.errors.empty() || !calendar.ok()) {
      std::cerr << "oneseal demo: run 'oneseal workflows check' and check " << calendar_dir << "\n";
      *exit_code = 1;
      return;
    }
    const bool temporary = db_path.empty();
    const std::string path =
        temporary ? (std::filesystem::temp_directory_path() / ("oneseal-demo-" + std::to_string(::getpid()) + ".db")).string()
                  : db_path;
    auto store = SqliteEventStore::open(path, *calendar);
    if (!store.ok()) {
      std::cerr << "oneseal demo: " << store.status().message() << "\n";
      *exit_code = 1;
      return;
    }
    ManualTime time(*parse_instant(kSteps[0].at));
    CaseService service(**store, load.catalogue, *calendar, time);
    const v1::ItemDefinition& item = load.catalogue.items.at("XK-SCJG-00012-000");
    std::cout << "Item " << item.code() << " " << item.name() << ": promised "
              << item.promised_limit_working_days() << " working days, statutory "
              << item.statutory_limit_working_days() << "\n";
    std::string case_id;
    v1::CaseState state;
    for (const DemoStep& step : kSteps) {
      v1::Command command;
      google::protobuf::TextFormat::ParseFromString(step.command, &command);
      time.set(*parse_instant(step.at));
      auto done = command.has_submit() ? service.submit(command) : service.execute(case_id, command);
      std::cout << step.at << "  " << v1::Role_Name(command.actor().role()) << " "
                << command.GetDescriptor()->FindFieldByNumber(command.body_case())->name() << "\n";
      if (!done.ok()) {
        std::cout << "      refused: " << done.status().to_string() << "\n";
        *exit_code = 1;
        return;
      }
      state = done->state;
      case_id = state.id();
      std::cout << "      -> " << v1::CaseStatus_Name(state.status()) << "\n";
      print_clocks(state, *calendar, time.now());
    }
    std::cout << "Case " << state.id() << " closed: " << v1::Outcome_Name(state.outcome())
              << ", licence " << state.certificate_no() << "\n";
    store->reset();
    if (temporary) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    } else {
      std::cout << "Its " << state.version() << " events are in " << path << "\n";
    }
  });
}

}  // namespace oneseal::cli
