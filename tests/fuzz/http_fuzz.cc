// Fuzz target: whole HTTP requests through Beast's request parser, with the server's limits,
// then through the Api's routing, authentication and handlers (engine/http/api.h) over a real
// store in a temporary folder. Staff of every role exist with fixed tokens (the seeds use
// them), so inputs reach the handlers behind the tokens. Besides crashes and sanitizer reports
// it checks what the server relies on: every answer has a status from 200 to 499 (a 5xx is a
// bug or a broken store), and no header value carries a line break (response splitting).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/text_format.h>

#include "engine/http/api_stack.h"
#include "engine/http/asio.h"
#include "engine/http/beast_request.h"
#include "engine/http/server.h"
#include "engine/time_source.h"
#include "tests/engine/fixtures.h"

namespace {

namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

template <typename T>
T must(oneseal::Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().to_string());
  return std::move(*r);
}

// The server in one process, without sockets; built once, removed with its folder at exit.
struct World {
  World() {
    fs::create_directories(dir);
    // NORMAL sync: nothing here must outlive the run, and an fsync per command would hold
    // the fuzzer to the disk's pace.
    store = must(oneseal::SqliteEventStore::open((dir / "cases.db").string(), oneseal::fixtures::calendar(),
                                                 {.synchronous_full = false}));
    stack = must(oneseal::http::ApiStack::assemble(*store, oneseal::fixtures::catalogue(),
                                                   oneseal::fixtures::calendar(), time, std::string(32, 'k'), 1));
    staff(oneseal::v1::CLERK, "", "hall-1", "fuzz-clerk-hall-1");
    staff(oneseal::v1::REVIEWER, "scjg", "", "fuzz-reviewer-scjg");
    staff(oneseal::v1::REVIEWER, "wjw", "", "fuzz-reviewer-wjw");
    staff(oneseal::v1::APPROVER, "", "", "fuzz-approver-wang");
    staff(oneseal::v1::SUPERVISOR, "", "", "fuzz-supervisor-zhou");
    staff(oneseal::v1::ADMINISTRATOR, "", "", "fuzz-administrator");
    // Two food licence cases the seeds name: one just submitted, one in review.
    file_case("OS2026112300000001");
    file_case("OS2026112300000002");
    must(stack->cases().execute("OS2026112300000002", command(R"(accept { mode: COMPLETE })")));
  }
  ~World() {
    stack.reset();
    store.reset();
    fs::remove_all(dir);
  }
  void staff(oneseal::v1::Role role, const std::string& department, const std::string& office,
             const std::string& token) {
    oneseal::v1::CreateUserRequest user;
    user.set_name(token);
    user.set_role(role);
    user.set_department(department);
    user.set_office(office);
    must(stack->users().add_with_token(user, token, oneseal::fixtures::catalogue().department_codes()));
  }
  static oneseal::v1::Command command(const std::string& body) {
    oneseal::v1::Command c;
    if (!google::protobuf::TextFormat::ParseFromString(R"(actor { id: "fuzz-clerk-hall-1" role: CLERK office: "hall-1" } )" + body, &c)) {
      throw std::runtime_error("bad command: " + body);
    }
    return c;
  }
  void file_case(const std::string& id) {
    must(stack->cases().submit(command(R"(submit { case_id: ")" + id + R"(" item_code: "XK-SCJG-00012-000"
      channel: WINDOW office: "hall-1"
      applicant { kind: PERSON name: "张小三" id_number: "110101199001011234" phone: "13812345678" }
      materials: ["application", "subject_licence", "id_proof", "layout_and_process", "safety_rules",
                  "staff_health"] })")));
  }

  const fs::path dir = fs::temp_directory_path() / ("oneseal-fuzz-http-" + std::to_string(::getpid()));
  oneseal::ManualTime time{*oneseal::parse_instant("2026-11-23T09:00:00+08:00")};
  std::unique_ptr<oneseal::SqliteEventStore> store;
  std::unique_ptr<oneseal::http::ApiStack> stack;
};

[[noreturn]] void fail(const char* what, const oneseal::http::Request& request, const oneseal::http::Response& r) {
  std::fprintf(stderr, "%s: %s %s -> %d %s\n", what, request.method.c_str(), request.path.c_str(), r.status,
               r.body.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // protobuf logs each string with invalid UTF-8 it parses: silenced, or logging is the run.
  static const auto quiet = google::protobuf::SetLogHandler(nullptr);
  (void)quiet;
  static World world;
  const oneseal::http::ServerOptions limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(limits.body_limit);
  parser.header_limit(uint32_t(limits.header_limit));
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  const oneseal::http::Request request = oneseal::http::to_request(parser.release(), "127.0.0.1");
  const oneseal::http::Response response = world.stack->api().handle_now(request);
  if (response.status < 200 || response.status > 499) fail("status out of range", request, response);
  for (const auto& [name, value] : response.headers) {
    if (value.find_first_of("\r\n") != std::string::npos) fail(("line break in " + name).c_str(), request, response);
  }
  return 0;
}
