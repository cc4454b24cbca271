#include "engine/http/server.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/http/asio.h"
#include "engine/http/beast_request.h"
#include "engine/http/codec.h"
#include "engine/http/response_bytes.h"
#include "engine/time.h"

namespace oneseal::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

// A connection's stream runs on its strand, named by type: beast::tcp_stream's type-erased
// executor allocated on every asynchronous operation (about 17 allocations per request).
using Strand = net::strand<net::io_context::executor_type>;
using Stream = beast::basic_stream<tcp, Strand>;

namespace {

std::string json_escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out;
}

// An error the server answers itself, before any route: plain JSON in the one error shape.
Response transport_error(int status, const std::string& code, const std::string& message) {
  return encode(status, api_error(status, code, message).error, Format::kJson);
}

}  // namespace

class Session;

struct Server::Impl {
  Impl(ServerOptions o, Api& a)
      : options(std::move(o)),
        api(a),
        accept_strand(net::make_strand(ioc)),
        acceptor(accept_strand),
        accept_pause(accept_strand),
        signals(ioc) {}

  void accept();
  // Waits before accepting again after an accept error.
  void pause_accepting();
  void log(const Request& request, const Response& response, double seconds);
  void track(const std::shared_ptr<Session>& session);
  void untrack(Session* session);

  const ServerOptions options;
  Api& api;
  net::io_context ioc;
  // The acceptor, its pause and stop() take turns on one strand.
  Strand accept_strand;
  tcp::acceptor acceptor;
  net::steady_timer accept_pause;
  std::chrono::milliseconds accept_backoff{0};  // the last pause; 0 after a connection came in
  net::signal_set signals;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};

  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;  // GUARDED_BY(sessions_mutex)
};

// One connection: read a request, hand it to the Api, write the answer, again while kept alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Stream::socket_type&& socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    ++server_.connections;
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) client_ = peer.address().to_string();
  }
  ~Session() {
    server_.untrack(this);
    --server_.connections;
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_request(); });
  }

  // Closes the connection once the request in hand (if any) is answered.
  void shut_down() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->waiting_for_request_) self->close();
    });
  }

 private:
  void read_request() {
    if (closing_) return close();
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(uint32_t(server_.options.header_limit));
    waiting_for_request_ = true;
    if (buffer_.size() > 0) return read_header();
    // Idle until the request's first bytes, then its own timeout: a client sending its header a
    // byte at a time must not hold the connection for the idle timeout. Timeouts are sticky:
    // set before every read and write.
    stream_.expires_after(server_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->buffer_.commit(n);
      if (ec) {
        self->waiting_for_request_ = false;
        return self->on_read_error(ec);
      }
      self->read_header();
    });
  }

  void read_header() {
    stream_.expires_after(server_.options.request_timeout);
    // Most requests arrive whole in the first read: the header in the buffer is parsed here,
    // and the parser reads on only when it needs more (an asynchronous read that finds the
    // header at hand still costs a completion through the strand).
    if (buffer_.size() > 0) {
      beast::error_code ec;
      buffer_.consume(parser_->put(buffer_.data(), ec));
      if (!ec && parser_->is_header_done()) return on_header(ec);
      if (ec && ec != bhttp::error::need_more) return on_header(ec);
    }
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    waiting_for_request_ = false;
    if (ec) return on_read_error(ec);
    const auto& req = parser_->get();
    // Both lengths: a request smuggling attempt, or a broken client. Either way refused.
    if (req.count(bhttp::field::content_length) > 0 && req.count(bhttp::field::transfer_encoding) > 0) {
      return refuse(transport_error(400, "INVALID_ARGUMENT",
                                    "a request may not carry both Content-Length and Transfer-Encoding"));
    }
    stream_.expires_after(server_.options.request_timeout);
    if (beast::iequals(header(req, bhttp::field::expect), "100-continue")) {
      continue_.emplace(bhttp::status::continue_, req.version());
      return bhttp::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    // A body that came with its header is parsed here, as the header was; the parser reads on
    // only for the rest.
    while (!parser_->is_done() && buffer_.size() > 0) {
      beast::error_code ec;
      const size_t parsed = parser_->put(buffer_.data(), ec);
      buffer_.consume(parsed);
      if (ec == bhttp::error::need_more || (!ec && parsed == 0)) break;
      if (ec) return on_request(ec);
    }
    if (parser_->is_done()) return on_request({});
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_request(ec); });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return refuse(transport_error(413, "RESOURCE_EXHAUSTED",
                                    "the body exceeds " + std::to_string(server_.options.body_limit) + " bytes"));
    }
    if (ec == bhttp::error::header_limit) {
      return refuse(transport_error(431, "RESOURCE_EXHAUSTED",
                                    "the header exceeds " + std::to_string(server_.options.header_limit) + " bytes"));
    }
    const bool malformed = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
                           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
    if (malformed) {
      return refuse(transport_error(400, "INVALID_ARGUMENT", "malformed HTTP request: " + ec.message()));
    }
    close();  // the client left, timed out, or the server is stopping
  }

  void on_request(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    auto req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    std::string client = server_.options.trusted_proxies.empty()
                             ? client_
                             : server_.options.trusted_proxies.client(client_, header_list(req, "X-Forwarded-For"));
    Request request = to_request(std::move(req), std::move(client));
    started_ = std::chrono::steady_clock::now();
    // The work guard keeps the server running until the answer is written, even when the
    // handler runs on the worker pool.
    auto guard = net::make_work_guard(stream_.get_executor());
    // What the request log needs of the request, kept only when there is a log.
    std::shared_ptr<Request> logged;
    if (server_.options.log_requests) {
      logged = std::make_shared<Request>();
      logged->method = request.method;
      logged->path = request.path;
      logged->client = request.client;
    }
    // Dispatched: an answer given at once, on this strand, is written at once; one given
    // later on a worker is posted to the strand.
    server_.api.handle(std::move(request), [self = shared_from_this(), guard, logged](Response response) mutable {
      net::dispatch(self->stream_.get_executor(), [self, guard, logged, response = std::move(response)]() mutable {
        static const Request kNotLogged;
        self->write(std::move(response), logged ? *logged : kNotLogged);
      });
    });
  }

  // Answers an unreadable request and closes.
  void refuse(Response response) {
    keep_alive_ = false;
    version_ = 11;
    started_ = std::chrono::steady_clock::now();
    Request unknown;
    unknown.method = "-";
    unknown.path = "-";
    unknown.client = client_;
    write(std::move(response), unknown);
  }

  void write(Response response, const Request& request) {
    const bool keep = keep_alive_ && !closing_ && !server_.stopping;
    res_ = {};
    res_.version(version_);
    res_.result(response.status);
    res_.keep_alive(keep);
    if (!response.content_type.empty()) res_.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res_.set(name, value);
    res_.body() = std::move(response.body);
    res_.prepare_payload();
    response_bytes(res_, out_);
    res_.body() = std::string();  // in out_ now
    stream_.expires_after(server_.options.request_timeout);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    server_.log(request, response, seconds);
    net::async_write(stream_, net::buffer(out_), [self = shared_from_this(), keep](beast::error_code ec, size_t) {
      // A large answer (a report, a long list) does not stay with an idle connection.
      if (self->out_.capacity() > kKeptAnswerBytes) std::string().swap(self->out_);
      if (ec || !keep) return self->close();
      self->read_request();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  static constexpr size_t kFirstRead = 4096;  // bytes read while waiting for a request to begin
  static constexpr size_t kKeptAnswerBytes = 64 << 10;

  Stream stream_;
  Server::Impl& server_;
  std::string client_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  bhttp::response<bhttp::string_body> res_;
  std::string out_;  // res_ as the bytes written, kept between answers for its capacity
  bool keep_alive_ = false;
  unsigned version_ = 11;
  bool closing_ = false;
  bool waiting_for_request_ = false;
  std::chrono::steady_clock::time_point started_;
};

void Server::Impl::track(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(sessions_mutex);
  sessions.emplace(session.get(), session);
}

void Server::Impl::untrack(Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mutex);
  sessions.erase(session);
}

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, Stream::socket_type socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) return pause_accepting();
    accept_backoff = {};
    if (connections.load() >= options.max_connections) {
      beast::error_code ignored;
      socket.close(ignored);  // over the bound: the client may retry later
    } else {
      auto session = std::make_shared<Session>(std::move(socket), *this);
      track(session);
      session->start();
    }
    accept();
  });
}

