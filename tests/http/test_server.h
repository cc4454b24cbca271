// The real server on an ephemeral loopback port, with a temporary database, the project's
// catalogue and calendar, and a time the test moves by hand.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "engine/http/api_stack.h"
#include "engine/http/server.h"
#include "storage/sqlite_event_store.h"
#include "tests/engine/fixtures.h"
#include "tests/http/client.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing {

class TestServer {
 public:
  // `start`: the server's time at first (bureau time, e.g. "2026-11-02T09:00:00+08:00").
  explicit TestServer(const std::string& start = "2026-11-02T09:00:00+08:00", http::ServerOptions options = {});
  ~TestServer();

  uint16_t port() const { return port_; }
  HttpClient client() const { return HttpClient(port_); }
  ManualTime& time() { return time_; }
  SqliteEventStore& store() { return *store_; }
  CaseService& cases() { return stack_->cases(); }
  UserDirectory& users() { return stack_->users(); }
  http::Api& api() { return stack_->api(); }

  // A new staff user's bearer token.
  std::string token(v1::Role role, const std::string& department = "", const std::string& office = "");
  // "Bearer <token>" headers for a request, with a JSON body type.
  static std::map<std::string, std::string> as(const std::string& token);

 private:
  TempDir dir_;
  ManualTime time_;
  std::unique_ptr<SqliteEventStore> store_;
  std::unique_ptr<http::ApiStack> stack_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
};

}  // namespace oneseal::testing
