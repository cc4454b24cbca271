// The applicants' public routes: self-service application, progress, supplement and withdrawal,
// each authorised by the case number and its query code instead of a token. Wrong codes are
// counted per case number and per client address; an unknown case number and a wrong code get
// the same answer, after the same work.
#include "engine/http/progress_json.h"
#include "engine/http/routes.h"
#include "engine/progress.h"

namespace oneseal::http {

namespace {

v1::Actor applicant() {
  v1::Actor actor;
  actor.set_id("applicant");
  actor.set_role(v1::APPLICANT);
  return actor;
}

Response with_public_headers(Response r) {
  r.header("Cache-Control", "no-store");
  return r;
}

Response public_answer(const Call& call, const google::protobuf::Message& message, int status = 200) {
  return with_public_headers(reply_with(call, message, status));
}
Response refuse(const Call& call, const ApiError& error) { return with_public_headers(reply_error(call, error)); }
Response refuse(const Call& call, const Status& status) { return refuse(call, api_error(status)); }

// The case behind a case number and query code; null with the answer to give instead: 429
// while either key is throttled, 404 alike for an unknown number and a wrong code.
std::shared_ptr<const v1::CaseState> authorised_case(ApiContext& ctx, const Call& call, const std::string& case_no,
                                             const std::string& code, Response* refusal) {
  if (case_no.empty() || code.empty()) {
    *refusal = refuse(call, case_no.empty() ? Status::invalid_argument("caseNo", "the case number is missing")
                                            : Status::invalid_argument("code", "the query code is missing"));
    return nullptr;
  }
  const Instant now = ctx.time.now();
  const std::string& client = call.request.client;
  // Each attempt counts as a wrong code until the code is found right (the throttle's comment
  // says why).
  const int64_t case_wait = ctx.code_failures_by_case.attempt(case_no, now);
  const int64_t client_wait = ctx.code_failures_by_client.attempt(client, now);
  auto forgive = [&] {
    if (case_wait == 0) ctx.code_failures_by_case.forgive(case_no);
    if (client_wait == 0) ctx.code_failures_by_client.forgive(client);
  };
  if (case_wait > 0 || client_wait > 0) {
    forgive();
    *refusal = refuse(call, api_error(429, "RESOURCE_EXHAUSTED", "too many wrong query codes; try again later"));
    refusal->header("Retry-After", std::to_string(std::max(case_wait, client_wait)));
    return nullptr;
  }
  auto state = ctx.cases.get(case_no);
  if (!state.ok() && state.status().code() != Code::kNotFound) {
    forgive();
    *refusal = refuse(call, state.status());
    return nullptr;
  }
  // An unknown case number costs the same HMAC as a known one.
  const bool known = state.ok();
  const bool matches = ctx.query_codes.matches(code, known ? (*state)->query_code_hmac() : std::string(48, '\0'));
  if (!known || !matches) {
    *refusal = refuse(call, api_error(404, "NOT_FOUND", "no case with this case number and query code"));
    return nullptr;
  }
  ctx.code_failures_by_case.clear(case_no);
  ctx.code_failures_by_client.forgive(client);
  return *state;
}

// The answer to a progress query, JSON ones kept per case version and bureau day (see
// ProgressAnswers for why that is exact).
Response progress_answer(ApiContext& ctx, const Call& call, const v1::CaseState& state) {
  const Instant now = ctx.time.now();
  const bool keep = ctx.progress_answers != nullptr && call.format == Format::kJson;
  std::shared_ptr<const ProgressAnswers::Answer> answer;
  if (keep) answer = ctx.progress_answers->find(state.id(), state.version(), bureau_date(now));
  Response r;
  if (answer) {
    r.status = 200;
    r.content_type = kJsonType;
    r.body = answer->body;
  } else {
    const v1::Progress view = progress_view(state, ctx.catalogue, ctx.calendar, now);
    if (call.format == Format::kJson) {
      r.status = 200;
      r.content_type = kJsonType;
      print_progress_json(view, &r.body);
    } else {
      r = reply_with(call, view);
    }
    auto made = std::make_shared<ProgressAnswers::Answer>();
    made->etag = "\"" + std::to_string(std::hash<std::string>{}(r.body)) + "\"";
    if (keep) made->body = r.body;
    answer = std::move(made);
    if (keep) ctx.progress_answers->put(state.id(), state.version(), bureau_date(now), answer);
  }
  if (not_modified(call.request, answer->etag)) {
    Response unchanged = with_public_headers(Response{});
    unchanged.status = 304;
    return std::move(unchanged.header("ETag", answer->etag));
  }
  r = with_public_headers(std::move(r));
  return std::move(r.header("ETag", answer->etag));
}

void apply(ApiContext& ctx, Call& call, const v1::CaseState& state, v1::Command command, Answer answer) {
  *command.mutable_actor() = applicant();
  CommandOptions options;
  if (!call.request.idempotency_key.empty()) options.idempotency_key = scoped_key(call, "public");
  ctx.cases.execute_async(state.id(), std::move(command), std::move(options),
                          [&ctx, &call, answer](Result<CommandOutcome> outcome) {
                            answer(guarded(call, [&] {
                              if (!outcome.ok()) return refuse(call, outcome.status());
                              return progress_answer(ctx, call, outcome->state);
                            }));
                          });
}

void apply_online(ApiContext& ctx, Call& call, Answer answer) {
  v1::PublicApplication body;
  if (auto error = decode(call.request, &body)) return answer(refuse(call, *error));
  v1::Command command;
  v1::Submit* submit = command.mutable_submit();
  submit->set_item_code(body.item_code());
  *submit->mutable_applicant() = body.applicant();
  *submit->mutable_materials() = body.materials();
  submit->set_channel(v1::MOBILE);
  submit->set_office(ctx.options.online_office);
  const auto code = ctx.query_codes.issue();
  submit->set_query_code_hmac(code.hmac);
  *command.mutable_actor() = applicant();
  CommandOptions options;
  if (!call.request.idempotency_key.empty()) options.idempotency_key = scoped_key(call, "public");
  ctx.cases.submit_async(
      std::move(command), std::move(options), [&ctx, &call, code = code.code, answer](Result<CommandOutcome> outcome) {
        answer(guarded(call, [&] {
          if (!outcome.ok()) return refuse(call, outcome.status());
          v1::PublicApplicationResponse out;
          out.set_case_no(outcome->state.id());
          // A replayed application cannot show its code again: only its hash was kept.
          if (!outcome->replayed) out.set_query_code(code);
          const auto* item = ctx.catalogue.find(outcome->state.item_code());
          out.set_item_name(item ? item->name() : outcome->state.item_code());
          out.set_received_at(format_instant(from_proto(outcome->state.received_at())));
          return public_answer(call, out, outcome->replayed ? 200 : 201);
        }));
      });
}

Response progress(ApiContext& ctx, Call& call) {
  Response refusal;
  auto state = authorised_case(ctx, call, query_param(call.request.query, "caseNo"),
                               query_param(call.request.query, "code"), &refusal);
  if (!state) return refusal;
  return progress_answer(ctx, call, *state);
}

void supplement(ApiContext& ctx, Call& call, Answer answer) {
  v1::PublicSupplement body;
  if (auto error = decode(call.request, &body)) return answer(refuse(call, *error));
  Response refusal;
  auto state = authorised_case(ctx, call, body.case_no(), body.code(), &refusal);
  if (!state) return answer(std::move(refusal));
  v1::Command command;
  *command.mutable_provide_supplement()->mutable_materials() = body.materials();
  apply(ctx, call, *state, std::move(command), std::move(answer));
}

void withdraw(ApiContext& ctx, Call& call, Answer answer) {
  v1::PublicWithdrawal body;
  if (auto error = decode(call.request, &body)) return answer(refuse(call, *error));
  Response refusal;
  auto state = authorised_case(ctx, call, body.case_no(), body.code(), &refusal);
  if (!state) return answer(std::move(refusal));
  v1::Command command;
  command.mutable_withdraw()->set_reason(body.reason());
  apply(ctx, call, *state, std::move(command), std::move(answer));
}

}  // namespace

void add_public_routes(Router& router, ApiContext& ctx) {
  // Applicants' pages are served from elsewhere (a WeChat H5 page, a mini program's web view).
  auto add = [&router](Route route) { router.add(open_to_all_origins(std::move(route))); };
  add({"POST", "/v1/public/applications", "Apply online; answers the case number and query code once",
       v1::PublicApplication::descriptor(), v1::PublicApplicationResponse::descriptor(), {}, false, false, {}, nullptr,
       [&ctx](Call& call, Answer answer) { apply_online(ctx, call, std::move(answer)); }});
  add({"GET", "/v1/public/progress", "A case's progress for its applicant", nullptr,
       v1::Progress::descriptor(), {}, false, false, {"caseNo", "code"},
       [&ctx](Call& call) { return progress(ctx, call); }});
  add({"POST", "/v1/public/supplements", "Hand in the materials asked for",
       v1::PublicSupplement::descriptor(), v1::Progress::descriptor(), {}, false, false, {}, nullptr,
       [&ctx](Call& call, Answer answer) { supplement(ctx, call, std::move(answer)); }});
  add({"POST", "/v1/public/withdrawals", "Withdraw one's application", v1::PublicWithdrawal::descriptor(),
       v1::Progress::descriptor(), {}, false, false, {}, nullptr,
       [&ctx](Call& call, Answer answer) { withdraw(ctx, call, std::move(answer)); }});
}

}  // namespace oneseal::http
