// The life of a case of any catalogue item, as a list of commands built from its
// ItemDefinition alone (stages, branches, steps, performed_by, intake options): who sends each
// command, and what status, stage and events each must lead to. A new item in workflows/ gets
// its life without a line here. Nothing of HTTP: tests/http/case_life_test.cc sends them.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "oneseal/v1/commands.pb.h"
#include "oneseal/v1/workflow.pb.h"

namespace oneseal::testing {

// Who sends a command: a staff role and, for a reviewer, the department they review for. A
// clerk sits at the case's receiving office.
struct Performer {
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string department;
};

struct CaseStep {
  std::string label;    // for failure messages, e.g. "recordOpinion on branch market"
  v1::Command command;  // the body; the actor is whoever's token sends it
  Performer by;
  v1::CaseStatus status_after = v1::CASE_STATUS_UNSPECIFIED;
  std::string stage_after;          // empty once the case is closed
  std::vector<std::string> events;  // the event types the command records, in order
};

// How the life ends: granted, or refused because the first review stage's last branch denies.
enum class Ending { kGranted, kRefused };

// The intake route the item offers: a pledge (告知承诺制) skips the reviews; acceptance with
// deficiencies (容缺受理) leaves the non-key materials owed until a supplement before the
// decision; otherwise everything is handed in and accepted as complete.
enum class Intake { kComplete, kPledge, kDeficiencies };

namespace case_steps_detail {

inline const v1::Stage& stage(const v1::ItemDefinition& item, const std::string& id) {
  for (const auto& s : item.stage()) {
    if (s.id() == id) return s;
  }
  throw std::invalid_argument("item " + item.code() + " has no stage '" + id + "'");
}

inline const v1::OptionalStep& step(const v1::ItemDefinition& item, const std::string& id) {
  for (const auto& s : item.step()) {
    if (s.id() == id) return s;
  }
  throw std::invalid_argument("item " + item.code() + " has no step '" + id + "'");
}

// The first declared role, or the usual one when the list is empty.
template <typename Roles>
v1::Role first_or(const Roles& declared, v1::Role usual) {
  return declared.empty() ? usual : v1::Role(*declared.begin());
}

inline Performer performer(v1::Role role, const std::string& department) {
  return {role, role == v1::REVIEWER ? department : ""};
}

// The status a stage of each kind leaves the case in: the tests' own table, kept apart from
// engine/apply.cc on purpose so that it checks the engine rather than repeats it.
inline v1::CaseStatus status_of(v1::StageKind kind) {
  switch (kind) {
    case v1::REVIEW:
      return v1::IN_REVIEW;
    case v1::DECISION:
      return v1::AWAITING_DECISION;
    case v1::SEAL:
      return v1::AWAITING_SEAL;
    case v1::DELIVERY:
      return v1::AWAITING_DELIVERY;
    default:
      return v1::CASE_STATUS_UNSPECIFIED;
  }
}

inline bool owed_with_deficiencies(const v1::Material& m) { return !m.key() && !m.optional(); }

// Walks the item's stages from the one acceptance starts, as the engine would, adding a step
// for each thing done in them. Each step is sent by the first role the item declares for it
// (performed_by, intake_by), else the usual one: so the instant item's registrar-clerk decides
// at the window (审核合一), and elsewhere an approver.
class LifeBuilder {
 public:
  LifeBuilder(const v1::ItemDefinition& item, Ending ending) : item_(item), ending_(ending) {}

  std::vector<CaseStep> build() {
    submit_and_accept();
    std::string at = stage_after_acceptance();
    start(at);
    if (intake() == Intake::kDeficiencies) supplement();
    while (!at.empty()) {
      const v1::Stage& s = stage(item_, at);
      switch (s.kind()) {
        case v1::REVIEW:
          at = review(s);
          break;
        case v1::DECISION:
          at = decide(s);
          break;
        case v1::SEAL:
          at = seal(s);
          break;
        default:
          deliver(s);
          at.clear();
          break;
      }
    }
    return std::move(steps_);
  }

