// The load client (see client.h): Beast over Asio coroutines, one coroutine per connection.
#include "tools/load/client.h"

#include <atomic>
#include <cctype>
#include <chrono>
#include <random>
#include <semaphore>
#include <thread>

#include "engine/http/asio.h"

namespace oneseal::load {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kItem = "XK-SCJG-00012-000";

int64_t nanoseconds(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

struct Answer {
  int status = 0;  // 0: the connection failed
  std::string body;
  std::string location;
  bool ok() const { return status >= 200 && status < 300; }
};

// One keep-alive connection; reconnects on the next request after a failure or a close.
class Connection {
 public:
  Connection(net::io_context& ioc, tcp::endpoint endpoint, std::string host)
      : endpoint_(endpoint), host_(std::move(host)), stream_(ioc) {
    buffer_.reserve(kReadBuffer);
  }

  net::awaitable<Answer> send(bhttp::verb verb, const std::string& target, const std::string& body,
                              const std::string& token) {
    write_request(verb, target, body, token);
    Answer answer;
    try {
      if (!open_) {
        stream_.expires_after(std::chrono::seconds(30));
        co_await stream_.async_connect(endpoint_, net::use_awaitable);
        stream_.socket().set_option(tcp::no_delay(true));
        open_ = true;
      }
      stream_.expires_after(std::chrono::seconds(30));
      co_await net::async_write(stream_, net::buffer(request_), net::use_awaitable);
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(64 << 20);
      co_await bhttp::async_read(stream_, buffer_, parser, net::use_awaitable);
      auto response = parser.release();
      answer.status = int(response.result_int());
      answer.body = std::move(response.body());
      if (auto it = response.find(bhttp::field::location); it != response.end())
        answer.location = std::string(it->value());
      if (!response.keep_alive()) close();
    } catch (const boost::system::system_error&) {
      close();
      answer.status = 0;
    }
    co_return answer;
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    buffer_.clear();
    open_ = false;
  }

 private:
  // The request's text in request_, reusing its memory: Beast's serializer cost more than the
  // rest of the client's work on a request, for a few fixed headers.
  void write_request(bhttp::verb verb, const std::string& target, const std::string& body,
                     const std::string& token) {
    request_.clear();
    const auto method = bhttp::to_string(verb);
    request_.append(method.data(), method.size()).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
    request_.append(host_).append("\r\n");
    if (!token.empty()) request_.append("Authorization: Bearer ").append(token).append("\r\n");
    if (!body.empty()) request_.append("Content-Type: application/json\r\n");
    if (!body.empty() || verb == bhttp::verb::post) {
      request_.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    request_.append("\r\n").append(body);
  }

  // Beast reads as much as the buffer has room for, at least 512 bytes: an empty buffer read a
  // 4 KB answer in eight system calls, each re-arming the stream's timer.
  static constexpr size_t kReadBuffer = 64 << 10;

  tcp::endpoint endpoint_;
  std::string host_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string request_;
  bool open_ = false;
};

std::string submit_body() {
  return std::string("{\"itemCode\":\"") + kItem +
         "\",\"channel\":\"WINDOW\",\"office\":\"hall-1\",\"applicant\":{\"kind\":\"ORGANISATION\","
         "\"name\":\"武汉市示例餐饮有限公司\",\"idNumber\":\"91420100MA4K00000X\",\"phone\":"
         "\"13800001234\"},"
         "\"materials\":[\"application\",\"subject_licence\",\"id_proof\",\"layout_and_process\","
         "\"safety_rules\","
         "\"staff_health\"]}";
}

// The value of "field":"..." in a JSON text, or empty (enough for the flat strings read here).
std::string json_string(const std::string& json, const std::string& field) {
  const std::string key = "\"" + field + "\":\"";
  const size_t at = json.find(key);
  if (at == std::string::npos) return {};
  const size_t start = at + key.size();
  const size_t end = json.find('"', start);
  return end == std::string::npos ? std::string() : json.substr(start, end - start);
}

std::string case_id_of(const Answer& answer) {
  const size_t slash = answer.location.rfind('/');
  return slash == std::string::npos ? std::string() : answer.location.substr(slash + 1);
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct LifeStep {
  const char* name;
  const char* verb;  // appended to /v1/cases/{id}:
  std::string body;
  const std::string* token;
  bool alongside_next = false;  // sent on a second connection while the next step runs
};

std::vector<LifeStep> life_steps(const Tokens& t) {
  return {
      {"accept", "accept", R"({"mode":"COMPLETE","note":"材料齐全，当场受理"})", &t.clerk},
      {"inspect", "recordInspection",
       R"({"stepId":"on_site","inspectors":["核查员1","核查员2"],"findings":"现场与申报材料一致","passed":true})",
       &t.reviewer_scjg},
      {"opinion market", "recordOpinion",
       R"({"branchId":"market","verdict":"APPROVE","reasons":"符合法定条件"})", &t.reviewer_scjg,
       true},
      {"opinion health", "recordOpinion",
       R"({"branchId":"health","verdict":"APPROVE","reasons":"符合法定条件"})", &t.reviewer_wjw},
      {"decide", "decide", R"({"verdict":"APPROVE","reasons":"申请符合法定条件、标准，准予许可"})",
       &t.approver},
      {"seal", "seal", R"({"certificateNo":"JY14201000000001"})", &t.approver},
      {"deliver", "deliver", R"({"method":"window"})", &t.clerk},
  };
}

using Operations = std::map<std::string, Latencies>;

// Times one request into ops[name]; the answer is returned for the script to read.
net::awaitable<Answer> timed(Connection& c, Operations& ops, const char* name, bhttp::verb verb,
                             const std::string& target, const std::string& body,
                             const std::string& token) {
  const auto start = Clock::now();
  Answer answer = co_await c.send(verb, target, body, token);
  Latencies& l = ops[name];
  if (answer.ok()) {
    l.record(nanoseconds(Clock::now() - start));
  } else {
    l.error();
  }
  co_return answer;
}

struct Shared {
  const RunOptions* options;
  Clock::time_point end;
  tcp::endpoint endpoint;
};

// Sends `step` on `side` while the caller sends the next one; join() waits for it and records
// its latency. All on the connection's strand, so the two coroutines never run at once.
class SideRequest {
 public:
  SideRequest(net::any_io_executor executor) : latch_(executor, Clock::time_point::max()) {}

  void start(Connection& side, const LifeStep& step, const std::string& id) {
    done_ = false;
    started_ = Clock::now();
    net::co_spawn(
        latch_.get_executor(),
        [this, &side, &step,
         target = "/v1/cases/" + id + ":" + step.verb]() -> net::awaitable<void> {
          answer_ = co_await side.send(bhttp::verb::post, target, step.body, *step.token);
          took_ = Clock::now() - started_;
          done_ = true;
          latch_.cancel();
        },
        net::detached);
  }

  net::awaitable<Answer> join(Latencies& latencies) {
    while (!done_) {
      boost::system::error_code ignored;
      co_await latch_.async_wait(net::redirect_error(net::use_awaitable, ignored));
    }
    if (answer_.ok()) {
      latencies.record(nanoseconds(took_));
    } else {
      latencies.error();
    }
    co_return answer_;
  }

 private:
  net::basic_waitable_timer<Clock> latch_;
  Clock::time_point started_;
  Clock::duration took_{};
  Answer answer_;
  bool done_ = true;
};

// Case lives one after another; the market opinion goes on a second connection while the
// health opinion goes on the first (the parallel review), and the life goes on once both are
// answered.
net::awaitable<void> lives(Shared& s, Connection& c, Connection& side, Operations& ops) {
  const std::string submit = submit_body();
  const std::vector<LifeStep> steps = life_steps(s.options->tokens);
  SideRequest parallel(co_await net::this_coro::executor);
  while (Clock::now() < s.end) {
    const auto start = Clock::now();
    Answer a = co_await timed(c, ops, "submit", bhttp::verb::post, "/v1/cases", submit,
                              s.options->tokens.clerk);
    const std::string id = case_id_of(a);
    if (!a.ok() || id.empty()) continue;
    bool closed = true;
    for (size_t i = 0; i < steps.size() && closed; ++i) {
      if (Clock::now() >= s.end) {
        closed = false;
        break;
      }
      const LifeStep& step = steps[i];
      if (step.alongside_next && i + 1 < steps.size()) {
        parallel.start(side, step, id);
        const LifeStep& next = steps[++i];
        a = co_await timed(c, ops, next.name, bhttp::verb::post,
                           "/v1/cases/" + id + ":" + next.verb, next.body, *next.token);
        const Answer other = co_await parallel.join(ops[step.name]);
        closed = a.ok() && other.ok();
      } else {
        a = co_await timed(c, ops, step.name, bhttp::verb::post,
                           "/v1/cases/" + id + ":" + step.verb, step.body, *step.token);
        closed = a.ok();
      }
    }
    if (closed) ops["life"].record(nanoseconds(Clock::now() - start));
  }
}

net::awaitable<void> progress(Shared& s, Connection& c, Operations& ops, uint32_t seed) {
  const auto& cases = *s.options->cases;
  if (cases.empty()) co_return;
  std::mt19937 random(seed);
  while (Clock::now() < s.end) {
    // Each URL made when asked: a table of them per connection cost a stall and a copy of
    // every case per connection.
    const TrackedCase& t = cases[random() % cases.size()];
    co_await timed(c, ops, "progress", bhttp::verb::get,
                   "/v1/public/progress?caseNo=" + url_encode(t.case_no) + "&code=" + url_encode(t.code), {}, {});
  }
}

net::awaitable<void> bare(Shared& s, Connection& c, Operations& ops) {
  while (Clock::now() < s.end) co_await timed(c, ops, "bare GET", bhttp::verb::get, "/", {}, {});
}

net::awaitable<void> connection(Shared& s, net::io_context& ioc, Script script, uint32_t index,
                                Operations& ops) {
  Connection c(ioc, s.endpoint, s.options->endpoint.host);
  switch (script) {
    case Script::kLives: {
      Connection side(ioc, s.endpoint, s.options->endpoint.host);
      co_await lives(s, c, side, ops);
      side.close();
      break;
    }
    case Script::kProgress:
      co_await progress(s, c, ops, index);
      break;
    case Script::kBareGet:
      co_await bare(s, c, ops);
      break;
  }
  c.close();
}

tcp::endpoint resolve(const Endpoint& e) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  return *resolver.resolve(e.host, std::to_string(e.port)).begin();
}

void run_threads(net::io_context& ioc, int threads) {
  std::vector<std::thread> extra;
  for (int i = 1; i < threads; ++i) extra.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : extra) t.join();
}

}  // namespace

RunResult run(const RunOptions& options) {
  net::io_context ioc;
  Shared shared{&options, {}, resolve(options.endpoint)};
  std::vector<Operations> per_connection(options.connections.size());
  const auto start = Clock::now();
  shared.end = start + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options.seconds));
  for (size_t i = 0; i < options.connections.size(); ++i) {
    // A connection's coroutines need a strand only when several threads run them; on one
    // thread it would only add a lock to every step.
    net::any_io_executor executor = ioc.get_executor();
    if (options.client_threads > 1) executor = net::make_strand(ioc);
    net::co_spawn(executor,
                  connection(shared, ioc, options.connections[i], uint32_t(i), per_connection[i]),
                  net::detached);
  }
  run_threads(ioc, options.client_threads);
  RunResult result;
  // The run ends when the last answer that was awaited at the deadline arrived.
  result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& ops : per_connection) {
    for (auto& [name, l] : ops) result.operations[name].merge(l);
  }
  return result;
}

