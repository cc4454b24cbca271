// Staff routes on cases: submit, read, list, the history, and one custom method per command
// (POST /v1/cases/{id}:accept, ...). The engine's decide() checks roles against the item and
// the object (a clerk's office, a reviewer's department); here the route's roles are checked,
// and who may read which case.
#include <google/protobuf/descriptor.h>

#include <algorithm>

#include "engine/http/case_state_json.h"
#include "engine/http/routes.h"

namespace oneseal::http {

namespace {

// The custom methods: the path verb and the Command field (commands.proto) it fills.
struct CommandRoute {
  const char* verb;
  const char* field;
  const char* summary;
};
constexpr CommandRoute kCommandRoutes[] = {
    {"accept", "accept", "Accept an application (complete, with deficiencies, or on a pledge)"},
    {"reject", "reject_intake", "Refuse to accept an application"},
    {"requestSupplement", "request_supplement", "Ask once for every missing material"},
    {"provideSupplement", "provide_supplement", "Hand in the materials asked for"},
    {"recordOpinion", "record_opinion", "Record a department's review opinion on its branch"},
    {"recordInspection", "record_inspection", "Record an on-site inspection"},
    {"pauseClock", "pause_clock", "Pause the time limit (hearing, expert review, ...)"},
    {"resumeClock", "resume_clock", "Resume a paused time limit"},
    {"extend", "extend", "Extend the time limit once"},
    {"decide", "make_decision", "Grant or refuse"},
    {"seal", "seal", "Apply the approval seal"},
    {"deliver", "deliver", "Deliver the decision"},
    {"withdraw", "withdraw", "Withdraw the application at the applicant's request"},
};

const std::string kNoCode;  // a replayed submission's answer does not show the code again

// What staff see of a case: everything but the applicant's query-code hash.
v1::CaseState for_staff(v1::CaseState state) {
  state.clear_query_code_hmac();
  return state;
}
v1::Event for_staff(v1::Event event) {
  if (event.has_case_submitted()) event.mutable_case_submitted()->clear_query_code_hmac();
  return event;
}

// May this user read this case? Approvers and supervisors read all; a clerk the cases of their
// office; a reviewer those their department reviews or is responsible for.
bool may_read(const v1::User& user, const v1::CaseState& state, const Catalogue& catalogue) {
  switch (user.role()) {
    case v1::CLERK:
      return user.office() == state.office();
    case v1::REVIEWER: {
      if (const auto* item = catalogue.find(state.item_code()); item && item->department() == user.department()) {
        return true;
      }
      return std::any_of(state.branch().begin(), state.branch().end(),
                         [&](const v1::BranchState& b) { return b.department() == user.department(); });
    }
    default:
      return true;
  }
}

Response case_answer(const Call& call, const CommandOutcome& outcome, int status, const std::string& query_code = {}) {
  const std::string& code = outcome.replayed ? kNoCode : query_code;
  const int answered = outcome.replayed ? 200 : status;
  Response r;
  if (call.format == Format::kJson) {
    // Printed from the outcome as it is: building the CaseResponse copied the whole state.
    r.status = answered;
    r.content_type = kJsonType;
    r.body.reserve(8192);  // a case's answer is 3-6 KB
    print_case_response_json(outcome.state, outcome.events, outcome.replayed, code, true, &r.body);
  } else {
    v1::CaseResponse answer;
    *answer.mutable_case_() = for_staff(outcome.state);
    for (const auto& e : outcome.events) *answer.add_events() = for_staff(e);
    answer.set_replayed(outcome.replayed);
    answer.set_query_code(code);
    r = reply_with(call, answer, answered);
  }
  r.header("ETag", etag_of_version(outcome.state.version()));
  return r;
}

CommandOptions options_of(const Call& call, std::optional<int64_t> expected_version) {
  CommandOptions options;
  if (!call.request.idempotency_key.empty()) options.idempotency_key = scoped_key(call, call.user->id());
  options.expected_version = expected_version;
  return options;
}

// A CONFLICT caused by the client's own If-Match is 412, not 409.
Status with_if_match(Status status, const std::optional<int64_t>& expected) {
  if (status.code() == Code::kConflict && expected) status.with_detail(kIfMatchDetail, etag_of_version(*expected));
  return status;
}

// The engine names the commands a state allows by their Command fields (make_decision); a
// client knows them by the routes' verbs (decide).
ApiError in_route_terms(ApiError error) {
  auto& details = *error.error.mutable_details();
  auto allowed = details.find("allowed");
  if (allowed == details.end()) return error;
  std::string verbs;
  std::string_view rest = allowed->second;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view field = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    for (const CommandRoute& c : kCommandRoutes) {
      if (field == c.field) verbs += (verbs.empty() ? "" : ",") + std::string(c.verb);
    }
  }
  allowed->second = verbs;
  return error;
}

void submit(ApiContext& ctx, Call& call, Answer answer) {
  v1::Command command;
  v1::Submit* submit = command.mutable_submit();
  if (auto error = decode(call.request, submit)) return answer(reply_error(call, *error));
  if (!submit->case_id().empty()) {
    return answer(reply_error(call, Status::invalid_argument("case_id", "the case number is assigned by the bureau")));
  }
  if (!submit->query_code_hmac().empty()) {
    return answer(
        reply_error(call, Status::invalid_argument("query_code_hmac", "the query code is drawn by the bureau")));
  }
  // A clerk files at their own office, at the window, unless they say otherwise.
  if (submit->office().empty()) submit->set_office(call.user->office());
  if (submit->channel() == v1::CHANNEL_UNSPECIFIED) submit->set_channel(v1::WINDOW);
  const auto code = ctx.query_codes.issue();
  submit->set_query_code_hmac(code.hmac);
  *command.mutable_actor() = actor_of(*call.user);
  ctx.cases.submit_async(std::move(command), options_of(call, std::nullopt),
                         [&call, code = code.code, answer](Result<CommandOutcome> outcome) {
                           answer(guarded(call, [&] {
                             if (!outcome.ok()) return reply_error(call, outcome.status());
                             Response r = case_answer(call, *outcome, 201, code);
                             r.header("Location", "/v1/cases/" + outcome->state.id());
                             return r;
                           }));
                         });
}

void run_command(ApiContext& ctx, Call& call, const google::protobuf::FieldDescriptor* field, Answer answer) {
  v1::Command command;
  auto* body = command.GetReflection()->MutableMessage(&command, field);
  if (auto error = decode(call.request, body)) return answer(reply_error(call, *error));
  auto expected = if_match_version(call.request);
  if (!expected.ok()) return answer(reply_error(call, expected.status()));
  *command.mutable_actor() = actor_of(*call.user);
  const std::string& case_id = call.params["id"];
  ctx.cases.execute_async(case_id, std::move(command), options_of(call, *expected),
                          [&call, expected = *expected, answer](Result<CommandOutcome> outcome) {
                            answer(guarded(call, [&] {
                              if (!outcome.ok()) {
                                return reply_error(call, in_route_terms(api_error(with_if_match(outcome.status(), expected))));
                              }
                              return case_answer(call, *outcome, 200);
                            }));
                          });
}

// The case, when it exists and the user may read it.
Result<std::shared_ptr<const v1::CaseState>> readable_case(ApiContext& ctx, const Call& call) {
  const std::string& case_id = call.params.at("id");
  auto state = ctx.cases.get(case_id);
  if (!state.ok()) return state.status();
  if (!may_read(*call.user, **state, ctx.catalogue)) {
    return Status::permission_denied("a " + v1::Role_Name(call.user->role()) + " of " +
                                     (call.user->role() == v1::CLERK ? "office '" + call.user->office()
                                                                     : "department '" + call.user->department()) +
                                     "' may not read case " + case_id);
  }
  return state;
}

Response get_case(ApiContext& ctx, Call& call) {
  auto state = readable_case(ctx, call);
  if (!state.ok()) return reply_error(call, state.status());
  const std::string etag = etag_of_version((*state)->version());
  if (not_modified(call.request, etag)) {
    Response r;
    r.status = 304;
    return std::move(r.header("ETag", etag));
  }
  Response r = reply_with(call, for_staff(**state));
  return std::move(r.header("ETag", etag));
}

Response case_events(ApiContext& ctx, Call& call) {
  auto state = readable_case(ctx, call);
  if (!state.ok()) return reply_error(call, state.status());
  auto events = ctx.store.read_case((*state)->id());
  if (!events.ok()) return reply_error(call, events.status());
  v1::CaseEventsResponse answer;
  for (auto& e : *events) *answer.add_events() = for_staff(std::move(e));
  return reply_with(call, answer);
}

// A page token is the last case id of the page before, in base 16 so that it reads as opaque
// and survives any URL handling.
std::string page_token(const std::string& case_id) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : case_id) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}
std::optional<std::string> case_id_of_token(const std::string& token) {
  if (token.size() % 2 != 0 || token.find_first_not_of("0123456789abcdef") != std::string::npos) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < token.size(); i += 2) out += char(std::stoi(token.substr(i, 2), nullptr, 16));
  return out;
}