  Intake intake() const {
    if (item_.pledge_approval()) return Intake::kPledge;
    const auto& m = item_.material();
    const bool owed = std::any_of(m.begin(), m.end(), owed_with_deficiencies);
    return item_.accept_with_deficiencies() && owed ? Intake::kDeficiencies : Intake::kComplete;
  }

 private:
  CaseStep& add(std::string label, Performer by, std::vector<std::string> events) {
    CaseStep& step = steps_.emplace_back();
    step.label = std::move(label);
    step.by = std::move(by);
    step.events = std::move(events);
    // Unless the command moves the case on, it stays where it was.
    if (steps_.size() > 1) {
      step.status_after = steps_[steps_.size() - 2].status_after;
      step.stage_after = steps_[steps_.size() - 2].stage_after;
    }
    return step;
  }

  // The command moved the case into stage `id`, recording StageStarted last.
  void start(const std::string& id) {
    CaseStep& step = steps_.back();
    step.events.push_back("StageStarted");
    step.stage_after = id;
    step.status_after = status_of(stage(item_, id).kind());
  }

  void submit_and_accept() {
    CaseStep& submit = add("submit", {v1::CLERK, ""}, {"CaseSubmitted"});
    submit.status_after = v1::SUBMITTED;
    auto* s = submit.command.mutable_submit();
    s->set_item_code(item_.code());
    auto* a = s->mutable_applicant();
    a->set_kind(v1::ORGANISATION);
    a->set_name("武汉某某有限公司");
    a->set_id_number("91420100MA4K00000X");
    a->set_phone("13800001234");
    for (const auto& m : item_.material()) {
      const bool owed = intake() == Intake::kDeficiencies && owed_with_deficiencies(m);
      // A pledge route hands in the optional pledge too; other optional materials stay home.
      if (!owed && (!m.optional() || intake() == Intake::kPledge)) s->add_materials(m.id());
    }

    const v1::Role intake_role = first_or(item_.intake_by(), v1::CLERK);
    CaseStep& accept = add("accept", performer(intake_role, item_.department()), {"CaseAccepted"});
    auto* c = accept.command.mutable_accept();
    switch (intake()) {
      case Intake::kPledge:
        c->set_mode(v1::PLEDGE);
        break;
      case Intake::kDeficiencies:
        c->set_mode(v1::WITH_DEFICIENCIES);
        for (const auto& m : item_.material()) {
          if (owed_with_deficiencies(m)) c->add_missing_materials(m.id());
        }
        owed_ = c->missing_materials();
        break;
      case Intake::kComplete:
        c->set_mode(v1::COMPLETE);
        break;
    }
    c->set_note("材料齐全，当场受理");
  }

  // The first stage, or on a pledge the first one after the reviews.
  std::string stage_after_acceptance() const {
    std::string id = item_.stage(0).id();
    while (intake() == Intake::kPledge && stage(item_, id).kind() == v1::REVIEW)
      id = stage(item_, id).next();
    return id;
  }

  // 容缺: the clerk hands in what was owed, before the decision.
  void supplement() {
    CaseStep& step = add("provideSupplement", {v1::CLERK, ""}, {"SupplementProvided"});
    *step.command.mutable_provide_supplement()->mutable_materials() = owed_;
  }

