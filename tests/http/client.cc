#include "tests/http/client.h"

#include <algorithm>
#include <cctype>

#include "engine/http/asio.h"

namespace oneseal::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
  explicit Impl(uint16_t p) : port(p), stream(ioc) {}

  void connect() {
    beast::error_code ignored;
    stream.socket().close(ignored);
    buffer.clear();
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  HttpReply read() {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    stream.expires_after(std::chrono::seconds(30));
    bhttp::read(stream, buffer, parser);
    auto res = parser.release();
    HttpReply reply;
    reply.status = int(res.result_int());
    reply.body = std::move(res.body());
    for (const auto& field : res) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      reply.headers[name] = std::string(field.value());
    }
    if (!res.keep_alive()) connected = false;
    return reply;
  }

  uint16_t port;
  net::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
};

HttpClient::HttpClient(uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;

HttpReply HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->connected) {
        impl_->connect();
        impl_->connected = true;
      }
      impl_->stream.expires_after(std::chrono::seconds(30));
      bhttp::write(impl_->stream, req);
      return impl_->read();
    } catch (const beast::system_error&) {
      // A keep-alive connection the server closed meanwhile: once more on a new one.
      impl_->connected = false;
      if (attempt == 1) throw;
    }
  }
}

HttpReply HttpClient::raw(const std::string& bytes) {
  impl_->connect();
  impl_->connected = true;
  net::write(impl_->stream, net::buffer(bytes));
  return impl_->read();
}

HttpReply HttpClient::next() { return impl_->read(); }

}  // namespace oneseal::testing