Response list_cases(ApiContext& ctx, Call& call) {
  const std::string& q = call.request.query;
  CaseFilter filter;
  filter.status = query_param(q, "state");
  filter.item_code = query_param(q, "item");
  filter.department = query_param(q, "department");
  filter.office = query_param(q, "office");
  filter.alert_level = query_param(q, "alertLevel");
  filter.as_of = ctx.time.now().time_since_epoch().count();
  v1::CaseStatus status;
  if (!filter.status.empty() && !v1::CaseStatus_Parse(filter.status, &status)) {
    return reply_error(call, Status::invalid_argument("state", "state '" + filter.status +
                                                                   "' is not a case status (SUBMITTED, IN_REVIEW, ...)"));
  }
  if (!filter.alert_level.empty() && filter.alert_level != "GREEN" && filter.alert_level != "YELLOW" &&
      filter.alert_level != "RED") {
    return reply_error(call, Status::invalid_argument("alertLevel", "alertLevel must be GREEN, YELLOW or RED"));
  }
  if (!filter.item_code.empty() && !ctx.catalogue.find(filter.item_code)) {
    return reply_error(call, Status::invalid_argument("item", "no item '" + filter.item_code + "' in the catalogue"));
  }
  if (const std::string size = query_param(q, "pageSize"); !size.empty()) {
    const bool digits = size.size() <= 6 && size.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::stoi(size) : 0;
    if (n < 1 || n > ctx.options.max_page_size) {
      return reply_error(call, Status::invalid_argument("pageSize", "pageSize must be a number from 1 to " +
                                                                        std::to_string(ctx.options.max_page_size)));
    }
    filter.limit = n;
  }
  if (const std::string token = query_param(q, "pageToken"); !token.empty()) {
    auto after = case_id_of_token(token);
    if (!after) return reply_error(call, Status::invalid_argument("pageToken", "pageToken is not one this server gave"));
    filter.after_case_id = *after;
  }
  // Clerks list their office's cases, reviewers their department's.
  const v1::User& user = *call.user;
  std::string* own = user.role() == v1::CLERK ? &filter.office : user.role() == v1::REVIEWER ? &filter.department : nullptr;
  const std::string& mine = user.role() == v1::CLERK ? user.office() : user.department();
  if (own) {
    if (!own->empty() && *own != mine) {
      return reply_error(call, Status::permission_denied("a " + v1::Role_Name(user.role()) + " lists only the cases of '" +
                                                         mine + "'"));
    }
    *own = mine;
  }
  const int limit = filter.limit;
  filter.limit = limit + 1;  // one more tells whether there is a next page
  auto rows = ctx.cases.list(filter);
  if (!rows.ok()) return reply_error(call, rows.status());
  v1::ListCasesResponse answer;
  for (size_t i = 0; i < rows->size() && int(i) < limit; ++i) {
    const CaseSummary& row = (*rows)[i];
    auto* c = answer.add_cases();
    c->set_case_id(row.case_id);
    c->set_item_code(row.item_code);
    v1::CaseStatus s = v1::CASE_STATUS_UNSPECIFIED;
    v1::CaseStatus_Parse(row.status, &s);
    c->set_status(s);
    v1::Outcome o = v1::OUTCOME_UNSPECIFIED;
    v1::Outcome_Parse(row.outcome, &o);
    c->set_outcome(o);
    c->set_applicant_masked(row.applicant_masked);
    c->set_office(row.office);
    for (size_t start = 0; start < row.departments.size();) {
      const size_t comma = std::min(row.departments.find(',', start), row.departments.size());
      c->add_departments(row.departments.substr(start, comma - start));
      start = comma + 1;
    }
    c->set_promised_deadline(row.promised_deadline);
    c->set_statutory_deadline(row.statutory_deadline);
    c->set_alert_level(row.alert_level);
    c->set_version(row.version);
  }
  if (int(rows->size()) > limit) answer.set_next_page_token(page_token(answer.cases(limit - 1).case_id()));
  return reply_with(call, answer);
}

}  // namespace

