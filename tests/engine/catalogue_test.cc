#include "engine/catalogue.h"

#include <google/protobuf/text_format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/engine/fixtures.h"

using namespace oneseal;

namespace {

// A small valid item: one parallel review, decision, seal, delivery.
const char* kValidItem = R"pb(
  code: "XK-TEST-0001"
  version: 1
  name: "测试事项"
  department: "scjg"
  legal_basis: "测试依据"
  kind: PROMISED
  statutory_limit_working_days: 20
  promised_limit_working_days: 10
  extension_working_days: 10
  accept_with_deficiencies: true
  material { id: "form" name: "申请书" key: true }
  material { id: "plan" name: "平面图" key: false }
  stage {
    id: "review"
    kind: REVIEW
    next: "decision"
    steps: [ "inspect" ]
    branch {
      id: "a"
      department: "scjg"
      limit_working_days: 5
      materials: [ "form" ]
    }
    branch { id: "b" department: "wjw" limit_working_days: 8 }
  }
  stage { id: "decision" kind: DECISION next: "seal" on_refuse: "delivery" }
  stage { id: "seal" kind: SEAL next: "delivery" }
  stage { id: "delivery" kind: DELIVERY }
  step { id: "inspect" kind: ON_SITE_INSPECTION min_staff: 2 }
)pb";

v1::ItemDefinition valid_item() {
  v1::ItemDefinition item;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(kValidItem, &item));
  return item;
}

std::vector<std::string> problems_of(const v1::ItemDefinition& item) {
  return validate_item(item, {"scjg", "wjw"});
}

struct Breakage {
  const char* what;
  std::function<void(v1::ItemDefinition&)> change;
  const char* message;
};

v1::Stage& stage(v1::ItemDefinition& item, const std::string& id) {
  for (auto& s : *item.mutable_stage()) {
    if (s.id() == id) return s;
  }
  throw std::runtime_error("no stage " + id);
}

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("the valid test item and the real catalogue pass", "[catalogue]") {
  CHECK(problems_of(valid_item()).empty());
  auto load = load_catalogue(ONESEAL_SOURCE_DIR "/workflows");
  CHECK(load.errors.empty());
  CHECK(load.catalogue.items.size() >= 8);
  int parallel = 0, instant = 0;
  for (const auto& [code, item] : load.catalogue.items) {
    instant += item.kind() == v1::INSTANT;
    bool has_parallel = false;
    for (const auto& s : item.stage()) has_parallel |= s.branch_size() >= 2;
    parallel += has_parallel;
  }
  CHECK(parallel >= 4);
  CHECK(instant >= 1);
}

