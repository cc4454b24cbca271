// The public progress answer, printed field by field (progress_json.h).
#include "engine/http/progress_json.h"

#include "engine/http/json_writer.h"
#include "oneseal/v1/api.pb.h"

namespace oneseal::http {

void print_progress_json(const v1::Progress& p, std::string* out) {
  out->push_back('{');
  append_text_field("caseNo", p.case_no(), out, true);
  append_text_field("itemName", p.item_name(), out);
  append_text_field("applicant", p.applicant(), out);
  append_enum_field("status", p.status(), v1::CaseStatus_IsValid,
                    v1::CaseStatus_Name<v1::CaseStatus>, out);
  append_text_field("statusText", p.status_text(), out);
  append_text_field("receivedAt", p.received_at(), out);
  append_text_field("acceptedAt", p.accepted_at(), out);
  append_text_field("deadline", p.deadline(), out);
  append_text_field("deadlineDate", p.deadline_date(), out);
  append_int_field("workingDaysLeft", p.working_days_left(), out);
  append_text_field("alertLevel", p.alert_level(), out);
  append_bool_field("paused", p.paused(), out);
  append_list_field(
      "timeline", p.timeline_size(),
      [&](int i) {
        out->push_back('{');
        append_text_field("at", p.timeline(i).at(), out, true);
        append_text_field("text", p.timeline(i).text(), out);
        out->push_back('}');
      },
      out);
  append_list_field(
      "branches", p.branches_size(),
      [&](int i) {
        const v1::ProgressBranch& b = p.branches(i);
        out->push_back('{');
        append_text_field("name", b.name(), out, true);
        append_text_field("department", b.department(), out);
        append_text_field("state", b.state(), out);
        append_text_field("deadlineDate", b.deadline_date(), out);
        out->push_back('}');
      },
      out);
  append_text_field("nextAction", p.next_action(), out);
  append_texts_field("missingMaterials", p.missing_materials(), out);
  out->push_back('}');
}

}  // namespace oneseal::http