  // The stage's optional steps, then one opinion per branch; the last opinion joins the stage.
  // Inspections and pauses are done by the stage's first branch's department: the engine lets
  // any department reviewing in the stage do them, and the item does not say which.
  std::string review(const v1::Stage& s) {
    const std::string& department = s.branch(0).department();
    for (const auto& id : s.steps()) {
      const v1::OptionalStep& st = step(item_, id);
      const Performer by = performer(first_or(st.performed_by(), v1::REVIEWER), department);
      if (st.kind() == v1::ON_SITE_INSPECTION) {
        auto* i = add("recordInspection " + id, by, {"InspectionRecorded"})
                      .command.mutable_record_inspection();
        i->set_step_id(id);
        for (int n = 0; n < std::max(2, st.min_staff()); ++n)
          i->add_inspectors("核查员" + std::to_string(n + 1));
        i->set_findings("现场与申报材料一致");
        i->set_passed(true);
      } else {
        // Expert reviews and hearings (art. 45) are the clock's pauses while they run.
        auto* p = add("pauseClock for " + id, by, {"ClockPaused"}).command.mutable_pause_clock();
        p->set_reason(st.kind() == v1::HEARING ? v1::PAUSE_REASON_HEARING
                                               : v1::PAUSE_REASON_EXPERT_REVIEW);
        p->set_expected_working_days(5);
        p->set_note(st.name());
        add("resumeClock after " + id, by, {"ClockResumed"})
            .command.mutable_resume_clock()
            ->set_note("已结束");
      }
    }
    // In a refused life the first review stage's last branch denies.
    const bool deny_here = ending_ == Ending::kRefused && !denied_;
    for (int b = 0; b < s.branch_size(); ++b) {
      const v1::Branch& branch = s.branch(b);
      const bool last = b + 1 == s.branch_size();
      const Performer by = performer(first_or(s.performed_by(), v1::REVIEWER), branch.department());
      CaseStep& step = add("recordOpinion on branch " + branch.id(), by, {"OpinionRecorded"});
      auto* o = step.command.mutable_record_opinion();
      o->set_branch_id(branch.id());
      o->set_verdict(deny_here && last ? v1::DENY : v1::APPROVE);
      o->set_reasons(deny_here && last ? "经审查不符合法定条件" : "符合法定条件");
      if (last) step.events.push_back("StageCompleted");
    }
    denied_ = denied_ || deny_here;
    const bool binding = deny_here && s.join_rule() == v1::DENY_BINDS;
    const std::string next = binding && !s.on_deny().empty() ? s.on_deny() : s.next();
    start(next);
    return next;
  }

  std::string decide(const v1::Stage& s) {
    const bool grant = ending_ == Ending::kGranted;
    const Performer by = performer(first_or(s.performed_by(), v1::APPROVER), "");
    auto* d = add(grant ? "decide: grant" : "decide: refuse", by, {"DecisionMade"})
                  .command.mutable_make_decision();
    d->set_verdict(grant ? v1::APPROVE : v1::DENY);
    d->set_reasons(grant ? "申请符合法定条件、标准，准予许可" : "申请不符合法定条件，不予许可");
    if (!grant) d->set_remedies("可于六十日内申请行政复议或于六个月内提起行政诉讼");
    const std::string next = grant ? s.next() : s.on_refuse();
    start(next);
    return next;
  }

  std::string seal(const v1::Stage& s) {
    const Performer by = performer(first_or(s.performed_by(), v1::APPROVER), "");
    add("seal", by, {"CaseSealed"})
        .command.mutable_seal()
        ->set_certificate_no("证-" + item_.code());
    start(s.next());
    return s.next();
  }

  void deliver(const v1::Stage& s) {
    const Performer by = performer(first_or(s.performed_by(), v1::CLERK), "");
    CaseStep& step = add("deliver", by, {"CaseDelivered"});
    step.command.mutable_deliver()->set_method("window");
    step.status_after = v1::CLOSED;
    step.stage_after.clear();
  }

  const v1::ItemDefinition& item_;
  const Ending ending_;
  std::vector<CaseStep> steps_;
  bool denied_ = false;                                   // a refused life's deny was given
  google::protobuf::RepeatedPtrField<std::string> owed_;  // 容缺: the materials accepted as owed
};

}  // namespace case_steps_detail

// Every command of a case of `item` from its submission to its close.
inline std::vector<CaseStep> case_life(const v1::ItemDefinition& item,
                                       Ending ending = Ending::kGranted) {
  return case_steps_detail::LifeBuilder(item, ending).build();
}

inline Intake intake_route(const v1::ItemDefinition& item) {
  return case_steps_detail::LifeBuilder(item, Ending::kGranted).intake();
}

}  // namespace oneseal::testing
