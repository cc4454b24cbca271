// Kills a process that is appending through the group-commit writer with SIGKILL, at random
// moments, many times over, and checks after each kill that the reopened store holds every
// command the process acknowledged exactly once, no half of any command, and that
// `verify` passes. (This test waits on a real process; it cannot inject a clock.)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <sstream>

#include <catch2/catch.hpp>

#include "engine/apply.h"
#include "storage/maintenance.h"
#include "storage/sqlite_event_store.h"
#include "tests/engine/fixtures.h"
#include "tests/storage/store_fixtures.h"

using namespace oneseal;

namespace {

struct Child {
  pid_t pid;
  FILE* out;
};

Child spawn(const std::string& db, const std::string& prefix) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(ONESEAL_CRASH_CHILD, ONESEAL_CRASH_CHILD, db.c_str(), prefix.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(fds[1]);
  return Child{pid, ::fdopen(fds[0], "r")};
}

}  // namespace

TEST_CASE("acknowledged commands survive SIGKILL exactly once", "[crash]") {
  testing::TempDir dir;
  const std::string db = dir.file("crash.db");
  std::mt19937 rng(20261127);
  std::map<std::string, int64_t> acknowledged;  // case -> highest acknowledged version
  constexpr int kKills = 24;
  for (int round = 0; round < kKills; ++round) {
    INFO("round " << round);
    Child child = spawn(db, "R" + std::to_string(round));
    const int kill_after = 1 + int(rng() % 400);
    int acks = 0;
    char line[256];
    while (acks < kill_after && std::fgets(line, sizeof line, child.out)) {
      std::istringstream in(line);
      std::string word, id;
      int64_t version = 0;
      in >> word >> id >> version;
      REQUIRE(word == "ack");
      acknowledged[id] = std::max(acknowledged[id], version);
      ++acks;
    }
    ::kill(child.pid, SIGKILL);
    // Acknowledgements already in the pipe were given before the kill: they count too.
    while (std::fgets(line, sizeof line, child.out)) {
      std::istringstream in(line);
      std::string word, id;
      int64_t version = 0;
      in >> word >> id >> version;
      if (word == "ack") acknowledged[id] = std::max(acknowledged[id], version);
    }
    std::fclose(child.out);
    int status = 0;
    ::waitpid(child.pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(acks == kill_after);

    auto store = SqliteEventStore::open(db, fixtures::calendar());
    REQUIRE(store.ok());
    for (const auto& [id, version] : acknowledged) {
      INFO("case " << id);
      auto events = (*store)->read_case(id);
      REQUIRE(events.ok());
      // Every acknowledged command is there; a later one may be too, if it was committed but
      // not yet acknowledged when the process died.
      CHECK(int64_t(events->size()) >= version);
      const v1::CaseState state = fold(*events);
      CHECK(state.version() == int64_t(events->size()));
      // A submission is 1 event and an acceptance 2 more: 2 events would be half a command.
      CHECK(events->size() != 2);
      CHECK(events->size() <= 3);
    }
    auto rows = (*store)->list(CaseFilter{.limit = 1000000});
    REQUIRE(rows.ok());
    for (const auto& row : *rows) CHECK((row.version == 1 || row.version == 3));
    store->reset();
    auto report = verify_database(db, fixtures::calendar());
    REQUIRE(report.ok());
    CHECK(report->first_difference == "");
  }
  CHECK(acknowledged.size() > kKills);
}
