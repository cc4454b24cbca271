// Thousands of random command sequences against every item of the catalogue. Commands are
// mostly plausible (the right actor, arguments taken from the case) and sometimes wrong, so
// both the accepted and the refused paths are walked. After every step the invariants hold:
//  - a refused command changes nothing, and is refused with a typed error, never INTERNAL;
//  - nothing leaves a closed case;
//  - a stage joins only after every branch of it has its opinion;
//  - the seal is applied at most once, and only after a grant;
//  - clocks never count negative time, and no command moves time backwards;
//  - the version counts the events, and folding them from scratch gives the same state.
// The seed is printed; ONESEAL_SEED=N reruns one.
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <random>

#include "engine/apply.h"
#include "engine/clock.h"
#include "engine/decide.h"
#include "tests/engine/fixtures.h"
#include "tests/engine/random_case.h"

using namespace oneseal;
using google::protobuf::util::MessageDifferencer;

namespace {

std::vector<const v1::Clock*> clocks_of(const v1::CaseState& s) {
  std::vector<const v1::Clock*> out{&s.promised_clock(), &s.statutory_clock(), &s.delivery_clock()};
  for (const auto& b : s.branch()) out.push_back(&b.clock());
  return out;
}

void check_invariants(const v1::CaseState& before, const v1::CaseState& after,
                      const std::vector<v1::Event>& events, Instant now) {
  CHECK(before.status() != v1::CLOSED);
  CHECK_FALSE(events.empty());
  CHECK(after.version() == before.version() + int64_t(events.size()));
  int seals = 0;
  for (const auto& e : events) {
    if (e.has_stage_completed()) {
      for (const auto& b : after.branch()) {
        if (b.stage_id() == e.stage_completed().stage_id())
          CHECK(b.verdict() != v1::VERDICT_UNSPECIFIED);
      }
    }
    if (e.has_case_sealed()) {
      ++seals;
      CHECK(before.certificate_no().empty());
      CHECK(after.decision() == v1::APPROVE);
    }
    CHECK(from_proto(e.at()) <= now);
  }
  CHECK(seals <= 1);
  if (before.status() == v1::IN_REVIEW && after.stage_id() != before.stage_id()) {
    bool joined_or_closed = after.status() == v1::CLOSED;
    for (const auto& e : events) joined_or_closed |= e.has_stage_completed();
    CHECK(joined_or_closed);
  }
  for (const v1::Clock* c : clocks_of(after)) {
    if (!c->has_started_at()) continue;
    ClockReader reader(*c, fixtures::calendar());
    CHECK(reader.elapsed(now) >= 0);
    CHECK(reader.remaining(now) <= c->limit_working_days());
  }
}

}  // namespace

TEST_CASE("random command sequences keep every invariant", "[random]") {
  const char* seed_env = std::getenv("ONESEAL_SEED");
  const uint64_t seed = seed_env ? std::strtoull(seed_env, nullptr, 10) : 20261127;
  INFO("seed " << seed << " (rerun with ONESEAL_SEED=" << seed << ")");
  std::mt19937_64 rng(seed);
  constexpr int kCasesPerItem = 600;
  constexpr int kStepsPerCase = 40;

  std::map<std::string, int> event_counts;
  std::map<v1::Outcome, int> outcomes;
  int refused = 0;
  for (const auto& [code, item] : fixtures::catalogue().items) {
    for (int n = 0; n < kCasesPerItem; ++n) {
      testing::RandomCase gen(item, rng);
      v1::CaseState state;
      std::vector<v1::Event> history;
      Instant now =
          *parse_instant("2025-12-01T09:00:00+08:00") + std::chrono::hours{24 * int(rng() % 300)};
      for (int step = 0; step < kStepsPerCase && state.status() != v1::CLOSED; ++step) {
        now = gen.next_time(now);
        const v1::Command command = gen.next_command(state);
        const v1::CaseState before = state;
        auto events = execute(item, &state, command, now, fixtures::calendar());
        if (!events.ok()) {
          ++refused;
          INFO(code << " step " << step << ": " << command.ShortDebugString() << " -> "
                    << events.status().to_string());
          CHECK(events.status().code() != Code::kInternal);
          CHECK(MessageDifferencer::Equals(before, state));
          if (before.status() == v1::CLOSED)
            CHECK(events.status().code() == Code::kFailedPrecondition);
          continue;
        }
        INFO(code << " step " << step << ": " << command.ShortDebugString());
        check_invariants(before, state, *events, now);
        for (const auto& e : *events) ++event_counts[event_type(e)];
        history.insert(history.end(), events->begin(), events->end());
      }
      ++outcomes[state.outcome()];
      REQUIRE(MessageDifferencer::Equals(fold(history), state));
    }
  }
  // The generator must reach every kind of event and outcome, or it proves little.
  for (const char* type :
       {"CaseSubmitted", "SupplementRequested", "SupplementProvided", "IntakeRejected",
        "CaseAccepted", "StageStarted", "OpinionRecorded", "StageCompleted", "InspectionRecorded",
        "ClockPaused", "ClockResumed", "LimitExtended", "DecisionMade", "CaseSealed",
        "CaseDelivered", "CaseWithdrawn"}) {
    INFO(type);
    CHECK(event_counts[type] > 0);
  }
  for (auto outcome : {v1::GRANTED, v1::REFUSED, v1::INTAKE_REJECTED, v1::WITHDRAWN}) {
    INFO(v1::Outcome_Name(outcome));
    CHECK(outcomes[outcome] > 0);
  }
  CHECK(refused > 0);
}
