// Random but mostly plausible commands for a case of an item: the right actor with arguments
// taken from the case, and now and then a wrong actor or argument. Used by the randomized
// engine test and by the store tests that need many realistic events.
#pragma once

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "engine/decide.h"
#include "oneseal/v1/commands.pb.h"
#include "oneseal/v1/workflow.pb.h"

namespace oneseal::testing {

class RandomCase {
 public:
  RandomCase(const v1::ItemDefinition& item, std::mt19937_64& rng, std::string case_id = "R-1")
      : item_(item), rng_(rng), case_id_(std::move(case_id)) {}

  // A command of a random kind, filled in from the case as a real actor would, with an
  // occasional wrong actor or argument.
  v1::Command next_command(const v1::CaseState& state) {
    v1::Command c;
    switch (pick_kind(state)) {
      case 0: {
        auto* s = c.mutable_submit();
        s->set_case_id(case_id_);
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
  std::string case_id_;
};

}  // namespace oneseal::testing
