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

using namespace oneseal;
using google::protobuf::util::MessageDifferencer;

namespace {

class RandomCase {
 public:
  RandomCase(const v1::ItemDefinition& item, std::mt19937_64& rng) : item_(item), rng_(rng) {}

  // A command of a random kind, filled in from the case as a real actor would, with an
  // occasional wrong actor or argument.
  v1::Command next_command(const v1::CaseState& state) {
    v1::Command c;
    switch (pick_kind(state)) {
      case 0: {
        auto* s = c.mutable_submit();
        s->set_case_id("R-1");
        s->set_item_code(chance(95) ? item_.code() : "XK-OTHER");
        auto* a = s->mutable_applicant();
        a->set_kind(v1::ORGANISATION);
        a->set_name("某某有限公司");
        a->set_id_number("91420100MA4K00000X");
        if (chance(95)) a->set_phone("13800001234");
        for (const auto& m : item_.material()) {
          if (chance(75)) s->add_materials(m.id());
        }
        if (chance(3)) s->add_materials("unknown");
        s->set_channel(chance(80) ? v1::WINDOW : v1::ONLINE);
        s->set_office("hall-1");
        *c.mutable_actor() = s->channel() == v1::WINDOW ? clerk() : applicant();
        break;
      }
      case 1: {
        auto* a = c.mutable_accept();
        const int mode = pick(4);
        a->set_mode(mode == 0 ? v1::WITH_DEFICIENCIES : mode == 1 ? v1::PLEDGE : v1::COMPLETE);
        for (const auto& id : not_handed_in(state)) {
          if (chance(90)) a->add_missing_materials(id);
        }
        *c.mutable_actor() = clerk();
        break;
      }
      case 2:
        c.mutable_reject_intake()->set_reason(chance(90) ? "不属于本机关职权范围" : "");
        *c.mutable_actor() = clerk();
        break;
      case 3: {
        auto* r = c.mutable_request_supplement();
        for (const auto& id : not_handed_in(state)) {
          if (chance(90)) r->add_missing()->set_material_id(id);
        }
        if (r->missing().empty()) r->add_missing()->set_material_id(item_.material(0).id());
        *c.mutable_actor() = clerk();
        break;
      }
      case 4: {
        auto* p = c.mutable_provide_supplement();
        for (const auto& id : state.missing_materials()) p->add_materials(id);
        for (const auto& id : state.outstanding_materials()) {
          if (chance(70)) p->add_materials(id);
        }
        if (p->materials().empty() || chance(5))
          p->add_materials(item_.material(pick(item_.material_size())).id());
        *c.mutable_actor() = chance(50) ? applicant() : clerk();
        break;
      }
      case 5:
        c.mutable_deem_accepted();
        *c.mutable_actor() = system();
        break;
      case 6: {
        auto* o = c.mutable_record_opinion();
        const v1::BranchState* b = open_branch(state);
        o->set_branch_id(b ? b->id() : "nope");
        const int v = pick(10);
        o->set_verdict(v < 6 ? v1::APPROVE : v < 8 ? v1::APPROVE_WITH_CONDITIONS : v1::DENY);
        if (chance(90)) o->set_reasons("审查意见");
        if (chance(90)) o->set_conditions("整改条件");
        *c.mutable_actor() = reviewer(b ? b->department() : "scjg");
        break;
      }
      case 7: {
        auto* i = c.mutable_record_inspection();
        i->set_step_id(item_.step_size() > 0 ? item_.step(pick(item_.step_size())).id() : "none");
        i->add_inspectors("张三");
        if (chance(85)) i->add_inspectors("李四");
        i->set_findings("现场符合要求");
        i->set_passed(true);
        const v1::BranchState* b = open_branch(state);
        *c.mutable_actor() = reviewer(b ? b->department() : "scjg");
        break;
      }
      case 8: {
        auto* p = c.mutable_pause_clock();
        p->set_reason(v1::PauseReason(1 + pick(8)));
        p->set_expected_working_days(chance(95) ? 1 + pick(10) : 0);
        *c.mutable_actor() = approver();
        break;
      }
      case 9:
        c.mutable_resume_clock();
        *c.mutable_actor() = approver();
        break;
      case 10: {
        auto* e = c.mutable_extend();
        e->set_working_days(1 + pick(std::max(1, item_.extension_working_days() + 1)));
        e->set_reason("情况复杂");
        *c.mutable_actor() = approver();
        break;
      }
      case 11: {
        auto* d = c.mutable_make_decision();
        d->set_verdict(chance(75) ? v1::APPROVE : v1::DENY);
        d->set_reasons("决定理由");
        if (chance(95)) d->set_remedies("可申请行政复议或提起行政诉讼");
        *c.mutable_actor() = approver();
        break;
      }
      case 12:
        c.mutable_seal()->set_certificate_no("CERT-1");
        *c.mutable_actor() = approver();
        break;
      case 13:
        c.mutable_deliver()->set_method("window");
        *c.mutable_actor() = clerk();
        break;
      default:
        c.mutable_withdraw()->set_reason("申请人撤回");
        *c.mutable_actor() = chance(50) ? applicant() : clerk();
        break;
    }
    if (chance(8)) *c.mutable_actor() = random_actor();
    return c;
  }

