// The HTTP API (docs/api.md): routes, authentication, content negotiation and errors around
// the CaseService. No sockets here: the server hands each parsed request to handle(), and tests
// call it directly.
//
// Thread-safety: handle() may be called from any number of threads at once. The Api does not
// own what ApiContext refers to; all of it must outlive the Api.
#pragma once

#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "engine/calendar.h"
#include "engine/case_service.h"
#include "engine/catalogue.h"
#include "engine/http/message.h"
#include "engine/http/metrics.h"
#include "engine/http/progress_answers.h"
#include "engine/http/router.h"
#include "engine/http/throttle.h"
#include "engine/query_code.h"
#include "engine/time_source.h"
#include "storage/event_store.h"
#include "storage/user_directory.h"

namespace oneseal::http {

struct ApiOptions {
  std::string online_office = "online";  // the office that receives applicants' own filings
  int max_page_size = 500;
};

struct ApiContext {
  CaseService& cases;
  EventStore& store;
  const Catalogue& catalogue;
  const Calendar& calendar;
  const TimeSource& time;
  UserDirectory& users;
  const QueryCodes& query_codes;
  Metrics& metrics;
  // Wrong query codes, counted per case number and per client address.
  FailureThrottle& code_failures_by_case;
  FailureThrottle& code_failures_by_client;
  ApiOptions options{};
  // Rendered progress answers; null: every progress query builds its answer.
  ProgressAnswers* progress_answers = nullptr;
};

// Runs a task away from the I/O threads (on a pool that may block on the store's writer).
using Offload = std::function<void(std::function<void()>)>;

class Api {
 public:
  Api(ApiContext context, Offload offload);

  // Answers `request` through `reply`, at once or later from the worker pool.
  void handle(Request request, Reply reply);
  // The same, waiting for the answer (tests, and routes that never wait for the writer).
  Response handle_now(const Request& request);

  const Router& router() const { return router_; }

 private:
  // A request and the Call made of it, kept together until the answer.
  struct PendingCall {
    PendingCall(Request r, std::map<std::string, std::string> params)
        : request(std::move(r)), call{request, std::move(params), std::nullopt, Format::kJson} {}
    Request request;
    Call call;
  };
  // Authenticates, checks the role and the formats, then runs the route's handler, which
  // answers now or later.
  void dispatch(const Route& route, Call& call, Answer answer);
  // Keeps one request per Idempotency-Key in flight: false when the key is already running.
  bool begin_key(const std::string& key);
  void end_key(const std::string& key);

  ApiContext context_;
  Offload offload_;
  Router router_;

  std::mutex keys_mutex_;
  std::set<std::string> keys_in_flight_;  // GUARDED_BY(keys_mutex_)
};

}  // namespace oneseal::http
