// Submission and intake (law art. 32): accept, refuse, or ask once for everything missing;
// deemed acceptance when the bureau does none of these within 5 working days.
#include <algorithm>

#include "engine/decider.h"
#include "engine/roles.h"

namespace oneseal {

namespace {

std::string joined(const std::set<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
  return s;
}

}  // namespace

Status Decider::submit(const v1::Submit& c) {
  if (state_.version() > 0)
    return Status::already_exists("case " + state_.id() + " already exists");
  if (Status s = check_role(actor_, {v1::APPLICANT, v1::CLERK}, "submit an application"); !s.ok())
    return s;
  if (c.case_id().empty()) return Status::invalid_argument("case_id", "the case number is missing");
  if (c.item_code() != item_.code()) {
    return Status::invalid_argument(
        "item_code", "item '" + c.item_code() + "' does not match '" + item_.code() + "'");
  }
  const auto& a = c.applicant();
  if (a.kind() == v1::APPLICANT_KIND_UNSPECIFIED) {
    return Status::invalid_argument("applicant.kind",
                                    "say whether the applicant is a PERSON or an ORGANISATION");
  }
  if (a.name().empty())
    return Status::invalid_argument("applicant.name", "the applicant's name is missing");
  if (a.id_number().empty()) {
    return Status::invalid_argument("applicant.id_number",
                                    "the applicant's ID number or credit code is missing");
  }
  if (a.phone().empty())
    return Status::invalid_argument("applicant.phone", "the applicant's phone is missing");
  if (c.channel() == v1::CHANNEL_UNSPECIFIED) {
    return Status::invalid_argument("channel",
                                    "the channel (WINDOW, ONLINE, MOBILE, ASSISTED) is missing");
  }
  const bool staff_channel = c.channel() == v1::WINDOW || c.channel() == v1::ASSISTED;
  if (actor_.role() == v1::APPLICANT && staff_channel) {
    return Status::invalid_argument("channel",
                                    "an applicant files ONLINE or on MOBILE; window and assisted "
                                    "filings are made by a clerk");
  }
  if (actor_.role() == v1::CLERK && !staff_channel) {
    return Status::invalid_argument("channel", "a clerk files at the WINDOW or ASSISTED");
  }
  if (c.office().empty())
    return Status::invalid_argument("office", "the receiving office is missing");
  if (actor_.role() == v1::CLERK && c.office() != actor_.office()) {
    return Status::permission_denied("a clerk of office '" + actor_.office() +
                                     "' may not file at office '" + c.office() + "'");
  }
  std::set<std::string> seen;
  for (const auto& m : c.materials()) {
    if (!material(m))
      return Status::invalid_argument("materials",
                                      "material '" + m + "' is not listed for this item");
    if (!seen.insert(m).second)
      return Status::invalid_argument("materials", "material '" + m + "' is listed twice");
  }
  auto* e = add_event().mutable_case_submitted();
  e->set_case_id(c.case_id());
  e->set_item_code(item_.code());
  e->set_item_version(item_.version());
  *e->mutable_applicant() = a;
  *e->mutable_materials() = c.materials();
  e->set_channel(c.channel());
  e->set_office(c.office());
  e->set_query_code_hmac(c.query_code_hmac());
  return Status();
}

Status Decider::accept(const v1::Accept& c) {
  if (Status s = check_role(actor_, item_.intake_by(), {v1::CLERK}, "accept an application");
      !s.ok())
    return s;
  if (Status s = require_status({v1::SUBMITTED}, "accept"); !s.ok()) return s;
  // Past the 5 working days the application already counts as accepted from its receipt.
  if (now_ >= intake_due(state_, calendar_)) return record_deemed_acceptance();

  const std::set<std::string> missing = materials_not_handed_in();
  std::vector<std::string> outstanding;
  switch (c.mode()) {
    case v1::COMPLETE:
      if (!missing.empty()) {
        return Status::failed_precondition(
            "materials not handed in: " + joined(missing) +
            "; request a supplement, or accept with deficiencies where allowed");
      }
      break;
    case v1::WITH_DEFICIENCIES: {
      if (!item_.accept_with_deficiencies()) {
        return Status::invalid_argument("mode",
                                        "this item does not allow acceptance with deficiencies");
      }
      std::set<std::string> listed(c.missing_materials().begin(), c.missing_materials().end());
      if (listed.empty())
        return Status::invalid_argument("missing_materials", "list the materials still owed");
      for (const auto& id : listed) {
        const v1::Material* m = material(id);
        if (!m)
          return Status::invalid_argument("missing_materials",
                                          "material '" + id + "' is not listed for this item");
        if (m->optional()) {
          return Status::invalid_argument("missing_materials",
                                          "material '" + id + "' is optional and never owed");
        }
        if (m->key()) {
          return Status::invalid_argument(
              "missing_materials",
              "material '" + id + "' is a key material and must be handed in first");
        }
        if (!missing.count(id)) {
          return Status::invalid_argument("missing_materials",
                                          "material '" + id + "' was already handed in");
        }
      }
      if (listed != missing) {
        return Status::invalid_argument(
            "missing_materials", "every material not handed in must be listed: " + joined(missing));
      }
      outstanding.assign(listed.begin(), listed.end());
      break;
    }
    case v1::PLEDGE:
      if (!item_.pledge_approval())
        return Status::invalid_argument("mode", "this item does not offer pledge approval");
      if (!missing.empty()) {
        return Status::failed_precondition("a pledge approval needs every material: missing " +
                                           joined(missing));
      }
      for (const auto& m : item_.material()) {
        const bool handed_in = std::find(state_.materials().begin(), state_.materials().end(), m.id()) !=
                                state_.materials().end();
        if (m.pledge() && !handed_in) {
          return Status::failed_precondition("a pledge approval needs the written pledge: " + m.id() +
                                             " was not handed in");
        }
      }
      break;
    default:
      return Status::invalid_argument("mode", "accept as COMPLETE, WITH_DEFICIENCIES or PLEDGE");
  }
  accept_case(c.mode(), now_, outstanding, c.note(), now_);
  return Status();
}

Status Decider::deem_accepted() {
  if (Status s = require_status({v1::SUBMITTED}, "deem accepted"); !s.ok()) return s;
  if (Status s = check_role(actor_, {v1::SYSTEM}, "record a deemed acceptance"); !s.ok()) return s;
  const Instant due = intake_due(state_, calendar_);
  if (now_ < due) {
    return Status::failed_precondition("the intake period runs until " + format_instant(due));
  }
  return record_deemed_acceptance();
}

Status Decider::record_deemed_acceptance() {
  // Recorded at the instant it fell due, counted from the day the materials came in. The
  // bureau let its chance to ask for materials pass, so none are recorded as owed.
  accept_case(v1::DEEMED, from_proto(state_.received_at()), {}, "", intake_due(state_, calendar_));
  return Status();
}

Status Decider::reject_intake(const v1::RejectIntake& c) {
  if (Status s = check_role(actor_, item_.intake_by(), {v1::CLERK}, "reject an application");
      !s.ok())
    return s;
  if (Status s = require_status({v1::SUBMITTED, v1::AWAITING_SUPPLEMENT}, "reject"); !s.ok())
    return s;
  if (state_.status() == v1::SUBMITTED && now_ >= intake_due(state_, calendar_)) {
    return Status::failed_precondition("the 5 working days for intake ended at " +
                                       format_instant(intake_due(state_, calendar_)) +
                                       ": the application counts as accepted (art. 32)");
  }
  if (c.reason().empty())
    return Status::invalid_argument("reason", "a refusal at intake needs its reason");
  auto* e = add_event().mutable_intake_rejected();
  e->set_reason(c.reason());
  e->set_competent_authority(c.competent_authority());
  return Status();
}

Status Decider::request_supplement(const v1::RequestSupplement& c) {
  if (Status s = check_role(actor_, item_.intake_by(), {v1::CLERK}, "request a supplement");
      !s.ok())
    return s;
  if (Status s = require_status({v1::SUBMITTED}, "request a supplement for"); !s.ok()) return s;
  if (state_.supplement_requested()) {
    return Status::failed_precondition(
        "the applicant was already told once what is missing (一次性告知); "
        "accept or reject the application");
  }
  if (now_ >= intake_due(state_, calendar_)) {
    return Status::failed_precondition("the 5 working days for a supplement notice ended at " +
                                       format_instant(intake_due(state_, calendar_)) +
                                       ": the application counts as accepted (art. 32)");
  }
  if (c.missing().empty())
    return Status::invalid_argument("missing", "list every missing material");
  std::set<std::string> listed;
  for (const auto& m : c.missing()) {
    if (!material(m.material_id())) {
      return Status::invalid_argument(
          "missing.material_id", "material '" + m.material_id() + "' is not listed for this item");
    }
    if (!listed.insert(m.material_id()).second) {
      return Status::invalid_argument("missing.material_id",
                                      "material '" + m.material_id() + "' is listed twice");
    }
  }
  std::set<std::string> unlisted;
  for (const auto& id : materials_not_handed_in()) {
    if (!listed.count(id)) unlisted.insert(id);
  }
  if (!unlisted.empty()) {
    return Status::invalid_argument("missing",
                                    "tell everything at once: also missing " + joined(unlisted));
  }
  *add_event().mutable_supplement_requested()->mutable_missing() = c.missing();
  return Status();
}

Status Decider::provide_supplement(const v1::ProvideSupplement& c) {
  if (Status s = check_role(actor_, {v1::APPLICANT, v1::CLERK}, "hand in materials"); !s.ok())
    return s;
  if (Status s = require_status({v1::AWAITING_SUPPLEMENT, v1::IN_REVIEW, v1::AWAITING_DECISION},
                                "hand in materials for");
      !s.ok()) {
    return s;
  }
  if (c.materials().empty())
    return Status::invalid_argument("materials", "no materials are handed in");
  const bool accepted = state_.status() != v1::AWAITING_SUPPLEMENT;
  std::set<std::string> seen;
  for (const auto& id : c.materials()) {
    if (!material(id))
      return Status::invalid_argument("materials",
                                      "material '" + id + "' is not listed for this item");
    if (!seen.insert(id).second)
      return Status::invalid_argument("materials", "material '" + id + "' is listed twice");
    const auto& owed = state_.outstanding_materials();
    if (accepted && std::find(owed.begin(), owed.end(), id) == owed.end()) {
      return Status::invalid_argument("materials",
                                      "material '" + id + "' is not owed by this case");
    }
  }
  *add_event().mutable_supplement_provided()->mutable_materials() = c.materials();
  return Status();
}

}  // namespace oneseal
