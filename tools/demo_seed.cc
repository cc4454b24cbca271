#include "tools/demo_seed.h"

#include <google/protobuf/text_format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "oneseal/v1/demo.pb.h"

namespace oneseal::cli {

Status seed_demo(const std::filesystem::path& file, const Catalogue& catalogue, UserDirectory& users,
                 CaseService& cases, const QueryCodes& codes, std::ostream& out) {
  std::ifstream in(file);
  if (!in) return Status::not_found("cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  v1::DemoSeed seed;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &seed)) {
    return Status::invalid_argument("demo", file.string() + " is not a oneseal.v1.DemoSeed in text format");
  }

  std::map<std::string, v1::Actor> actors;  // by the user's name
  out << "Demo tokens (demo only):\n";
  for (const auto& u : seed.user()) {
    auto added = users.add_with_token(u.user(), u.token(), catalogue.department_codes());
    if (!added.ok()) return added.status();
    v1::Actor& actor = actors[u.user().name()];
    actor.set_id(added->user().id());
    actor.set_role(added->user().role());
    actor.set_department(added->user().department());
    actor.set_office(added->user().office());
    out << "  " << v1::Role_Name(u.user().role()) << " " << u.user().name() << ": " << u.token() << "\n";
  }

  for (int c = 0; c < seed.case__size(); ++c) {
    std::string case_id, query_code;
    for (int s = 0; s < seed.case_(c).step_size(); ++s) {
      const auto& step = seed.case_(c).step(s);
      v1::Command command = step.command();
      if (auto it = actors.find(step.by()); it != actors.end()) {
        *command.mutable_actor() = it->second;
      } else {
        command.mutable_actor()->set_id("applicant");
        command.mutable_actor()->set_role(v1::APPLICANT);
      }
      if (command.has_submit()) {
        const auto issued = codes.issue();
        command.mutable_submit()->set_query_code_hmac(issued.hmac);
        query_code = issued.code;
      }
      CommandOptions options;
      options.idempotency_key = "demo/" + std::to_string(c) + "/" + std::to_string(s);
      auto done = command.has_submit() ? cases.submit(command, options) : cases.execute(case_id, command, options);
      if (!done.ok()) return Status(done.status()).with_detail("demo case", std::to_string(c + 1));
      if (done->replayed && command.has_submit()) query_code.clear();  // filed on an earlier start
      case_id = done->state.id();
    }
    out << "Demo case " << case_id;
    if (!query_code.empty()) out << ", query code " << query_code;
    out << "\n";
  }
  return Status();
}

}  // namespace oneseal::cli
