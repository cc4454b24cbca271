#include "tests/http/test_server.h"

#include "engine/http/store_metrics.h"

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
  users_ = must(UserDirectory::load(*store_, time_));
  codes_ = std::make_unique<QueryCodes>(std::string(32, 'k'));
  cases_ = std::make_unique<CaseService>(*store_, fixtures::catalogue(), fixtures::calendar(), time_);
  http::add_store_metrics(metrics_, *store_, time_);
  workers_ = std::make_unique<http::WorkerPool>(8);
  http::ApiContext context{*cases_, *store_, fixtures::catalogue(), fixtures::calendar(), time_, *users_, *codes_,
                           metrics_, by_case_, by_client_};
  api_ = std::make_unique<http::Api>(context, workers_->offload());
  options.address = "127.0.0.1";
  options.port = 0;
  options.log_requests = false;
  options.handle_signals = false;
  server_ = std::make_unique<http::Server>(options, *api_);
  if (Status s = server_->listen(); !s.ok()) throw std::runtime_error(s.to_string());
  port_ = server_->port();
  thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
  workers_->join();
}

std::string TestServer::token(v1::Role role, const std::string& department, const std::string& office) {
  v1::CreateUserRequest request;
  request.set_name(v1::Role_Name(role) + " " + department + office);
  request.set_role(role);
  request.set_department(department);
  request.set_office(office);
  return must(users_->add(request, fixtures::catalogue().department_codes())).token();
}

std::map<std::string, std::string> TestServer::as(const std::string& token) {
  return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

}  // namespace oneseal::testing
