#include "tests/crash/keyed_lives.h"

#include <algorithm>
#include <thread>

#include "engine/apply.h"
#include "oneseal/v1/api.pb.h"
#include "tests/crash/serve_process.h"
#include "tests/engine/fixtures.h"
#include "tests/http/command_route.h"
#include "tests/http/wire.h"

namespace oneseal::testing {

namespace {

constexpr const char* kFoodItem = "XK-SCJG-00012-000";

std::string performer_key(const Performer& by) { return v1::Role_Name(by.role) + "/" + by.department; }

}  // namespace

KeyedLives::KeyedLives(const std::string& db)
    : steps_(case_life(fixtures::catalogue().items.at(kFoodItem))) {
  for (const CaseStep& step : steps_) {
    std::string& token = tokens_[performer_key(step.by)];
    if (token.empty()) {
      std::string role = v1::Role_Name(step.by.role);
      std::transform(role.begin(), role.end(), role.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      token = users_add(db, role, step.by.department, step.by.role == v1::CLERK ? "hall-1" : "");
    }
  }
}

void KeyedLives::run(uint16_t port, int connections, int limit, const std::function<void(int)>& at_answer) {
  lives_.resize(std::max(lives_.size(), size_t(connections)));
  answered_ = 0;
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([=, this, &at_answer] { drive(c, port, limit, at_answer); });
  }
  for (auto& t : threads) t.join();
}

void KeyedLives::drive(int connection, uint16_t port, int limit, const std::function<void(int)>& at_answer) {
  HttpClient client(port);
  std::vector<Life>& lives = lives_[connection];
  for (int answers = 0; answers < limit; ++answers) {
    if (lives.empty() || lives.back().failed || lives.back().done == steps_.size()) {
      Life& life = lives.emplace_back();
      life.tag = "c" + std::to_string(connection) + "-" + std::to_string(lives.size() - 1);
      life.doomed = lives.size() % 5 == 0;
    }
    if (!send(client, lives.back(), at_answer)) break;
  }
}

bool KeyedLives::send(HttpClient& client, Life& life, const std::function<void(int)>& at_answer) {
  const CaseStep& step = steps_[life.done];
  v1::Command command = step.command;
  if (command.has_submit()) {
    auto* applicant = command.mutable_submit()->mutable_applicant();
    applicant->set_name(applicant->name() + " " + life.tag);
    if (life.doomed) command.mutable_submit()->set_item_code("XK-NONE-00000-000");
  }
  auto headers = wire_headers(Wire::kJson, tokens_.at(performer_key(step.by)));
  headers["Idempotency-Key"] = life.tag + "/" + std::to_string(life.done);
  HttpReply reply;
  try {
    reply = client.request("POST", target_of(command, life.case_id), encoded(body_of(command), Wire::kJson), headers);
  } catch (const std::exception&) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!life.unknown) ++tally_.unknown;
    life.unknown = true;
    return false;
  }
  int answered;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answered = ++answered_;
  }
  if (at_answer) at_answer(answered);
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string what = life.tag + " " + step.label + ": " + std::to_string(reply.status) + " " + reply.body;
  if (life.doomed || reply.status / 100 != 2) {
    // Each key is sent by one connection at a time, so a valid command may be refused only by a
    // server that cannot write now (503); a doomed one must be refused as the client's error.
    const bool expected = life.doomed ? reply.status / 100 == 4 : reply.status == 503;
    if (!expected) problems_.push_back("unexpected answer: " + what);
    ++tally_.failed;
    life.failed = true;
    return true;
  }
  v1::CaseResponse answer;
  if (!parse(reply.body, Wire::kJson, &answer)) {
    problems_.push_back("not a CaseResponse: " + what);
    life.failed = true;
    return true;
  }
  if (life.unknown) {
    // Stored before the crash: the retry must replay it, not append it again.
    if (answer.replayed() != life.committed) {
      problems_.push_back("retry replayed " + std::to_string(answer.replayed()) + ", stored before: " +
                          std::to_string(life.committed) + ": " + what);
    }
    tally_.replayed += answer.replayed() ? 1 : 0;
    life.unknown = false;
  } else if (answer.replayed()) {
    problems_.push_back("a first send was answered as a replay: " + what);
  }
  if (command.has_submit()) life.case_id = answer.case_().id();
  ++life.done;
  ++tally_.ok;
  return true;
}

std::vector<std::string> KeyedLives::expected_types(size_t steps) const {
  std::vector<std::string> types;
  for (size_t i = 0; i < steps && i < steps_.size(); ++i) {
    types.insert(types.end(), steps_[i].events.begin(), steps_[i].events.end());
  }
  return types;
}

std::vector<std::string> KeyedLives::check(const std::string& db) {
  auto opened = SqliteEventStore::open(db, fixtures::calendar(), StoreOptions{.read_only = true});
  if (!opened.ok()) return {"cannot open " + db + ": " + opened.status().to_string()};
  SqliteEventStore& store = **opened;
  std::vector<std::string> problems;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    problems.swap(problems_);
  }
  // Every submission's case, by the tag in its applicant's name.
  std::map<std::string, std::vector<std::string>> cases_by_tag;
  Status read = store.read_with([&](sqlite::Connection& db) {
    auto s = db.prepare("SELECT case_id, body FROM events WHERE type = 'CaseSubmitted'");
    if (!s.ok()) return s.status();
    Status status;
    while (s->step(&status)) {
      v1::Event event;
      const auto body = s->blob(1);
      if (!event.ParseFromArray(body.data(), int(body.size()))) return Status::internal("an unparsable event");
      const std::string& name = event.case_submitted().applicant().name();
      cases_by_tag[name.substr(name.rfind(' ') + 1)].push_back(std::string(s->text(0)));
    }
    return status;
  });
  if (!read.ok()) return {"cannot read the submissions: " + read.to_string()};

  for (auto& lives : lives_) {
    for (Life& life : lives) {
      const std::vector<std::string>& ids = cases_by_tag[life.tag];
      const std::string what = life.tag + " after " + std::to_string(life.done) + " steps" +
                               (life.unknown ? ", one unknown" : life.failed ? ", one refused" : "");
      if (life.doomed) {
        if (!ids.empty()) problems.push_back(what + ": a submission for no item was stored");
        continue;
      }
      if (ids.size() > 1) problems.push_back(what + ": submitted " + std::to_string(ids.size()) + " times");
      if (life.done > 0 && (ids.size() != 1 || ids[0] != life.case_id)) {
        problems.push_back(what + ": its case " + life.case_id + " is not the one case with its tag");
      }
      if (ids.empty()) {
        if (life.done > 0) continue;  // reported above
        life.committed = false;
        continue;  // a submission unanswered or refused, and not stored
      }
      auto events = store.read_case(ids[0]);
      if (!events.ok()) {
        problems.push_back(what + ": " + events.status().to_string());
        continue;
      }
      std::vector<std::string> types;
      for (const auto& e : *events) types.push_back(event_type(e));
      const auto answered = expected_types(life.done);
      const auto with_next = expected_types(life.done + 1);
      life.committed = life.unknown && types == with_next;
      if (types != answered && !life.committed) {
        problems.push_back(what + ": the case holds " + std::to_string(types.size()) + " events, not the " +
                           std::to_string(answered.size()) + " answered" +
                           (life.unknown ? " or the " + std::to_string(with_next.size()) + " with the unknown one" : ""));
      }
    }
  }
  return problems;
}

}  // namespace oneseal::testing
