#include "storage/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace oneseal {

Result<WriterLock> WriterLock::acquire(const std::string& path) {
  // Every writer locks the file before SQLite opens it, so this is where a new database file is
  // created: readable by its owner only, whatever the umask, since it holds applicants' personal
  // data. SQLite gives the -wal and -shm files the database file's mode.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::not_found("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return Status::failed_precondition(path + " is being written by another process (a running server, or a "
                                                "rebuild): stop it first");
    }
    return Status::unavailable("cannot lock " + path + ": " + std::strerror(error));
  }
  return WriterLock(fd);
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace oneseal
