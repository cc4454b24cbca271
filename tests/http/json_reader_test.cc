// The plain JSON reader (engine/http/json_reader.h) reads what protobuf's JsonStringToMessage
// reads, the same message, whenever it reads a body at all, and leaves every body protobuf
// refuses to protobuf: checked on random messages of every type of the API, printed by
// protobuf in each of its forms and then spoiled in random ways.
#include "engine/http/json_reader.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "http/json_sample.pb.h"
#include "tests/http/random_message.h"
#include "oneseal/v1/api.pb.h"
#include "oneseal/v1/commands.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

std::unique_ptr<Message> empty(const Descriptor* type) {
  return std::unique_ptr<Message>(MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// Whether the reader took `json`; when it did, protobuf must read the same message from it.
bool read_as_protobuf_does(const std::string& json, const Descriptor* type) {
  auto ours = empty(type);
  if (!oneseal::http::read_plain_json(json, ours.get())) return false;
  auto theirs = empty(type);
  INFO(json);
  REQUIRE(google::protobuf::util::JsonStringToMessage(json, theirs.get()).ok());
  REQUIRE(google::protobuf::util::MessageDifferencer::Equals(*ours, *theirs));
  return true;
}

// Every type of the request bodies' files (commands, the API's own requests) and the sample.
std::vector<const Descriptor*> body_types() {
  std::vector<const Descriptor*> types;
  for (const Descriptor* of_file :
       {oneseal::v1::Submit::descriptor(), oneseal::v1::CreateUserRequest::descriptor(),
        oneseal::test::JsonSample::descriptor()}) {
    const auto* file = of_file->file();
    for (int i = 0; i < file->message_type_count(); ++i) types.push_back(file->message_type(i));
  }
  return types;
}

}  // namespace

TEST_CASE("json reader: reads what protobuf reads, or leaves it to protobuf", "[json]") {
  std::mt19937_64 rng(11);
  int taken = 0, tried = 0;
  for (const Descriptor* type : body_types()) {
    for (uint64_t seed = 0; seed < 80; ++seed) {
      auto message = empty(type);
      if (seed > 0)
        oneseal::test::RandomFiller(seed * 104729 + type->index()).fill(message.get(), 0);
      google::protobuf::util::JsonPrintOptions options;
      options.always_print_primitive_fields = seed % 2 == 0;
      options.preserve_proto_field_names = seed % 3 == 0;
      std::string json;
      REQUIRE(google::protobuf::util::MessageToJsonString(*message, &json, options).ok());
      ++tried;
      if (read_as_protobuf_does(json, type)) ++taken;
      // Spoiled: cut short, a character changed, a key renamed, a value doubled.
      for (int k = 0; k < 6; ++k) {
        std::string spoiled = json;
        const size_t at = std::uniform_int_distribution<size_t>(0, json.size() - 1)(rng);
        switch (k % 3) {
          case 0:
            spoiled.resize(at);
            break;
          case 1:
            spoiled[at] = "{}[]\",:0-a \\"[rng() % 12];
            break;
          case 2:
            spoiled.insert(at,
                           spoiled.substr(at, std::uniform_int_distribution<size_t>(1, 12)(rng)));
            break;
        }
        read_as_protobuf_does(spoiled, type);
      }
    }
  }
  // A good share is read here, not merely left to protobuf (a reader that took nothing would
  // pass the comparisons above); the rest hold escapes, doubles, bytes or quoted integers.
  INFO(taken << " of " << tried);
  CHECK(taken * 4 > tried);
}

TEST_CASE("json reader: the bodies of a case's life are read here", "[json]") {
  const std::pair<const Descriptor*, std::string> bodies[] = {
      {oneseal::v1::Submit::descriptor(),
       R"({"itemCode":"XK-SCJG-00012-000","channel":"WINDOW","office":"hall-1","applicant":{"kind":"ORGANISATION",)"
       R"("name":"武汉市示例餐饮有限公司","idNumber":"91420100MA4K00000X","phone":"13800001234"},)"
       R"("materials":["application","subject_licence"]})"},
      {oneseal::v1::Accept::descriptor(), R"({"mode":"COMPLETE","note":"材料齐全，当场受理"})"},
      {oneseal::v1::RecordInspection::descriptor(),
       R"( { "stepId" : "on_site", "inspectors":["核查员1","核查员2"],"findings":"一致","passed":true } )"},
      {oneseal::v1::RecordOpinion::descriptor(),
       R"({"branch_id":"market","verdict":"APPROVE","reasons":"符合"})"},
      {oneseal::v1::Seal::descriptor(), R"({"certificateNo":"JY14201000000001"})"},
      {oneseal::v1::Deliver::descriptor(), "{}"},
  };
  for (const auto& [type, json] : bodies) {
    INFO(json);
    CHECK(read_as_protobuf_does(json, type));
  }
}

TEST_CASE("json reader: leaves to protobuf what it reads differently or refuses", "[json]") {
  const auto* accept = oneseal::v1::Accept::descriptor();
  for (const std::string json :
       {R"({"note":"a\"b"})", R"({"note":null})", R"({"mode":1})", R"({"mode":"complete"})",
        R"({"nope":"x"})", R"({"note":"a","note":"b"})", R"({"note":"a","note":"a"})",
        R"({"missingMaterials":"a"})", R"([])", R"({"note":"a"} x)", "{\"note\":\"\xff\"}",
        "{\"note\":\"\xed\xa0\x80\"}", "{\"note\":\"\xc0\xaf\"}", R"({"note":"a",})", "", "{"}) {
    INFO(json);
    auto message = empty(accept);
    CHECK_FALSE(oneseal::http::read_plain_json(json, message.get()));
  }
  const auto* sample = oneseal::test::JsonSample::descriptor();
  for (const std::string json :
       {R"({"aDouble":1})", R"({"anInt64":"5"})", R"({"anInt32":1.0})", R"({"anInt32":1e2})",
        R"({"anInt32":01})", R"({"anInt32":2147483648})", R"({"at":"2026-01-01T00:00:00Z"})",
        R"({"byName":{}})", R"({"choiceText":"a","choiceInner":{}})"}) {
    INFO(json);
    auto message = empty(sample);
    CHECK_FALSE(oneseal::http::read_plain_json(json, message.get()));
  }
}