std::vector<TrackedCase> preload(const Endpoint& endpoint, const Tokens& tokens, int count,
                                 int connections, int64_t* errors) {
  net::io_context ioc;
  const tcp::endpoint ep = resolve(endpoint);
  std::vector<TrackedCase> cases(size_t(std::max(count, 0)));
  std::atomic<int> next{0};
  std::atomic<int64_t> failed{0};
  const std::string body = submit_body();
  auto worker = [&]() -> net::awaitable<void> {
    Connection c(ioc, ep, endpoint.host);
    for (int i = next++; i < count; i = next++) {
      const Answer a = co_await c.send(bhttp::verb::post, "/v1/cases", body, tokens.clerk);
      TrackedCase& t = cases[size_t(i)];
      t.case_no = case_id_of(a);
      t.code = json_string(a.body, "queryCode");
      if (!a.ok() || t.case_no.empty() || t.code.empty()) ++failed;
    }
    c.close();
  };
  for (int i = 0; i < std::min(connections, std::max(count, 1)); ++i)
    net::co_spawn(ioc, worker, net::detached);
  ioc.run();
  *errors = failed;
  std::erase_if(cases, [](const TrackedCase& t) { return t.case_no.empty() || t.code.empty(); });
  return cases;
}

std::vector<TrackedCase> preload_in_process(http::Api& api, const Tokens& tokens, int count, int64_t* errors) {
  std::vector<TrackedCase> cases(size_t(std::max(count, 0)));
  std::atomic<int64_t> failed{0};
  http::Request request;
  request.method = "POST";
  request.path = "/v1/cases";
  request.content_type = "application/json";
  request.authorization = "Bearer " + tokens.clerk;
  request.client = "127.0.0.1";
  request.body = submit_body();
  // Many submissions in flight, as from many windows, so that group commit fills its batches.
  constexpr int kInFlight = 256;
  std::counting_semaphore<> window(kInFlight);
  for (int i = 0; i < count; ++i) {
    window.acquire();
    api.handle(request, [&cases, &failed, &window, i](http::Response r) {
      TrackedCase& t = cases[size_t(i)];
      for (const auto& [name, value] : r.headers) {
        if (name == "Location") t.case_no = value.substr(value.rfind('/') + 1);
      }
      t.code = json_string(r.body, "queryCode");
      if (r.status != 201 || t.case_no.empty() || t.code.empty()) ++failed;
      window.release();
    });
  }
  for (int i = 0; i < kInFlight; ++i) window.acquire();  // the last answers
  *errors = failed;
  std::erase_if(cases, [](const TrackedCase& t) { return t.case_no.empty() || t.code.empty(); });
  return cases;
}

const std::vector<LifeCommand>& life_commands() {
  // The event rows each command of the food licence's life records (tests/http/case_steps.h):
  // accept, decide and seal also start the next stage; the second opinion to be recorded also
  // completes the review stage and starts the next (counted on health's here: the two opinions
  // run at once, so either may be second, and the life's total, 13, is the same).
  static const std::vector<LifeCommand> kCommands = {
      {"submit", 1},         {"accept", 2}, {"inspect", 1}, {"opinion market", 1},
      {"opinion health", 3}, {"decide", 2}, {"seal", 2},    {"deliver", 1},
  };
  return kCommands;
}

}  // namespace oneseal::load