  Instant next_time(Instant now) {
    const int jump = pick(100);
    std::chrono::seconds step{jump < 60   ? pick(6 * 3600)
                              : jump < 95 ? pick(3 * 86400)
                                          : pick(12 * 86400)};
    return now + step;
  }

 private:
  // Mostly a command the case's status admits, with ends (withdrawal, refusal) rarer so that
  // cases live long enough to reach their decision; sometimes any command at all.
  int pick_kind(const v1::CaseState& state) {
    static const char* const kKinds[] = {"submit",
                                         "accept",
                                         "reject_intake",
                                         "request_supplement",
                                         "provide_supplement",
                                         "deem_accepted",
                                         "record_opinion",
                                         "record_inspection",
                                         "pause_clock",
                                         "resume_clock",
                                         "extend",
                                         "make_decision",
                                         "seal",
                                         "deliver",
                                         "withdraw"};
    const auto allowed = allowed_commands(state);
    if (allowed.empty() || chance(15)) return pick(15);
    std::string name = allowed[pick(int(allowed.size()))];
    for (int retry = 0; retry < 3 && (name == "withdraw" || name == "reject_intake") && chance(90);
         ++retry) {
      name = allowed[pick(int(allowed.size()))];
    }
    return int(std::find(std::begin(kKinds), std::end(kKinds), name) - std::begin(kKinds));
  }

  int pick(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng_)); }
  bool chance(int percent) { return pick(100) < percent; }

  std::vector<std::string> not_handed_in(const v1::CaseState& state) const {
    std::vector<std::string> out;
    for (const auto& m : item_.material()) {
      if (m.optional()) continue;
      if (std::find(state.materials().begin(), state.materials().end(), m.id()) ==
          state.materials().end()) {
        out.push_back(m.id());
      }
    }
    return out;
  }

  const v1::BranchState* open_branch(const v1::CaseState& state) {
    std::vector<const v1::BranchState*> open;
    for (const auto& b : state.branch()) {
      if (b.stage_id() == state.stage_id() && (b.verdict() == v1::VERDICT_UNSPECIFIED || chance(5)))
        open.push_back(&b);
    }
    return open.empty() ? nullptr : open[pick(int(open.size()))];
  }

  static v1::Actor actor(const char* id, v1::Role role, const std::string& department = "",
                         const std::string& office = "") {
    v1::Actor a;
    a.set_id(id);
    a.set_role(role);
    a.set_department(department);
    a.set_office(office);
    return a;
  }
  v1::Actor clerk() { return actor("clerk", v1::CLERK, "", chance(95) ? "hall-1" : "hall-2"); }
  v1::Actor applicant() { return actor("applicant", v1::APPLICANT); }
  v1::Actor approver() { return actor("approver", v1::APPROVER); }
  v1::Actor system() { return actor("engine", v1::SYSTEM); }
  v1::Actor reviewer(const std::string& department) {
    return actor("reviewer", v1::REVIEWER, chance(95) ? department : "other");
  }
  v1::Actor random_actor() {
    return actor("anyone", v1::Role(1 + pick(7)), chance(50) ? "scjg" : "wjw",
                 chance(50) ? "hall-1" : "hall-2");
  }

  const v1::ItemDefinition& item_;
  std::mt19937_64& rng_;
};

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
      RandomCase gen(item, rng);
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
