// The JSON printer prints exactly what protobuf's MessageToJsonString prints (with every field
// printed): compared byte for byte over random messages of every type of the API and of a
// sample holding every kind of field.
#include "engine/http/case_state_json.h"
#include "engine/http/json_printer.h"
#include "engine/http/progress_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "http/json_sample.pb.h"
#include "tests/http/random_message.h"
#include "oneseal/v1/api.pb.h"
#include "oneseal/v1/case.pb.h"
#include "oneseal/v1/commands.pb.h"
#include "oneseal/v1/demo.pb.h"
#include "oneseal/v1/events.pb.h"
#include "oneseal/v1/roles.pb.h"
#include "oneseal/v1/workflow.pb.h"

namespace {

using oneseal::test::RandomFiller;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string protobuf_json(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

std::string printed(const Message& message) {
  std::string json;
  oneseal::http::print_json(message, &json);
  return json;
}

// Every message type of the files the API's messages come from, nested types included.
void collect_types(const Descriptor* type, std::vector<const Descriptor*>* types) {
  if (type->options().map_entry()) return;
  types->push_back(type);
  for (int i = 0; i < type->nested_type_count(); ++i) collect_types(type->nested_type(i), types);
}

// One message of each file (naming them also links their code in).
std::vector<const Descriptor*> api_types() {
  std::vector<const Descriptor*> types;
  for (const Descriptor* of_file :
       {oneseal::v1::Actor::descriptor(), oneseal::v1::Department::descriptor(), oneseal::v1::Applicant::descriptor(),
        oneseal::v1::Submit::descriptor(), oneseal::v1::CaseSubmitted::descriptor(), oneseal::v1::Error::descriptor(),
        oneseal::v1::DemoUser::descriptor(), oneseal::test::JsonSample::descriptor()}) {
    const auto* file = of_file->file();
    for (int i = 0; i < file->message_type_count(); ++i) collect_types(file->message_type(i), &types);
  }
  return types;
}

}  // namespace

TEST_CASE("json printer: prints what protobuf prints, for random messages of every API type", "[json]") {
  const auto types = api_types();
  REQUIRE(types.size() > 50);
  int compared = 0;
  for (const Descriptor* type : types) {
    for (uint64_t seed = 0; seed < 60; ++seed) {
      std::unique_ptr<Message> message(
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
      if (seed > 0) RandomFiller(seed * 7919 + type->index()).fill(message.get(), 0);
      INFO(type->full_name() << " seed " << seed << ": " << message->ShortDebugString());
      REQUIRE(printed(*message) == protobuf_json(*message));
      ++compared;
    }
  }
  CHECK(compared == int(types.size()) * 60);
}

TEST_CASE("json printer: the sample's fields one by one", "[json]") {
  oneseal::test::JsonSample sample;
  CHECK(printed(sample) == protobuf_json(sample));
  sample.set_a_string("<中>\u2028\x01");
  sample.add_many_bytes(std::string("\0\xff", 2));
  sample.set_optional_int32(0);
  sample.set_choice_number(-5);
  (*sample.mutable_by_name())["键"] = "值";
  sample.mutable_at()->set_seconds(1791504000);
  sample.set_a_double(std::numeric_limits<double>::quiet_NaN());
  CHECK(printed(sample) == protobuf_json(sample));
  CHECK_THAT(printed(sample), Catch::Contains(R"("aString":"\u003c中\u003e\u2028\u0001")") &&
                                  Catch::Contains(R"("manyBytes":["AP8="])") &&
                                  Catch::Contains(R"("optionalInt32":0)") && Catch::Contains(R"("choiceNumber":"-5")") &&
                                  Catch::Contains(R"("byName":{"键":"值"})") &&
                                  Catch::Contains(R"("at":"2026-10-09T00:00:00Z")") &&
                                  Catch::Contains(R"("aDouble":"NaN")"));
}

TEST_CASE("json printer: appends to what is already written", "[json]") {
  oneseal::v1::Error error;
  error.set_code("NOT_FOUND");
  std::string out = "prefix:";
  oneseal::http::print_json(error, &out);
  CHECK(out == "prefix:" + protobuf_json(error));
}

TEST_CASE("json printer: a progress view printed field by field is what reflection prints", "[json]") {
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    oneseal::v1::Progress progress;
    if (seed > 0) RandomFiller(seed).fill(&progress, 0);
    INFO("seed " << seed << ": " << progress.ShortDebugString());
    std::string fast = "prefix:";
    oneseal::http::print_progress_json(progress, &fast);
    REQUIRE(fast == "prefix:" + printed(progress));
  }
  // Every field of Progress and of its parts is named here: one added to api.proto without
  // print_progress_json learning it fails the comparison above, as long as the filler sets it.
  CHECK(oneseal::v1::Progress::descriptor()->field_count() == 16);
  CHECK(oneseal::v1::ProgressStep::descriptor()->field_count() == 2);
  CHECK(oneseal::v1::ProgressBranch::descriptor()->field_count() == 4);
}

TEST_CASE("json printer: timestamps from year 1 to 9999 print as protobuf prints them", "[json]") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any_second(-62135596800, 253402300799);
  const int32_t nanos[] = {0, 1, 999999999, 120000000, 123456000, 100, 5000000};
  std::vector<int64_t> seconds = {-62135596800, 253402300799, -1, 0, 1, 86399, 86400, -86400, -86401,
                                  951782400 /* 2000-02-29 */, -2203891200 /* 1900-03-01 */};
  for (int i = 0; i < 20000; ++i) seconds.push_back(any_second(rng));
  for (size_t i = 0; i < seconds.size(); ++i) {
    oneseal::test::JsonSample sample;
    sample.mutable_at()->set_seconds(seconds[i]);
    sample.mutable_at()->set_nanos(nanos[i % 7]);
    INFO(sample.at().ShortDebugString());
    REQUIRE(printed(sample) == protobuf_json(sample));
  }
}

