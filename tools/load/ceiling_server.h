// The HTTP ceiling: a bare Beast server on 127.0.0.1 that answers every request with a fixed
// 2-byte body ("ok") on keep-alive connections, and does nothing else. `oneseal load` runs the
// same client against it and OneSeal, so OneSeal's figures read as a share of what HTTP alone
// allows on this machine.
//
// Thread-safety: construct, port() and destroy from one thread.
#pragma once

#include <cstdint>
#include <memory>

namespace oneseal::load {

class CeilingServer {
 public:
  // Listens on a free loopback port and serves on `threads` I/O threads at once.
  explicit CeilingServer(int threads);
  ~CeilingServer();  // stops and joins

  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace oneseal::load
