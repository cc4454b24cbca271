// The GET of `oneseal report --url`, with a deadline on the whole exchange so that a silent
// server cannot hang the command.
#include "tools/http_get.h"

#include <cctype>
#include <chrono>

#include "engine/http/asio.h"

namespace oneseal::cli {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr auto kDeadline = std::chrono::seconds(60);

struct Endpoint {
  std::string host, port;
};

Result<Endpoint> parse_url(std::string url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) {
    return Status::invalid_argument("url", "'" + url + "' is not http://HOST[:PORT] (no TLS here)");
  }
  url = url.substr(kScheme.size());
  if (!url.empty() && url.back() == '/') url.pop_back();
  const size_t colon = url.rfind(':');
  Endpoint e{url.substr(0, colon), colon == std::string::npos ? "80" : url.substr(colon + 1)};
  if (e.host.empty() || e.host.find('/') != std::string::npos || e.port.empty() ||
      e.port.find_first_not_of("0123456789") != std::string::npos) {
    return Status::invalid_argument("url", "'http://" + url + "' is not http://HOST[:PORT]");
  }
  return e;
}

}  // namespace

std::string percent_encode(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<HttpAnswer> http_get(const std::string& url, const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
  auto endpoint = parse_url(url);
  if (!endpoint.ok()) return endpoint.status();
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  auto unreachable = [&](const char* what) {
    return Status::unavailable("cannot " + std::string(what) + " " + url + ": " + ec.message());
  };
  const auto addresses = net::ip::tcp::resolver(ioc).resolve(endpoint->host, endpoint->port, ec);
  if (ec) return unreachable("resolve");
  stream.expires_after(kDeadline);
  stream.connect(addresses, ec);
  if (ec) return unreachable("connect to");

  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
  request.set(bhttp::field::host, endpoint->host);
  request.set(bhttp::field::user_agent, "oneseal-report");
  for (const auto& [name, value] : headers) request.set(name, value);
  bhttp::write(stream, request, ec);
  if (ec) return unreachable("send to");
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256 << 20);
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return unreachable("read the answer of");
  auto response = parser.release();
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  return HttpAnswer{int(response.result_int()), std::string(response[bhttp::field::content_type]),
                    std::move(response.body())};
}

}  // namespace oneseal::cli
