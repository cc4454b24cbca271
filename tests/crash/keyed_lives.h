// Food-licence cases driven over HTTP from several connections to a server that may die at
// any moment, every command with an Idempotency-Key of its own, and the store checked against
// the answers: a command answered ok is in the store exactly once, one refused is not there,
// one left unanswered (unknown) is there at most once and is sent again with its key after the
// restart, when a stored one must be replayed rather than appended. Every fifth case is filed
// for an item that does not exist, so refusals are among the answers too.
//
// Thread-safety: run() uses a thread per connection; call the rest from one thread while no
// run() is going on.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite_event_store.h"
#include "tests/http/case_steps.h"
#include "tests/http/client.h"

namespace oneseal::testing {

struct Tally {
  int ok = 0;                 // answered 2xx
  int failed = 0;             // answered with an error (the doomed submissions, and any 503)
  int unknown = 0;            // no answer: the connection broke
  int replayed = 0;           // unknowns found stored after the restart, and replayed when sent again
};

class KeyedLives {
 public:
  // The food item's life, its staff added to `db` with `oneseal users add` (the file must not
  // be held by a server yet).
  explicit KeyedLives(const std::string& db);

  // Drives lives from `connections` connections to 127.0.0.1:`port`, each connection first
  // sending again the command it left unanswered. A connection stops when its server stops
  // answering, or after `limit` answers of its own. `at_answer(n)`, when given, is called by
  // the connection that receives the n-th answer of this run (the kill test kills there).
  void run(uint16_t port, int connections, int limit, const std::function<void(int)>& at_answer = {});

  // Checks the database `db` (opened read-only) against every answer so far; the problems found.
  std::vector<std::string> check(const std::string& db);
  const Tally& tally() const { return tally_; }

 private:
  struct Life {
    std::string tag;        // in the applicant's name: finds a case whose submission was unanswered
    std::string case_id;    // once the submission was answered
    size_t done = 0;        // steps answered ok
    bool doomed = false;    // submits an item that does not exist: must be refused, never stored
    bool failed = false;    // step `done` was refused: the life ends there
    bool unknown = false;   // step `done` went unanswered
    bool committed = false; // ... and the check after the restart found it stored
  };
  void drive(int connection, uint16_t port, int limit, const std::function<void(int)>& at_answer);
  // Sends step `life.done`; false when no answer came.
  bool send(HttpClient& client, Life& life, const std::function<void(int)>& at_answer);
  std::vector<std::string> expected_types(size_t steps) const;

  std::vector<CaseStep> steps_;
  std::map<std::string, std::string> tokens_;  // by role/department
  std::vector<std::vector<Life>> lives_;       // by connection; only that connection's thread touches it in run()
  std::mutex mutex_;
  int answered_ = 0;                 // GUARDED_BY(mutex_), in this run
  Tally tally_;                      // GUARDED_BY(mutex_) during run()
  std::vector<std::string> problems_;  // GUARDED_BY(mutex_): what a connection saw wrong
};

}  // namespace oneseal::testing