void add_case_routes(Router& router, ApiContext& ctx) {
  const auto* response = v1::CaseResponse::descriptor();
  router.add({"POST", "/v1/cases", "File a new application at a window", v1::Submit::descriptor(), response,
              {v1::CLERK}, false, false, {}, nullptr,
              [&ctx](Call& call, Answer answer) { submit(ctx, call, std::move(answer)); }});
  router.add({"GET", "/v1/cases", "List cases (filters, paging)", nullptr, v1::ListCasesResponse::descriptor(),
              kCaseReaders, false, false, {"state", "item", "department", "office", "alertLevel", "pageSize", "pageToken"},
              [&ctx](Call& call) { return list_cases(ctx, call); }});
  router.add({"GET", "/v1/cases/{id}", "A case's state", nullptr, v1::CaseState::descriptor(), kCaseReaders, false,
              false, {}, [&ctx](Call& call) { return get_case(ctx, call); }});
  router.add({"GET", "/v1/cases/{id}/events", "A case's audit history", nullptr,
              v1::CaseEventsResponse::descriptor(), kCaseReaders, false, false, {},
              [&ctx](Call& call) { return case_events(ctx, call); }});
  for (const CommandRoute& c : kCommandRoutes) {
    const auto* field = v1::Command::descriptor()->FindFieldByName(c.field);
    router.add({"POST", std::string("/v1/cases/{id}:") + c.verb, c.summary, field->message_type(), response,
                kCaseWorkers, false, false, {}, nullptr,
                [&ctx, field](Call& call, Answer answer) { run_command(ctx, call, field, std::move(answer)); }});
  }
}

}  // namespace oneseal::http
