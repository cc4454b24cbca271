// Private to engine/: the state one call of decide() works with, and the checks the
// command handlers (decide_*.cc) share.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/decide.h"

namespace oneseal {

class Decider {
 public:
  Decider(const v1::ItemDefinition& item, const v1::CaseState& state, const v1::Command& command,
          Instant now, const Calendar& calendar)
      : item_(item), state_(state), actor_(command.actor()), now_(now), calendar_(calendar) {}

  // decide_intake.cc
  Status submit(const v1::Submit& c);
  Status accept(const v1::Accept& c);
  Status reject_intake(const v1::RejectIntake& c);
  Status request_supplement(const v1::RequestSupplement& c);
  Status provide_supplement(const v1::ProvideSupplement& c);
  Status deem_accepted();
  // decide_review.cc
  Status record_opinion(const v1::RecordOpinion& c);
  Status record_inspection(const v1::RecordInspection& c);
  Status pause_clock(const v1::PauseClock& c);
  Status resume_clock(const v1::ResumeClock& c);
  Status extend(const v1::Extend& c);
  // decide_outcome.cc
  Status make_decision(const v1::MakeDecision& c);
  Status seal(const v1::Seal& c);
  Status deliver(const v1::Deliver& c);
  Status withdraw(const v1::Withdraw& c);
  Status raise_alert(const v1::RaiseAlert& c);  // decide_alert.cc

  std::vector<v1::Event>& events() { return events_; }

 private:
  // FAILED_PRECONDITION unless the case is in one of `statuses`.
  Status require_status(std::initializer_list<v1::CaseStatus> statuses,
                        const std::string& action) const;
  Status require_running_clock(const std::string& action) const;
  // The actor's role may perform some stage of `kind` of this item (its performed_by, or
  // `usual` where a stage names none). Checked before the case's status, so that a caller who
  // could never do this hears PERMISSION_DENIED and learns nothing of the case's state.
  Status check_role_for_kind(v1::StageKind kind, v1::Role usual, const std::string& action) const;
  // The reviewer's department must review in the current stage.
  Status require_reviewing_department(const std::string& action) const;
  Status require_clock_keeper(const std::string& action) const;

  // Art. 32: accepted as of the day the materials came in, recorded when the period ended.
  Status record_deemed_acceptance();

  v1::Event& add_event(Instant at);
  v1::Event& add_event() { return add_event(now_); }
  // Records the acceptance and starts the first stage (or, with a pledge, the decision).
  void accept_case(v1::AcceptMode mode, Instant accepted_at,
                   const std::vector<std::string>& outstanding, const std::string& note,
                   Instant event_at);
  // Starts stage `id`, its branch clocks counted from `clocks_start`.
  void start_stage(const std::string& id, Instant clocks_start, Instant event_at);
  void start_stage(const std::string& id) { start_stage(id, now_, now_); }

  const v1::Stage* stage(const std::string& id) const;
  const v1::Stage* current_stage() const { return stage(state_.stage_id()); }
  const v1::Material* material(const std::string& id) const;
  const v1::OptionalStep* step(const std::string& id) const;
  // The materials every case of the item needs (all but the optional ones) not handed in.
  std::set<std::string> materials_not_handed_in() const;

  const v1::ItemDefinition& item_;
  const v1::CaseState& state_;
  const v1::Actor& actor_;
  const Instant now_;
  const Calendar& calendar_;
  std::vector<v1::Event> events_;
};

}  // namespace oneseal
