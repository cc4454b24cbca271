// Fixed places where a test makes the process die as SIGKILL would (docs/storage.md, "Crash
// points"): ONESEAL_CRASH_POINT=NAME[:N], read once per process, makes the N-th arrival (1 when
// N is left out) at the named point raise SIGKILL on the process itself. Unset, a point costs
// a load and a compare.
//
// Thread-safety: every function may be called from any thread.
#pragma once

#include "engine/status.h"

namespace oneseal {

enum class CrashPoint {
  kMidBatch,                // "mid-batch": a batch's rows written in its transaction, before COMMIT
  kAfterCommitBeforeReply,  // "after-commit-before-reply": a batch committed, no caller answered
  kCheckpoint,              // "checkpoint": a WAL checkpoint about to write a page of the database file
};

// Reads ONESEAL_CRASH_POINT (once; later calls return the first answer) and refuses a name or
// count it does not know, so a misspelt point never passes a test silently. When it names the
// checkpoint, SQLite's default VFS becomes one that watches checkpoints: call this before the
// connection that checkpoints is opened.
Status arm_crash_points();

// Dies here when ONESEAL_CRASH_POINT names `point` and this is its N-th arrival.
void crash_point(CrashPoint point);

}  // namespace oneseal