TEST_CASE("json printer: a case state printed field by field is what reflection prints", "[json]") {
  for (uint64_t seed = 0; seed < 3000; ++seed) {
    oneseal::v1::CaseState state;
    if (seed > 0) RandomFiller(seed).fill(&state, 0);
    INFO("seed " << seed << ": " << state.ShortDebugString());
    std::string fast = "prefix:";
    oneseal::http::print_case_state_json(state, false, &fast);
    REQUIRE(fast == "prefix:" + printed(state));
    // Hidden from staff: printed as the state with the field cleared would be.
    std::string hidden;
    oneseal::http::print_case_state_json(state, true, &hidden);
    state.clear_query_code_hmac();
    REQUIRE(hidden == printed(state));
  }
  // Every field of CaseState and of its parts is named here: one added to case.proto without
  // print_case_state_json learning it fails the comparison above, as long as the filler sets it.
  CHECK(oneseal::v1::CaseState::descriptor()->field_count() == 36);
  CHECK(oneseal::v1::Applicant::descriptor()->field_count() == 4);
  CHECK(oneseal::v1::Actor::descriptor()->field_count() == 4);
  CHECK(oneseal::v1::Clock::descriptor()->field_count() == 6);
  CHECK(oneseal::v1::Pause::descriptor()->field_count() == 5);
  CHECK(oneseal::v1::BranchState::descriptor()->field_count() == 9);
  CHECK(oneseal::v1::Inspection::descriptor()->field_count() == 5);
}

TEST_CASE("json printer: a command's answer printed around its state is what reflection prints", "[json]") {
  for (uint64_t seed = 0; seed < 1500; ++seed) {
    oneseal::v1::CaseResponse answer;
    if (seed > 0) RandomFiller(seed).fill(&answer, 0);
    answer.mutable_case_();  // commands always answer with their case
    if (seed % 3 == 0) answer.add_events()->mutable_case_submitted()->set_query_code_hmac(std::string("\x01\xfe", 2));
    INFO("seed " << seed << ": " << answer.ShortDebugString());
    const std::vector<oneseal::v1::Event> events(answer.events().begin(), answer.events().end());
    std::string fast = "prefix:";
    oneseal::http::print_case_response_json(answer.case_(), events, answer.replayed(), answer.query_code(), false,
                                            &fast);
    REQUIRE(fast == "prefix:" + printed(answer));
    std::string hidden;
    oneseal::http::print_case_response_json(answer.case_(), events, answer.replayed(), answer.query_code(), true,
                                            &hidden);
    answer.mutable_case_()->clear_query_code_hmac();
    for (auto& e : *answer.mutable_events()) {
      if (e.has_case_submitted()) e.mutable_case_submitted()->clear_query_code_hmac();
    }
    REQUIRE(hidden == printed(answer));
  }
  CHECK(oneseal::v1::CaseResponse::descriptor()->field_count() == 4);
}

TEST_CASE("json printer: every code point is escaped or not as protobuf does", "[json]") {
  std::string all;
  for (uint32_t cp = 1; cp <= 0x10ffff; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;  // surrogates are not UTF-8
    if (cp < 0x80) {
      all += char(cp);
    } else if (cp < 0x800) {
      all += {char(0xc0 | (cp >> 6)), char(0x80 | (cp & 0x3f))};
    } else if (cp < 0x10000) {
      all += {char(0xe0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3f)), char(0x80 | (cp & 0x3f))};
    } else {
      all += {char(0xf0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3f)), char(0x80 | ((cp >> 6) & 0x3f)),
              char(0x80 | (cp & 0x3f))};
    }
  }
  oneseal::v1::Error error;
  error.set_message(all);
  CHECK(printed(error) == protobuf_json(error));
}
