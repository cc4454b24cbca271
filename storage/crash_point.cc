// The crash points of crash_point.h. The checkpoint point needs a place inside SQLite: a VFS
// that forwards every call to the default one and notices a checkpoint's writes.
#include "storage/crash_point.h"

#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <new>
#include <string>

namespace oneseal {

namespace {

struct Setting {
  Status status;
  bool armed = false;
  CrashPoint point = CrashPoint::kMidBatch;
  std::atomic<int64_t> arrivals_left{0};
};

// --- The checkpoint-watching VFS ---

// In WAL mode only a checkpoint writes the database file (automatic, explicit, or the one at
// close, which runs without the WAL's locks): a write to a database file whose WAL is open is
// a checkpoint's. A new file written before it is switched to WAL is not.
sqlite3_vfs* g_real_vfs = nullptr;
sqlite3_vfs g_vfs;

struct WatchedFile {
  sqlite3_file base;
  WatchedFile* main_of_wal;       // for a WAL file: its database file
  std::atomic<bool> wal_open;     // for a database file: its WAL is open
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

WatchedFile* watched(sqlite3_file* f) { return reinterpret_cast<WatchedFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return watched(f)->real(); }
const sqlite3_io_methods& methods(sqlite3_file* f) { return *real(f)->pMethods; }

int watched_close(sqlite3_file* f) {
  if (WatchedFile* main = watched(f)->main_of_wal) main->wal_open = false;
  return methods(f).xClose(real(f));
}

int watched_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 offset) {
  if (watched(f)->wal_open) crash_point(CrashPoint::kCheckpoint);
  return methods(f).xWrite(real(f), data, n, offset);
}

const sqlite3_io_methods g_io = {
    3,
    watched_close,
    [](sqlite3_file* f, void* d, int n, sqlite3_int64 o) { return methods(f).xRead(real(f), d, n, o); },
    watched_write,
    [](sqlite3_file* f, sqlite3_int64 size) { return methods(f).xTruncate(real(f), size); },
    [](sqlite3_file* f, int flags) { return methods(f).xSync(real(f), flags); },
    [](sqlite3_file* f, sqlite3_int64* size) { return methods(f).xFileSize(real(f), size); },
    [](sqlite3_file* f, int level) { return methods(f).xLock(real(f), level); },
    [](sqlite3_file* f, int level) { return methods(f).xUnlock(real(f), level); },
    [](sqlite3_file* f, int* out) { return methods(f).xCheckReservedLock(real(f), out); },
    [](sqlite3_file* f, int op, void* arg) { return methods(f).xFileControl(real(f), op, arg); },
    [](sqlite3_file* f) { return methods(f).xSectorSize(real(f)); },
    [](sqlite3_file* f) { return methods(f).xDeviceCharacteristics(real(f)); },
    [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
      return methods(f).xShmMap(real(f), page, size, extend, out);
    },
    [](sqlite3_file* f, int offset, int n, int flags) { return methods(f).xShmLock(real(f), offset, n, flags); },
    [](sqlite3_file* f) { methods(f).xShmBarrier(real(f)); },
    [](sqlite3_file* f, int remove) { return methods(f).xShmUnmap(real(f), remove); },
    [](sqlite3_file* f, sqlite3_int64 o, int n, void** out) { return methods(f).xFetch(real(f), o, n, out); },
    [](sqlite3_file* f, sqlite3_int64 o, void* p) { return methods(f).xUnfetch(real(f), o, p); },
};

int watched_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* w = new (f) WatchedFile{};
  const int rc = g_real_vfs->xOpen(g_real_vfs, name, w->real(), flags, out_flags);
  // SQLite calls xClose only on a file whose pMethods is set.
  w->base.pMethods = w->real()->pMethods ? &g_io : nullptr;
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL)) {
    // The pager opened its database file through this VFS too, so that file is a WatchedFile.
    w->main_of_wal = watched(sqlite3_database_file_object(name));
    w->main_of_wal->wal_open = true;
  }
  return rc;
}

Status install_checkpoint_vfs() {
  g_real_vfs = sqlite3_vfs_find(nullptr);
  if (!g_real_vfs || g_real_vfs->iVersion < 3) return Status::internal("crash points: no default VFS to wrap");
  // The default VFS's other methods keep their pAppData and work unchanged.
  g_vfs = *g_real_vfs;
  g_vfs.zName = "oneseal-crash-points";
  g_vfs.szOsFile = int(sizeof(WatchedFile)) + g_real_vfs->szOsFile;
  g_vfs.xOpen = watched_open;
  g_vfs.pNext = nullptr;
  if (sqlite3_vfs_register(&g_vfs, /*makeDflt=*/1) != SQLITE_OK) {
    return Status::internal("crash points: cannot register the checkpoint-watching VFS");
  }
  return Status();
}

// --- ONESEAL_CRASH_POINT ---

Setting& setting() {
  static Setting* s = [] {
    auto* s = new Setting;  // never destroyed: a point may be reached while the process exits
    const char* env = std::getenv("ONESEAL_CRASH_POINT");
    if (!env || !*env) return s;
    const std::string value(env);
    const auto colon = value.find(':');
    const std::string name = value.substr(0, colon);
    int64_t n = 1;
    if (colon != std::string::npos) {
      const char* first = value.data() + colon + 1;
      const char* last = value.data() + value.size();
      const auto [end, ec] = std::from_chars(first, last, n);
      if (ec != std::errc() || end != last || n < 1) {
        s->status = Status::invalid_argument("ONESEAL_CRASH_POINT", "'" + value + "': N must be a whole number from 1");
        return s;
      }
    }
    if (name == "mid-batch") {
      s->point = CrashPoint::kMidBatch;
    } else if (name == "after-commit-before-reply") {
      s->point = CrashPoint::kAfterCommitBeforeReply;
    } else if (name == "checkpoint") {
      s->point = CrashPoint::kCheckpoint;
      s->status = install_checkpoint_vfs();
    } else {
      s->status = Status::invalid_argument(
          "ONESEAL_CRASH_POINT", "'" + name + "' is not a crash point (mid-batch, after-commit-before-reply, checkpoint)");
    }
    s->armed = s->status.ok();
    s->arrivals_left = n;
    return s;
  }();
  return *s;
}

}  // namespace

Status arm_crash_points() { return setting().status; }

void crash_point(CrashPoint point) {
  Setting& s = setting();
  if (!s.armed || s.point != point) return;
  if (s.arrivals_left.fetch_sub(1) == 1) ::raise(SIGKILL);
}

}  // namespace oneseal
