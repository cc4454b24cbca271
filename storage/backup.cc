#include "storage/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "storage/schema.h"

namespace oneseal {

namespace {

// Creates `to` empty, atomically refusing an existing file, so two backups racing for one name
// cannot both write it. A stale journal beside it would be replayed into the copy: refused too.
Status claim(const std::string& to) {
  if (std::filesystem::exists(to)) return Status::already_exists(to + " exists: a backup never overwrites a file");
  for (const char* suffix : {"-wal", "-journal"}) {
    if (std::filesystem::exists(to + suffix)) {
      return Status::already_exists(to + suffix + " exists: remove it, or back up to another name");
    }
  }
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::already_exists(to + " exists: a backup never overwrites a file");
    return Status::unavailable("cannot create " + to + ": " + std::strerror(errno));
  }
  ::close(fd);
  return Status();
}

void remove_copy(const std::string& to) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(to + suffix, ignored);
}

// SQLite's online backup API rather than VACUUM INTO: it copies the pages as they are (the
// hash-chained rows byte for byte, no rebuild of every table and index), and the copy's commit
// is fsynced, where VACUUM INTO never syncs its output. One step of all pages runs in one read
// transaction of a read-only connection: a snapshot of the WAL that never blocks the server's
// writer and never restarts when the writer commits meanwhile.
Status copy_pages(const std::string& from, const std::string& to) {
  auto source = sqlite::Connection::open(from, SQLITE_OPEN_READONLY);
  if (!source.ok()) return source.status();
  if (Status s = check_schema(**source); !s.ok()) return Status::failed_precondition(from + ": " + s.message());
  if (Status s = (*source)->exec("PRAGMA busy_timeout = 5000"); !s.ok()) return s;
  auto target = sqlite::Connection::open(to, SQLITE_OPEN_READWRITE);
  if (!target.ok()) return target.status();
  sqlite3_backup* backup = sqlite3_backup_init((*target)->raw(), "main", (*source)->raw(), "main");
  if (!backup) return sqlite::status_of(sqlite3_errcode((*target)->raw()), (*target)->raw(), "backup of " + from);
  const int stepped = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE) return sqlite::status_of(stepped, (*target)->raw(), "backup of " + from);
  if (Status s = sqlite::status_of(finished, (*target)->raw(), "backup of " + from); !s.ok()) return s;
  // The pages carry the source's WAL mode; a copy in rollback mode is one self-contained file
  // (reading it leaves no -wal or -shm beside it). A server opening it turns WAL on again.
  return (*target)->exec("PRAGMA journal_mode = DELETE");
}

Result<VerifyReport> check_copy(const std::string& to, const Calendar& calendar) {
  auto integrity = integrity_check(to);
  if (!integrity.ok()) return integrity.status();
  if (*integrity != "ok") return Status::failed_precondition("the copy fails SQLite's integrity check: " + *integrity);
  auto report = verify_database(to, calendar);
  if (!report.ok()) return report.status();
  if (!report->ok()) return Status::failed_precondition("the copy fails verification: " + report->first_difference);
  return report;
}

}  // namespace

Result<VerifyReport> backup_database(const std::string& from, const std::string& to, const Calendar& calendar) {
  if (!std::filesystem::exists(from)) return Status::not_found("no database " + from);
  if (Status s = claim(to); !s.ok()) return s;
  Status copied = copy_pages(from, to);
  auto report = copied.ok() ? check_copy(to, calendar) : Result<VerifyReport>(copied);
  if (!report.ok()) remove_copy(to);
  return report;
}

}  // namespace oneseal