TEST_CASE("each broken rule of an item is named", "[catalogue]") {
  const Breakage cases[] = {
      {"code missing", [](auto& i) { i.clear_code(); }, "code is missing"},
      {"code too long", [](auto& i) { i.set_code(std::string(37, 'X')); },
       "code is longer than 36 characters"},
      {"code with a space", [](auto& i) { i.set_code("XK 1"); },
       "code may hold only letters, digits"},
      {"version 0", [](auto& i) { i.set_version(0); }, "version must be 1 or more"},
      {"unknown department", [](auto& i) { i.set_department("nope"); },
       "department 'nope' is not in departments.textproto"},
      {"kind missing", [](auto& i) { i.clear_kind(); }, "kind must be INSTANT or PROMISED"},
      {"statutory limit 0", [](auto& i) { i.set_statutory_limit_working_days(0); },
       "statutory_limit_working_days must be positive"},
      {"promised limit 0", [](auto& i) { i.set_promised_limit_working_days(0); },
       "promised_limit_working_days must be positive"},
      {"promised over statutory", [](auto& i) { i.set_promised_limit_working_days(25); },
       "promised limit (25) exceeds the statutory limit (20)"},
      {"instant item with a promise", [](auto& i) { i.set_kind(v1::INSTANT); },
       "an INSTANT item is decided the same day"},
      {"negative extension", [](auto& i) { i.set_extension_working_days(-1); },
       "extension_working_days must not be negative"},
      {"warning share over 100", [](auto& i) { i.set_warning_share_percent(101); },
       "warning_share_percent must be between 0 and 100"},
      {"duplicate material", [](auto& i) { i.mutable_material(1)->set_id("form"); },
       "material id 'form' is used twice"},
      {"key and optional", [](auto& i) { i.mutable_material(0)->set_optional(true); },
       "material form cannot be both key and optional"},
      {"pledge approval without a pledge", [](auto& i) { i.set_pledge_approval(true); },
       "pledge_approval needs exactly one material marked pledge"},
      {"a pledge on an item without pledge approval",
       [](auto& i) {
         i.mutable_material(1)->set_optional(true);
         i.mutable_material(1)->set_pledge(true);
       },
       "a material marked pledge needs pledge_approval"},
      {"a pledge that is not optional",
       [](auto& i) {
         i.set_pledge_approval(true);
         i.mutable_material(1)->set_pledge(true);
       },
       "must be optional: only the pledge route needs it"},
      {"deficiencies without a non-key material",
       [](auto& i) { i.mutable_material(1)->set_key(true); },
       "accept_with_deficiencies needs at least one non-key, non-optional material"},
      {"branch of an unknown department",
       [](auto& i) { stage(i, "review").mutable_branch(1)->set_department("x"); },
       "branch b: department 'x' is not in departments.textproto"},
      {"branch over the item's limit",
       [](auto& i) { stage(i, "review").mutable_branch(1)->set_limit_working_days(11); },
       "branch b: limit (11) exceeds the item's promised limit (10)"},
      {"branch limit 0",
       [](auto& i) { stage(i, "review").mutable_branch(0)->set_limit_working_days(0); },
       "branch a: limit_working_days must be positive"},
      {"branch with an unknown material",
       [](auto& i) { stage(i, "review").mutable_branch(0)->add_materials("zz"); },
       "branch a: material 'zz' is not listed"},
      {"duplicate branch id", [](auto& i) { stage(i, "review").mutable_branch(1)->set_id("a"); },
       "branch id 'a' is missing or used twice"},
      {"a branch named like a case clock",
       [](auto& i) { stage(i, "review").mutable_branch(0)->set_id("promised"); },
       "branch promised: the id is reserved for the case's own clocks"},
      {"duplicate stage id", [](auto& i) { stage(i, "seal").set_id("decision"); },
       "stage id 'decision' is missing or used twice"},
      {"review without branches", [](auto& i) { stage(i, "review").clear_branch(); },
       "stage review: a REVIEW stage needs at least one branch"},
      {"dead end after review", [](auto& i) { stage(i, "review").clear_next(); },
       "stage review: next is missing (a dead end)"},
      {"decision without a refusal path", [](auto& i) { stage(i, "decision").clear_on_refuse(); },
       "stage decision: on_refuse is missing (a dead end)"},
      {"next to an unknown stage", [](auto& i) { stage(i, "seal").set_next("nowhere"); },
       "stage seal: next names unknown stage 'nowhere'"},
      {"delivery with a next", [](auto& i) { stage(i, "delivery").set_next("review"); },
       "stage delivery: a DELIVERY stage ends the case and has no next"},
      {"on_deny not a decision", [](auto& i) { stage(i, "review").set_on_deny("seal"); },
       "stage review: on_deny must name a DECISION stage"},
      {"undeclared step", [](auto& i) { stage(i, "review").add_steps("hearing"); },
       "stage review: step 'hearing' is not declared"},
      {"inspection by one person", [](auto& i) { i.mutable_step(0)->set_min_staff(1); },
       "step inspect: an on-site inspection needs min_staff of 2 or more"},
      {"supervisor performing a step",
       [](auto& i) { stage(i, "decision").add_performed_by(v1::SUPERVISOR); },
       "stage decision: role SUPERVISOR may not act on cases"},
      {"parallel review in an instant item",
       [](auto& i) {
         i.set_kind(v1::INSTANT);
         i.set_promised_limit_working_days(0);
       },
       "stage review: an INSTANT item has no parallel review"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto item = valid_item();
    c.change(item);
    auto problems = problems_of(item);
    REQUIRE_FALSE(problems.empty());
    bool found = false;
    for (const auto& p : problems) found |= p.find(c.message) != std::string::npos;
    INFO("got: " << problems.front());
    CHECK(found);
  }
}

TEST_CASE("the stage graph is walked path by path", "[catalogue]") {
  SECTION("a grant path without a seal") {
    auto item = valid_item();
    stage(item, "decision").set_next("delivery");
    auto problems = problems_of(item);
    CHECK(problems ==
          std::vector<std::string>{
              "path review > decision > delivery grants with 0 seal steps; exactly one is required",
              "stage seal is not reachable from the first stage"});
  }
  SECTION("two seals") {
    auto item = valid_item();
    auto* second = item.add_stage();
    second->set_id("seal2");
    second->set_kind(v1::SEAL);
    second->set_next("delivery");
    stage(item, "seal").set_next("seal2");
    CHECK(problems_of(item) ==
          std::vector<std::string>{"path review > decision > seal > seal2 > delivery grants "
                                   "with 2 seal steps; exactly one is required"});
  }
  SECTION("a seal on the refusal path") {
    auto item = valid_item();
    stage(item, "decision").set_on_refuse("seal");
    CHECK(problems_of(item) ==
          std::vector<std::string>{"path review > decision > seal seals without a grant"});
  }
  SECTION("a cycle") {
    auto item = valid_item();
    stage(item, "review").set_next("review");
    CHECK(problems_of(item) ==
          std::vector<std::string>{"stages form a cycle through 'review'",
                                   "stage decision is not reachable from the first stage",
                                   "stage seal is not reachable from the first stage",
                                   "stage delivery is not reachable from the first stage"});
  }
  SECTION("delivery without a decision") {
    auto item = valid_item();
    stage(item, "review").set_next("delivery");
    auto problems = problems_of(item);
    CHECK(problems.front() == "path review > delivery reaches delivery without a decision");
  }
  SECTION("a stage nobody reaches") {
    auto item = valid_item();
    auto* orphan = item.add_stage();
    orphan->set_id("orphan");
    orphan->set_kind(v1::SEAL);
    orphan->set_next("delivery");
    CHECK(problems_of(item) ==
          std::vector<std::string>{"stage orphan is not reachable from the first stage"});
  }
}

TEST_CASE("a catalogue folder reports syntax and rule errors with their place", "[catalogue]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("oneseal-catalogue-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write(dir / "departments.textproto",
        "department { code: \"scjg\" name: \"市场监管\" }\n"
        "department { code: \"wjw\" name: \"卫健\" }\n");
  write(dir / "items/a_good.textproto", kValidItem);
  write(dir / "items/b_syntax.textproto", "code: \"X\"\nversion: one\n");
  std::string too_long = kValidItem;
  too_long.replace(too_long.find("promised_limit_working_days: 10"), 31,
                   "promised_limit_working_days: 30");
  too_long.replace(too_long.find("XK-TEST-0001"), 12, "XK-TEST-0002");
  write(dir / "items/c_rules.textproto", too_long);
  write(dir / "items/d_duplicate.textproto", kValidItem);
  write(dir / "items/ignored.txt", "not an item");

  auto load = load_catalogue(dir);
  const std::string d = dir.string();
  CHECK(load.files == 5);
  CHECK(load.catalogue.items.size() == 1);
  CHECK(load.errors ==
        std::vector<std::string>{
            d + "/items/b_syntax.textproto:2:10: Expected integer, got: one",
            d + "/items/c_rules.textproto: item XK-TEST-0002: promised limit (30) exceeds the "
                "statutory limit (20)",
            d + "/items/d_duplicate.textproto: item XK-TEST-0001: code is also used by " + d +
                "/items/a_good.textproto",
        });
  std::filesystem::remove_all(dir);
}
