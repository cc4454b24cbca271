// Everything a serving process assembles around one open store: staff directory, query codes,
// the CaseService, metrics, the query-code throttles, the worker pool and the Api. `oneseal
// serve`, `oneseal load` and the tests build the server the same way through it.
//
// Thread-safety: as the parts it owns. The store, catalogue, calendar and time must outlive it.
#pragma once

#include <memory>
#include <string>

#include "engine/case_service.h"
#include "engine/http/api.h"
#include "engine/http/metrics.h"
#include "engine/http/throttle.h"
#include "engine/http/worker_pool.h"
#include "engine/query_code.h"
#include "storage/sqlite_event_store.h"
#include "storage/user_directory.h"

namespace oneseal::http {

class ApiStack {
 public:
  // `key`: the query codes' secret; `workers`: threads that answer committed commands and run
  // the few routes that wait for the writer (staff accounts).
  static Result<std::unique_ptr<ApiStack>> assemble(SqliteEventStore& store, const Catalogue& catalogue,
                                                    const Calendar& calendar, const TimeSource& time,
                                                    std::string key, int workers, ApiOptions options = {});
  ~ApiStack();  // waits for the commands in flight

  Api& api() { return *api_; }
  CaseService& cases() { return cases_; }
  UserDirectory& users() { return *users_; }
  const QueryCodes& query_codes() const { return codes_; }
  Metrics& metrics() { return metrics_; }
  // Waits for every command given so far to be answered, then stops the workers (after the
  // server stopped).
  void join_workers();

 private:
  ApiStack(SqliteEventStore& store, const Catalogue& catalogue, const Calendar& calendar, const TimeSource& time,
           std::string key, int workers);

  std::unique_ptr<WorkerPool> workers_;  // first made, last gone: the service's answers run on it
  QueryCodes codes_;
  CaseService cases_;
  std::unique_ptr<UserDirectory> users_;
  Metrics metrics_;
  FailureThrottle by_case_{{.max_failures = 5}};
  FailureThrottle by_client_{{.max_failures = 20}};
  ProgressAnswers progress_answers_{kCachedCases};  // as many as the cases whose states are kept
  std::unique_ptr<Api> api_;
};

}  // namespace oneseal::http
