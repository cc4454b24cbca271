// Helpers for the store tests: a fresh temporary folder per test, and commands of a whole
// case life on the food licence item, built the way clerks, reviewers and approvers send them.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <google/protobuf/text_format.h>

#include "oneseal/v1/commands.pb.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "storage/sqlite_event_store.h"
#include "tests/engine/fixtures.h"

namespace oneseal::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("oneseal-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline const Instant kMonday = *parse_instant("2026-11-23T09:00:00+08:00");

// A store on the project's calendar; the test stops when it cannot be opened.
inline std::unique_ptr<SqliteEventStore> open_store(const std::string& path, StoreOptions options = {}) {
  auto store = SqliteEventStore::open(path, fixtures::calendar(), options);
  INFO((store.ok() ? "" : store.status().to_string()));
  REQUIRE(store.ok());
  return std::move(*store);
}

inline std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Overwrites the root page of `table` with junk: SQLite's quick check fails, while a read that
// does not touch the table still works.
inline void spoil_root_page(const std::string& path, const std::string& table) {
  int64_t page = 0;
  {
    auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
    REQUIRE(db.ok());
    auto root = (*db)->query_int("SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'");
    REQUIRE(root.ok());
    page = *root;
  }
  REQUIRE(page > 1);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(std::streamoff((page - 1) * kPageSize));
  file << std::string(kPageSize, '\x5a');
  REQUIRE(file.good());
}

inline v1::Command command(const std::string& text) {
  v1::Command c;
  if (!google::protobuf::TextFormat::ParseFromString(text, &c)) throw std::runtime_error("bad command: " + text);
  return c;
}

// The food licence (XK-SCJG-00012-000), submitted complete at hall-1.
inline v1::Command food_submission(const std::string& case_id = "") {
  return command(R"(actor { id: "clerk" role: CLERK office: "hall-1" }
    submit { case_id: ")" + case_id + R"(" item_code: "XK-SCJG-00012-000" channel: WINDOW office: "hall-1"
      applicant { kind: PERSON name: "张小三" id_number: "110101199001011234" phone: "13812345678" }
      materials: ["application", "subject_licence", "id_proof", "layout_and_process", "safety_rules",
                  "staff_health"] })");
}

inline v1::Command food_accept() {
  return command(R"(actor { id: "clerk" role: CLERK office: "hall-1" } accept { mode: COMPLETE })");
}

inline v1::Command food_opinion(const std::string& branch, const std::string& department) {
  return command(R"(actor { id: "reviewer" role: REVIEWER department: ")" + department +
                 R"(" } record_opinion { branch_id: ")" + branch + R"(" verdict: APPROVE })");
}

}  // namespace oneseal::testing
