// Where a command goes over HTTP and what it carries there: POST /v1/cases for a submission,
// POST /v1/cases/{id}:<verb> for the others (engine/http/api_cases.cc), with the command's
// body message as the request body.
#pragma once

#include <map>
#include <string>

#include "oneseal/v1/commands.pb.h"

namespace oneseal::testing {

inline const google::protobuf::FieldDescriptor* body_field(const v1::Command& command) {
  return command.GetReflection()->GetOneofFieldDescriptor(command, v1::Command::descriptor()->FindOneofByName("body"));
}

inline const google::protobuf::Message& body_of(const v1::Command& command) {
  return command.GetReflection()->GetMessage(command, body_field(command));
}

// The custom method of a command on a case.
inline std::string verb_of(const v1::Command& command) {
  static const std::map<std::string, std::string> kVerbs = {
      {"accept", "accept"},
      {"reject_intake", "reject"},
      {"request_supplement", "requestSupplement"},
      {"provide_supplement", "provideSupplement"},
      {"record_opinion", "recordOpinion"},
      {"record_inspection", "recordInspection"},
      {"pause_clock", "pauseClock"},
      {"resume_clock", "resumeClock"},
      {"extend", "extend"},
      {"make_decision", "decide"},
      {"seal", "seal"},
      {"deliver", "deliver"},
      {"withdraw", "withdraw"},
  };
  return kVerbs.at(body_field(command)->name());
}

// The target of `command` on case `case_id` (ignored for a submission).
inline std::string target_of(const v1::Command& command, const std::string& case_id) {
  return command.has_submit() ? "/v1/cases" : "/v1/cases/" + case_id + ":" + verb_of(command);
}

}  // namespace oneseal::testing