// An accept error is most often the process's file descriptors run out (EMFILE): the
// connection stays in the listen queue and the next accept fails the same way until some
// close. Trying again at once kept the I/O threads spinning meanwhile (5.6 s of CPU in 5 s,
// docs/security.md); the pause grows from 5 ms to a second, as Go's net/http does.
void Server::Impl::pause_accepting() {
  using std::chrono::milliseconds;
  accept_backoff = std::clamp(accept_backoff * 2, milliseconds(5), milliseconds(1000));
  accept_pause.expires_after(accept_backoff);
  accept_pause.async_wait([this](beast::error_code ec) {
    if (!ec && acceptor.is_open()) accept();
  });
}

void Server::Impl::log(const Request& request, const Response& response, double seconds) {
  if (!options.log_requests) return;
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.3f", seconds * 1000);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string line = "{\"time\":\"" + format_instant(now) + "\",\"method\":\"" + json_escaped(request.method) +
                           "\",\"path\":\"" + json_escaped(request.path) + "\",\"status\":" +
                           std::to_string(response.status) + ",\"latencyMs\":" + latency + ",\"principal\":\"" +
                           json_escaped(response.principal) + "\",\"client\":\"" + json_escaped(request.client) +
                           "\"}\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

Server::Server(ServerOptions options, Api& api) : impl_(std::make_unique<Impl>(std::move(options), api)) {}

Server::~Server() = default;

Status Server::listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) return Status::invalid_argument("listen", "'" + impl_->options.address + "' is not an IP address");
  const tcp::endpoint endpoint(address, impl_->options.port);
  const std::string where = impl_->options.address + ":" + std::to_string(impl_->options.port);
  auto& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) return Status::unavailable("cannot open " + where + ": " + ec.message());
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) return Status::unavailable("cannot listen on " + where + ": " + ec.message());
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    return Status::unavailable("cannot listen on " + where + ": " + ec.message());
  }
  // Caught from now on, before run(): a SIGTERM that comes as soon as the port is announced
  // must stop the server gracefully, not kill it.
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  return Status();
}

uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void Server::run() {
  Impl& s = *impl_;
  s.accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < s.options.io_threads; ++i) {
    threads.emplace_back([&s] {
      pthread_setname_np(pthread_self(), "oneseal-io");
      s.ioc.run();
    });
  }
  s.ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  net::post(s.accept_strand, [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
    s.accept_pause.cancel();
    s.signals.cancel(ignored);
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard<std::mutex> lock(s.sessions_mutex);
      for (auto& [ptr, weak] : s.sessions) {
        if (auto session = weak.lock()) open.push_back(std::move(session));
      }
    }
    for (auto& session : open) session->shut_down();
  });
}

}  // namespace oneseal::http
