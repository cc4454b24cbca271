// One process writes a database at a time: the store's writer and `oneseal db rebuild` hold
// an exclusive flock on the file while they run. (SQLite's own locks allow writers in turn;
// this rule also keeps exactly one connection writing and checkpointing, which avoids the WAL
// reset bug of SQLite before 3.51.3.)
#pragma once

#include <string>

#include "engine/status.h"

namespace oneseal {

class WriterLock {
 public:
  // FAILED_PRECONDITION naming the file when another process holds it.
  static Result<WriterLock> acquire(const std::string& path);
  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock& operator=(WriterLock&&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace oneseal
