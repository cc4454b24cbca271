// The load client: N keep-alive HTTP/1.1 connections on Beast, each a coroutine running one
// script in a loop until the run's end: the full life of a food licence (submit, accept,
// inspection, the market and health opinions, decide, seal, deliver) by a clerk, reviewers and
// an approver, the two opinions sent at once (the market one on a second connection that each
// lives script holds, so that a lives script keeps two connections open); public progress
// queries over preloaded cases; or a bare GET (the HTTP ceiling).
// Each request's latency is taken from before its write to after its answer is read, and an
// answer that is not 2xx, or a connection that fails, is an error of that operation.
//
// Thread-safety: each call runs its own io_context on `client_threads` threads and returns
// when done; calls may not overlap.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/http/api.h"
#include "tools/load/latency.h"

namespace oneseal::load {

struct Endpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
};

struct Tokens {
  std::string clerk = "demo-clerk-hall-1";  // a clerk at hall-1
  std::string reviewer_scjg = "demo-reviewer-scjg";
  std::string reviewer_wjw = "demo-reviewer-wjw";
  std::string approver = "demo-approver-chen";
};

// A case an applicant follows: its number and query code.
struct TrackedCase {
  std::string case_no;
  std::string code;
};

enum class Script { kLives, kProgress, kBareGet };

struct RunOptions {
  Endpoint endpoint;
  std::vector<Script> connections;  // one script per connection
  double seconds = 10;
  int client_threads = 1;
  Tokens tokens;
  const std::vector<TrackedCase>* cases = nullptr;  // for kProgress
};

struct RunResult {
  std::map<std::string, Latencies>
      operations;  // by name: "submit", "accept", ..., "life", "progress"
  double elapsed_seconds = 0;
};

RunResult run(const RunOptions& options);

// Submits `count` food licences through POST /v1/cases on `connections` connections and
// returns their numbers and query codes; *errors counts the submissions that failed.
std::vector<TrackedCase> preload(const Endpoint& endpoint, const Tokens& tokens, int count,
                                 int connections, int64_t* errors);

// The same through `api` in this process, without sockets: how a million cases get stored in
// minutes rather than hours.
std::vector<TrackedCase> preload_in_process(http::Api& api, const Tokens& tokens, int count, int64_t* errors);

// The commands of one life, in order, and the event rows each records for this item.
struct LifeCommand {
  const char* name;
  int events;
};
const std::vector<LifeCommand>& life_commands();

}  // namespace oneseal::load
