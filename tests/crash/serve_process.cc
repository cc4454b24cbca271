#include "tests/crash/serve_process.h"

#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string_view>

extern char** environ;

namespace oneseal::testing {

namespace {

// Whether `entry` ("NAME=value") sets a variable one of `env` sets too.
bool set_in(std::string_view entry, const std::vector<std::string>& env) {
  const std::string_view name = entry.substr(0, entry.find('=') + 1);
  return std::any_of(env.begin(), env.end(), [&](const std::string& e) { return e.starts_with(name); });
}

// Starts ONESEAL_PROGRAM in the source folder with `args` and the environment plus `env` (which
// replaces variables of the same names), its stdout and stderr on one pipe: the process id and
// the pipe's reading end.
std::pair<pid_t, int> spawn(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<char*> argv{const_cast<char*>(ONESEAL_PROGRAM)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e) {
    if (!set_in(*e, env)) envp.push_back(*e);
  }
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    ::close(fds[1]);
    // The catalogue, calendar and seeds at their default places (workflows/, seeds/).
    if (::chdir(ONESEAL_SOURCE_DIR) != 0) std::_Exit(126);
    ::execve(ONESEAL_PROGRAM, argv.data(), envp.data());
    std::_Exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

}  // namespace

ServeProcess::ServeProcess(const std::string& db, const std::vector<std::string>& extra,
                           const std::vector<std::string>& env) {
  std::vector<std::string> args = {"serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto [pid, fd] = spawn(args, env);
  pid_ = pid;
  // Reads all the child prints, so a full pipe never stops it.
  reader_ = std::thread([this, fd = fd] {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard<std::mutex> lock(mutex_);
      if (n <= 0) {
        eof_ = true;
        changed_.notify_all();
        break;
      }
      output_.append(buffer, size_t(n));
      changed_.notify_all();
    }
    ::close(fd);
  });
  // "OneSeal serving N items from FILE on http://127.0.0.1:PORT"
  std::unique_lock<std::mutex> lock(mutex_);
  const std::string marker = "on http://127.0.0.1:";
  size_t at = std::string::npos;
  changed_.wait(lock, [&] {
    at = output_.find(marker);
    return eof_ || (at != std::string::npos && output_.find('\n', at) != std::string::npos);
  });
  if (at != std::string::npos) port_ = uint16_t(std::stoi(output_.substr(at + marker.size())));
}

ServeProcess::~ServeProcess() {
  if (!ended_) {
    signal(SIGKILL);
    wait();
  }
}

void ServeProcess::signal(int sig) {
  if (!ended_) ::kill(pid_, sig);
}

int ServeProcess::wait() {
  if (!ended_) {
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    ended_ = true;
    reader_.join();
  }
  return status_;
}

std::string ServeProcess::output() {
  std::lock_guard<std::mutex> lock(mutex_);
  return output_;
}

bool killed_by_sigkill(int wait_status) { return WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL; }

bool exited_with(int wait_status, int code) { return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == code; }

ProgramRun run_oneseal(const std::vector<std::string>& args) {
  auto [pid, fd] = spawn(args, {});
  ProgramRun run{0, {}};
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    run.output.append(buffer, size_t(n));
  }
  ::close(fd);
  while (::waitpid(pid, &run.status, 0) < 0 && errno == EINTR) {
  }
  return run;
}

std::string users_add(const std::string& db, const std::string& role, const std::string& department,
                      const std::string& office) {
  std::vector<std::string> args = {"users", "add", "--db", db, "--name", role + " " + department + office, "--role", role};
  if (!department.empty()) args.insert(args.end(), {"--department", department});
  if (!office.empty()) args.insert(args.end(), {"--office", office});
  const ProgramRun run = run_oneseal(args);
  const auto at = run.output.find("token: ");
  if (!exited_with(run.status, 0) || at == std::string::npos) {
    throw std::runtime_error("oneseal users add failed: " + run.output);
  }
  return run.output.substr(at + 7, run.output.find('\n', at) - at - 7);
}

}  // namespace oneseal::testing
