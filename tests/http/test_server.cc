#include "tests/http/test_server.h"


#include <stdexcept>

namespace oneseal::testing {

namespace {

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.status().to_string());
  return std::move(*r);
}

}  // namespace

TestServer::TestServer(const std::string& start, http::ServerOptions options) : time_(*parse_instant(start)) {
  store_ = must(SqliteEventStore::open(dir_.file("cases.db"), fixtures::calendar()));
  stack_ = must(http::ApiStack::assemble(*store_, fixtures::catalogue(), fixtures::calendar(), time_,
                                         std::string(32, 'k'), 8));
  options.address = "127.0.0.1";
  options.port = 0;
  options.log_requests = false;
  options.handle_signals = false;
  server_ = std::make_unique<http::Server>(options, stack_->api());
  if (Status s = server_->listen(); !s.ok()) throw std::runtime_error(s.to_string());
  port_ = server_->port();
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
  stack_->join_workers();
}

std::string TestServer::token(v1::Role role, const std::string& department, const std::string& office) {
  v1::CreateUserRequest request;
  request.set_name(v1::Role_Name(role) + " " + department + office);
  request.set_role(role);
  request.set_department(department);
  request.set_office(office);
  return must(stack_->users().add(request, fixtures::catalogue().department_codes())).token();
}

std::map<std::string, std::string> TestServer::as(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

}  // namespace oneseal::testing
