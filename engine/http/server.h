// The HTTP/1.1 server on Boost.Beast: keep-alive connections, each on its own strand, a fresh
// parser per request with explicit body and header limits, timeouts on every read and write,
// a bound on open connections, one JSON log line per request, and a graceful stop.
//
// Thread-safety: stop() may be called from any thread (and is, on SIGINT or SIGTERM); the
// rest from the owner's thread. The Api must outlive the server.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/http/api.h"
#include "engine/http/trusted_proxies.h"
#include "engine/status.h"

namespace oneseal::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: a free port, see Server::port()
  int io_threads = 1;
  size_t body_limit = 1 << 20;     // 413 beyond it
  size_t header_limit = 16 << 10;  // 431 beyond it
  // How long a request may take to arrive once its first byte did, and a reply to leave.
  std::chrono::seconds request_timeout{10};
  // How long a keep-alive connection may sit idle between requests.
  std::chrono::seconds idle_timeout{60};
  size_t max_connections = 10000;  // more are closed at once
  bool log_requests = true;        // one JSON line per request on stderr
  bool handle_signals = true;      // stop on SIGINT and SIGTERM
  // Reverse proxies whose X-Forwarded-For names the client (trusted_proxies.h); none by default,
  // and the client is the TCP peer.
  TrustedProxies trusted_proxies;
};

class Server {
 public:
  Server(ServerOptions options, Api& api);
  ~Server();

  // Binds and listens, and from then on catches SIGINT and SIGTERM (handle_signals); an error
  // names the address (e.g. the port is taken).
  Status listen();
  uint16_t port() const;
  // Serves until stop(); returns once every connection has closed.
  void run();
  // Stops accepting, lets the requests being handled finish and be answered, closes idle
  // connections.
  void stop();

  struct Impl;  // the Asio side, kept out of this header

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace oneseal::http
