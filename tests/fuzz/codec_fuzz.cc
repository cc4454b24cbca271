// Fuzz target: request bodies, JSON or binary protobuf, decoded into the messages the routes
// take (engine/http/codec.h). The first byte picks the message, the second the Content-Type;
// the rest is the body. Besides crashes and sanitizer reports it checks one property: a JSON
// body that decodes, printed back as JSON, decodes to the same message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>

#include "engine/http/codec.h"
#include "oneseal/v1/api.pb.h"
#include "oneseal/v1/commands.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;

// Every request body of the API: each command's body (the custom methods), and the bodies of
// the user and public routes.
std::vector<const Descriptor*> body_messages() {
  std::vector<const Descriptor*> out;
  const Descriptor* command = oneseal::v1::Command::descriptor();
  for (int i = 0; i < command->oneof_decl(0)->field_count(); ++i) {
    out.push_back(command->oneof_decl(0)->field(i)->message_type());
  }
  out.push_back(oneseal::v1::CreateUserRequest::descriptor());
  out.push_back(oneseal::v1::PublicApplication::descriptor());
  out.push_back(oneseal::v1::PublicSupplement::descriptor());
  out.push_back(oneseal::v1::PublicWithdrawal::descriptor());
  return out;
}

std::unique_ptr<Message> new_message(const Descriptor* type) {
  return std::unique_ptr<Message>(google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<const Descriptor*> messages = body_messages();
  // protobuf logs each string with invalid UTF-8 it parses: silenced, or logging is the run.
  static const auto quiet = google::protobuf::SetLogHandler(nullptr);
  (void)quiet;
  // Content types as clients send them, parameters and case included, and one not served.
  static const char* const types[] = {"application/json", "application/x-protobuf", "application/json; charset=utf-8",
                                      "Application/Protobuf", "text/plain"};
  if (size < 2) return -1;
  oneseal::http::Request request;
  request.method = "POST";
  request.content_type = types[data[1] % std::size(types)];
  request.body.assign(reinterpret_cast<const char*>(data) + 2, size - 2);
  const Descriptor* type = messages[data[0] % messages.size()];
  auto message = new_message(type);
  if (oneseal::http::decode(request, message.get()) || request.content_type.find("json") == std::string::npos) {
    return 0;
  }
  oneseal::http::Request again;
  again.content_type = oneseal::http::kJsonType;
  again.body = oneseal::http::encode(200, *message, oneseal::http::Format::kJson).body;
  auto reread = new_message(type);
  if (auto error = oneseal::http::decode(again, reread.get())) {
    std::fprintf(stderr, "%s printed as %s does not decode: %s\n", type->full_name().c_str(), again.body.c_str(),
                 error->error.message().c_str());
    std::abort();
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(*message, *reread)) {
    std::fprintf(stderr, "%s changed when printed as %s\n", type->full_name().c_str(), again.body.c_str());
    std::abort();
  }
  return 0;
}
