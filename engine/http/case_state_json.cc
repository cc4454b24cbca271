// The case state and the command answer, printed field by field (case_state_json.h).
#include "engine/http/case_state_json.h"

#include "engine/http/json_printer.h"
#include "engine/http/json_writer.h"
#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/events.pb.h"

namespace oneseal::http {

namespace {

void append_actor(const v1::Actor& a, std::string* out) {
  out->push_back('{');
  append_text_field("id", a.id(), out, true);
  append_enum_field("role", a.role(), v1::Role_IsValid, v1::Role_Name<v1::Role>, out);
  append_text_field("department", a.department(), out);
  append_text_field("office", a.office(), out);
  out->push_back('}');
}

void append_clock(const v1::Clock& c, std::string* out) {
  out->push_back('{');
  append_name("limitWorkingDays", true, out);
  append_integer(c.limit_working_days(), false, out);
  append_list_field(
      "pause", c.pause_size(),
      [&](int i) {
        const v1::Pause& p = c.pause(i);
        out->push_back('{');
        append_enum_field("reason", p.reason(), v1::PauseReason_IsValid,
                          v1::PauseReason_Name<v1::PauseReason>, out, true);
        append_text_field("note", p.note(), out);
        append_int_field("expectedWorkingDays", p.expected_working_days(), out);
        append_time_field("startedAt", p.has_started_at(), p.started_at(), out);
        append_time_field("endedAt", p.has_ended_at(), p.ended_at(), out);
        out->push_back('}');
      },
      out);
  append_int_field("warningSharePercent", c.warning_share_percent(), out);
  append_texts_field("alertsRaised", c.alerts_raised(), out);
  append_time_field("startedAt", c.has_started_at(), c.started_at(), out);
  append_time_field("stoppedAt", c.has_stopped_at(), c.stopped_at(), out);
  out->push_back('}');
}

void append_clock_field(const char* name, bool set, const v1::Clock& clock, std::string* out) {
  if (!set) return;
  append_name(name, false, out);
  append_clock(clock, out);
}

void append_branch(const v1::BranchState& b, std::string* out) {
  out->push_back('{');
  append_text_field("id", b.id(), out, true);
  append_text_field("stageId", b.stage_id(), out);
  append_text_field("name", b.name(), out);
  append_text_field("department", b.department(), out);
  append_clock_field("clock", b.has_clock(), b.clock(), out);
  append_enum_field("verdict", b.verdict(), v1::Verdict_IsValid, v1::Verdict_Name<v1::Verdict>,
                    out);
  append_text_field("reasons", b.reasons(), out);
  append_text_field("conditions", b.conditions(), out);
  append_text_field("reviewerId", b.reviewer_id(), out);
  out->push_back('}');
}

void append_inspection(const v1::Inspection& i, std::string* out) {
  out->push_back('{');
  append_text_field("stepId", i.step_id(), out, true);
  append_texts_field("inspectors", i.inspectors(), out);
  append_text_field("findings", i.findings(), out);
  append_bool_field("passed", i.passed(), out);
  append_time_field("at", i.has_at(), i.at(), out);
  out->push_back('}');
}

}  // namespace

void print_case_state_json(const v1::CaseState& s, bool hide_query_code, std::string* out) {
  out->push_back('{');
  append_text_field("id", s.id(), out, true);
  append_text_field("itemCode", s.item_code(), out);
  append_int_field("itemVersion", s.item_version(), out);
  append_name("version", false, out);
  append_integer(s.version(), true, out);
  append_enum_field("status", s.status(), v1::CaseStatus_IsValid,
                    v1::CaseStatus_Name<v1::CaseStatus>, out);
  append_enum_field("outcome", s.outcome(), v1::Outcome_IsValid, v1::Outcome_Name<v1::Outcome>,
                    out);
  if (s.has_applicant()) {
    const v1::Applicant& a = s.applicant();
    append_name("applicant", false, out);
    out->push_back('{');
    append_enum_field("kind", a.kind(), v1::ApplicantKind_IsValid,
                      v1::ApplicantKind_Name<v1::ApplicantKind>, out, true);
    append_text_field("name", a.name(), out);
    append_text_field("idNumber", a.id_number(), out);
    append_text_field("phone", a.phone(), out);
    out->push_back('}');
  }
  append_enum_field("channel", s.channel(), v1::Channel_IsValid, v1::Channel_Name<v1::Channel>,
                    out);
  append_text_field("office", s.office(), out);
  if (s.has_submitted_by()) {
    append_name("submittedBy", false, out);
    append_actor(s.submitted_by(), out);
  }
  append_texts_field("materials", s.materials(), out);
  append_bool_field("supplementRequested", s.supplement_requested(), out);
  append_texts_field("missingMaterials", s.missing_materials(), out);
  append_enum_field("acceptMode", s.accept_mode(), v1::AcceptMode_IsValid,
                    v1::AcceptMode_Name<v1::AcceptMode>, out);
  append_texts_field("outstandingMaterials", s.outstanding_materials(), out);
  append_clock_field("promisedClock", s.has_promised_clock(), s.promised_clock(), out);
  append_clock_field("statutoryClock", s.has_statutory_clock(), s.statutory_clock(), out);
  append_bool_field("extended", s.extended(), out);
  append_text_field("stageId", s.stage_id(), out);
  append_list_field(
      "branch", s.branch_size(), [&](int i) { append_branch(s.branch(i), out); }, out);
  append_bool_field("refusalProposed", s.refusal_proposed(), out);
  append_list_field(
      "inspection", s.inspection_size(), [&](int i) { append_inspection(s.inspection(i), out); },
      out);
  append_enum_field("decision", s.decision(), v1::Verdict_IsValid, v1::Verdict_Name<v1::Verdict>,
                    out);
  append_text_field("decisionReasons", s.decision_reasons(), out);
  append_clock_field("deliveryClock", s.has_delivery_clock(), s.delivery_clock(), out);
  append_text_field("certificateNo", s.certificate_no(), out);
  append_text_field("closingNote", s.closing_note(), out);
  append_bool_field("refusalBinding", s.refusal_binding(), out);
  append_text_field("competentAuthority", s.competent_authority(), out);
  append_name("queryCodeHmac", false, out);
  append_base64(hide_query_code ? std::string() : s.query_code_hmac(), out);
  append_time_field("receivedAt", s.has_received_at(), s.received_at(), out);
  append_time_field("acceptedAt", s.has_accepted_at(), s.accepted_at(), out);
  append_time_field("decidedAt", s.has_decided_at(), s.decided_at(), out);
  append_time_field("sealedAt", s.has_sealed_at(), s.sealed_at(), out);
  append_time_field("closedAt", s.has_closed_at(), s.closed_at(), out);
  append_time_field("updatedAt", s.has_updated_at(), s.updated_at(), out);
  out->push_back('}');
}

void print_case_response_json(const v1::CaseState& state, const std::vector<v1::Event>& events,
                              bool replayed, const std::string& query_code, bool hide_query_codes,
                              std::string* out) {
  out->append("{\"case\":");
  print_case_state_json(state, hide_query_codes, out);
  out->append(",\"events\":[");
  for (size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out->push_back(',');
    const v1::Event& e = events[i];
    if (hide_query_codes && e.has_case_submitted() &&
        !e.case_submitted().query_code_hmac().empty()) {
      v1::Event hidden = e;
      hidden.mutable_case_submitted()->clear_query_code_hmac();
      print_json(hidden, out);
    } else {
      print_json(e, out);
    }
  }
  out->push_back(']');
  append_bool_field("replayed", replayed, out);
  append_text_field("queryCode", query_code, out);
  out->push_back('}');
}

}  // namespace oneseal::http
