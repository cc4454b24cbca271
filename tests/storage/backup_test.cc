// oneseal db backup: a copy taken while the writer commits is one snapshot: it passes every
// check and holds exactly the first events of the file, byte for byte.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <thread>

#include "engine/case_service.h"
#include "storage/backup.h"
#include "tests/storage/store_fixtures.h"

namespace oneseal::testing {

namespace {

// Every event row as the hash chain sees it, in order.
std::vector<std::string> event_rows(const std::string& path) {
  auto db = sqlite::Connection::open(path, SQLITE_OPEN_READONLY);
  REQUIRE(db.ok());
  auto stmt = (*db)->prepare("SELECT seq, case_id, case_seq, type, at, actor, body, hash FROM events ORDER BY seq");
  REQUIRE(stmt.ok());
  std::vector<std::string> rows;
  Status status;
  while (stmt->step(&status)) {
    std::string row;
    for (int i = 0; i < 8; ++i) row += std::string(stmt->blob(i)) + '\x1f';
    rows.push_back(std::move(row));
  }
  REQUIRE(status.ok());
  return rows;
}

}  // namespace

TEST_CASE("a backup taken while cases are filed verifies and holds a prefix of the events",
          "[backup][concurrency]") {
  TempDir dir;
  const std::string source = dir.file("cases.db"), copy = dir.file("copy.db");
  auto store = open_store(source);
  ManualTime time(kMonday);
  CaseService service(*store, fixtures::catalogue(), fixtures::calendar(), time);

  // The writer files and accepts cases until told to stop, as a server's clerks would.
  std::atomic<int> filed{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int n = 0; !stop; ++n) {
      const std::string id = "B" + std::to_string(n);
      if (!service.submit(food_submission(id)).ok() || !service.execute(id, food_accept()).ok()) return;
      ++filed;
    }
  });
  while (filed < 20) std::this_thread::yield();
  auto backup = backup_database(source, copy, fixtures::calendar());
  const int filed_at_end_of_backup = filed;
  // Enough cases after the backup that the file surely moved on past the copy.
  while (filed < filed_at_end_of_backup + 20) std::this_thread::yield();
  stop = true;
  writer.join();

  INFO((backup.ok() ? "" : backup.status().to_string()));
  REQUIRE(backup.ok());
  const auto original = event_rows(source), copied = event_rows(copy);
  CHECK(backup->events == int64_t(copied.size()));
  CHECK(copied.size() >= 20 * 2);  // each case at least its submission and its acceptance
  REQUIRE(copied.size() < original.size());
  CHECK(std::equal(copied.begin(), copied.end(), original.begin()));
  CHECK((std::filesystem::status(copy).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);

  CHECK_FALSE(std::filesystem::exists(copy + "-wal"));  // one self-contained file

  SECTION("the copy opens as a store, as after a restore") {
    auto restored = open_store(copy);
    CHECK(restored->read_case("B0").ok());
  }
  SECTION("a second backup to the same name is refused and leaves the first intact") {
    auto again = backup_database(source, copy, fixtures::calendar());
    CHECK(again.status().code() == Code::kAlreadyExists);
    CHECK(event_rows(copy) == copied);
  }
}

TEST_CASE("a backup of a file that is not a OneSeal database leaves no copy", "[backup]") {
  TempDir dir;
  const std::string foreign = dir.file("foreign.db"), copy = dir.file("copy.db");
  {
    auto db = sqlite::Connection::open(foreign, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    REQUIRE(db.ok());
    REQUIRE((*db)->exec("CREATE TABLE t (x)").ok());
  }
  auto backup = backup_database(foreign, copy, fixtures::calendar());
  CHECK_FALSE(backup.ok());
  CHECK_FALSE(std::filesystem::exists(copy));
}

}  // namespace oneseal::testing
