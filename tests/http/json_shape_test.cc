// The shape check of JSON bodies (engine/http/json_shape.h): arrays where the contract says
// arrays, objects where it says objects, the first offence in the text named; text that is not
// JSON left for protobuf to report.
#include "engine/http/json_shape.h"

#include <catch2/catch.hpp>
#include <string>

#include "oneseal/v1/api.pb.h"
#include "oneseal/v1/commands.pb.h"
#include "oneseal/v1/workflow.pb.h"

namespace {

using oneseal::http::check_json_shape;

// The field an error names, "" when the shape is fine or the text is not JSON.
std::string offence(const std::string& json, const google::protobuf::Descriptor* message) {
  auto error = check_json_shape(json, message);
  return error ? error->error.field() : "";
}

const auto* kSubmit = oneseal::v1::Submit::descriptor();
const auto* kItem = oneseal::v1::ItemDefinition::descriptor();

}  // namespace

TEST_CASE("json shape: lists and objects where the message has them", "[json]") {
  CHECK(offence(R"({"itemCode":"x","materials":["a","b"],"applicant":{"name":"张三"}})", kSubmit) == "");
  CHECK(offence(R"({"materials":"a"})", kSubmit) == "materials");
  CHECK(offence(R"({"applicant":"张三"})", kSubmit) == "applicant");
  CHECK(offence(R"({"applicant":["张三"]})", kSubmit) == "applicant");
  CHECK(offence(R"({"material":[{"id":"a"},"b"]})", kItem) == "material");
  CHECK(offence(R"({"stage":[{"id":"s","branch":{"id":"b"}}]})", kItem) == "stage.branch");
  // Field names as protobuf takes them: lowerCamelCase, the proto name, or escaped.
  CHECK(offence(R"({"item_code":"x","materials":"a"})", kSubmit) == "materials");
  CHECK(offence(R"({"m\u0061terials":"a"})", kSubmit) == "materials");
}

TEST_CASE("json shape: the first offence in the text is the one named", "[json]") {
  CHECK(offence(R"({"applicant":1,"materials":"a"})", kSubmit) == "applicant");
  CHECK(offence(R"({"materials":"a","applicant":1})", kSubmit) == "materials");
  auto error = check_json_shape(R"({"materials":"a"})", kSubmit);
  REQUIRE(error);
  CHECK(error->status == 400);
  CHECK(error->error.message() == "'materials' must be an array");
}

TEST_CASE("json shape: null, unknown fields, scalars and well-known types are not its business", "[json]") {
  CHECK(offence(R"({"materials":null,"applicant":null})", kSubmit) == "");
  CHECK(offence(R"({"colour":["red",{"x":[1,2]}],"materials":[]})", kSubmit) == "");
  CHECK(offence(R"({"itemCode":12,"channel":"TELEPATHY"})", kSubmit) == "");
  CHECK(offence(R"( { "details" : { "a" : "b" } } )", oneseal::v1::Error::descriptor()) == "");
  CHECK(offence(R"({"details":["a"]})", oneseal::v1::Error::descriptor()) == "details");
}

TEST_CASE("json shape: a body that is JSON but no object, and text that is not JSON", "[json]") {
  for (const char* not_an_object : {"[]", "42", "\"x\"", "null", " true "}) {
    INFO(not_an_object);
    CHECK(offence(not_an_object, kSubmit) == "body");
  }
  for (const char* not_json : {"", "{", R"({"materials":)", R"({"material":[)", "[1,", "nul", "{\"a\":\"\x01\"}", R"({"a":"\q"})"}) {
    INFO(not_json);
    CHECK_FALSE(check_json_shape(not_json, kSubmit));
  }
}
