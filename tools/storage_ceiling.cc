// The storage ceiling (see storage_ceiling.h): moved here from cmd_bench.cc unchanged.
#include "tools/storage_ceiling.h"

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "engine/decide.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace oneseal::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

AppendRequest decided_submission(const v1::ItemDefinition& item, const Calendar& calendar,
                                 const std::string& id) {
  v1::Command c;
  c.mutable_actor()->set_id("clerk");
  c.mutable_actor()->set_role(v1::CLERK);
  c.mutable_actor()->set_office("hall-1");
  auto* s = c.mutable_submit();
  s->set_case_id(id);
  s->set_item_code(item.code());
  s->set_channel(v1::WINDOW);
  s->set_office("hall-1");
  s->mutable_applicant()->set_kind(v1::PERSON);
  s->mutable_applicant()->set_name("张小三");
  s->mutable_applicant()->set_id_number("110101199001011234");
  s->mutable_applicant()->set_phone("13812345678");
  for (const auto& m : item.material()) s->add_materials(m.id());
  v1::CaseState state;
  auto events = execute(item, &state, c, *parse_instant("2026-11-23T09:00:00+08:00"), calendar);
  if (!events.ok()) throw std::runtime_error(events.status().to_string());
  return AppendRequest{id, 0, std::move(*events), std::move(state), "", ""};
}

double plain_inserts_per_second(const std::string& path, const std::string& event_body, bool full,
                                int batch, double seconds) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db.ok()) throw std::runtime_error(db.status().to_string());
  auto& c = **db;
  c.exec("PRAGMA page_size = " + std::to_string(kPageSize));  // as the store's files
  c.query_text("PRAGMA journal_mode = WAL");
  c.exec(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  c.exec(
      "CREATE TABLE events (seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, case_seq INTEGER NOT "
      "NULL, "
      "type TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL, body BLOB NOT NULL, hash BLOB "
      "NOT NULL, "
      "UNIQUE (case_id, case_seq))");
  auto insert =
      c.prepare("INSERT INTO events VALUES (?1, ?2, 1, 'CaseSubmitted', ?3, 'clerk', ?4, ?5)");
  const std::string hash(32, 'h');
  int64_t seq = 0;
  const auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    c.exec("BEGIN IMMEDIATE");
    for (int i = 0; i < batch; ++i) {
      ++seq;
      insert->bind(1, seq)
          .bind(2, "P" + std::to_string(seq))
          .bind(3, seq)
          .bind_blob(4, event_body)
          .bind_blob(5, hash)
          .run();
    }
    c.exec("COMMIT");
  }
  return double(seq) / seconds_since(start);
}

}  // namespace oneseal::cli
