// `oneseal serve` as a child process on a database file, as an operator runs it: started on
// an ephemeral loopback port (learnt from its "serving" line), killed or stopped by a signal,
// its exit status and output seen by the test. Also any other oneseal command, run to its end.
//
// Thread-safety: one thread drives a ServeProcess; its output is collected by a thread of its own.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace oneseal::testing {

class ServeProcess {
 public:
  // Starts `oneseal serve --db db --listen 127.0.0.1:0 --quiet` with `extra` arguments and the
  // environment plus `env` ("NAME=value", replacing a variable of that name), and waits until it
  // serves or exits.
  explicit ServeProcess(const std::string& db, const std::vector<std::string>& extra = {},
                        const std::vector<std::string>& env = {});
  ~ServeProcess();  // kills it when it still runs
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  bool serving() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  void signal(int sig);
  // Waits for the process to end: its wait status (see killed_by_sigkill, exited_with).
  int wait();
  // Everything it printed on stdout and stderr; complete once wait() returned.
  std::string output();

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool ended_ = false;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;   // GUARDED_BY(mutex_)
  bool eof_ = false;     // GUARDED_BY(mutex_)
  std::thread reader_;
};

bool killed_by_sigkill(int wait_status);
bool exited_with(int wait_status, int code);

struct ProgramRun {
  int status;  // the wait status
  std::string output;
};
// Runs `oneseal args...` to its end.
ProgramRun run_oneseal(const std::vector<std::string>& args);
// `oneseal users add` on a file no server holds: the new user's token. `role` as the option
// takes it (clerk, reviewer, ...); empty department and office are left out.
std::string users_add(const std::string& db, const std::string& role, const std::string& department = {},
                      const std::string& office = {});

}  // namespace oneseal::testing
