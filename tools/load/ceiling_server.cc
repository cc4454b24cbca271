// The bare Beast server of the HTTP ceiling (see ceiling_server.h): one coroutine per
// connection, read a request, write "ok", until the client closes.
#include "tools/load/ceiling_server.h"

#include <thread>
#include <vector>

#include "engine/http/asio.h"

namespace oneseal::load {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

net::awaitable<void> session(tcp::socket socket) {
  socket.set_option(tcp::no_delay(true));
  beast::flat_buffer buffer;
  try {
    for (;;) {
      bhttp::request<bhttp::string_body> request;
      co_await bhttp::async_read(socket, buffer, request, net::use_awaitable);
      bhttp::response<bhttp::string_body> response(bhttp::status::ok, request.version());
      response.set(bhttp::field::content_type, "text/plain");
      response.keep_alive(request.keep_alive());
      response.body() = "ok";
      response.prepare_payload();
      co_await bhttp::async_write(socket, response, net::use_awaitable);
      if (!response.keep_alive()) break;
    }
  } catch (const boost::system::system_error&) {
    // The client closed the connection (or the server is stopping).
  }
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

net::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
  }
}

}  // namespace

struct CeilingServer::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
  std::vector<std::thread> threads;
};

CeilingServer::CeilingServer(int threads) : impl_(std::make_unique<Impl>()) {
  net::co_spawn(impl_->ioc, accept_loop(impl_->acceptor), net::detached);
  for (int i = 0; i < threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

CeilingServer::~CeilingServer() {
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
}

uint16_t CeilingServer::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace oneseal::load
