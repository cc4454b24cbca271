// Runs every golden scenario in tests/scenarios/ against the real catalogue and calendar.
// Each step runs its command through decide() and apply() and compares what came out with
// the step's expectations; after the last step the events folded from scratch must give the
// same state. A failure names the file and the step.
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/apply.h"
#include "engine/calendar_file.h"
#include "engine/catalogue.h"
#include "engine/clock.h"
#include "engine/decide.h"
#include "scenario.pb.h"
#include "tests/engine/fixtures.h"

using namespace oneseal;

namespace {

void check_clock(const test::ClockCheck& check, const v1::CaseState& state, Instant step_at) {
  INFO("clock " << check.clock());
  const v1::Clock* clock = case_clock(state, check.clock());
  REQUIRE(clock != nullptr);
  ClockReader reader(*clock, fixtures::calendar());
  Instant at = step_at;
  if (!check.at().empty()) {
    auto parsed = parse_instant(check.at());
    REQUIRE(parsed);
    at = *parsed;
  }
  INFO("at " << format_instant(at));
  auto deadline = reader.deadline();
  if (!check.deadline().empty())
    CHECK((deadline ? format_date(deadline->date) : "none") == check.deadline());
  if (!check.level().empty()) CHECK(alert_level_name(reader.level(at)) == check.level());
  if (check.has_elapsed()) CHECK(reader.elapsed(at) == check.elapsed());
  if (check.has_remaining()) CHECK(reader.remaining(at) == check.remaining());
  if (check.has_paused()) CHECK(reader.paused() == check.paused());
  if (check.has_provisional()) {
    REQUIRE(deadline);
    CHECK(deadline->provisional == check.provisional());
  }
}

void run_scenario(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  test::Scenario scenario;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text.str(), &scenario));
  const v1::ItemDefinition* item = fixtures::catalogue().find(scenario.item());
  REQUIRE(item != nullptr);
  REQUIRE(scenario.step_size() > 0);

  v1::CaseState state;
  std::vector<v1::Event> history;
  for (int i = 0; i < scenario.step_size(); ++i) {
    const test::Step& step = scenario.step(i);
    INFO(file.filename().string() << " step " << i + 1 << " at " << step.at() << " "
                                  << step.note());
    auto at = parse_instant(step.at());
    REQUIRE(at);
    if (step.has_command()) {
      const v1::CaseState before = state;
      auto events = execute(*item, &state, step.command(), *at, fixtures::calendar());
      if (!step.error().empty()) {
        REQUIRE_FALSE(events.ok());
        CHECK(code_name(events.status().code()) == step.error());
        CHECK(events.status().field() == step.error_field());
        CHECK_THAT(events.status().message(), Catch::Contains(step.error_contains()));
        CHECK(google::protobuf::util::MessageDifferencer::Equals(before, state));
      } else {
        INFO((events.ok() ? "" : events.status().to_string()));
        REQUIRE(events.ok());
        std::vector<std::string> types;
        for (const auto& e : *events) types.push_back(event_type(e));
        CHECK(types == std::vector<std::string>(step.events().begin(), step.events().end()));
        history.insert(history.end(), events->begin(), events->end());
      }
    }
    if (step.has_state()) {
      google::protobuf::util::MessageDifferencer diff;
      diff.set_scope(google::protobuf::util::MessageDifferencer::PARTIAL);
      std::string report;
      diff.ReportDifferencesToString(&report);
      const bool same = diff.Compare(step.state(), state);
      INFO("state differs: " << report);
      CHECK(same);
    }
    for (const auto& check : step.clock()) check_clock(check, state, *at);
  }
  CHECK(google::protobuf::util::MessageDifferencer::Equals(fold(history), state));
}

}  // namespace

// ctest runs one scenario per test (tests/CMakeLists.txt), named in ONESEAL_SCENARIO;
// without it, all of them.
TEST_CASE("golden scenarios", "[scenario]") {
  std::vector<std::filesystem::path> files;
  if (const char* one = std::getenv("ONESEAL_SCENARIO")) {
    files.emplace_back(one);
  } else {
    for (const auto& e :
         std::filesystem::directory_iterator(ONESEAL_SOURCE_DIR "/tests/scenarios")) {
      if (e.path().extension() == ".textproto") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    DYNAMIC_SECTION(file.filename().string()) { run_scenario(file); }
  }
}
