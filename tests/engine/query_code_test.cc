// Query codes: 6 random digits, checked only against the salted HMAC the case keeps, under a
// key kept in a private file that two processes never overwrite.
#include "engine/query_code.h"

#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/storage/store_fixtures.h"

using namespace oneseal;

namespace {

const QueryCodes& codes() {
  static const QueryCodes codes(std::string(32, 'k'));
  return codes;
}

std::string read_text(const std::string& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("query codes are 6 digits with a 48-byte stored value", "[query_code]") {
  for (int i = 0; i < 200; ++i) {
    const auto issued = codes().issue();
    INFO(issued.code);
    REQUIRE(issued.code.size() == 6);
    CHECK(issued.code.find_first_not_of("0123456789") == std::string::npos);
    CHECK(issued.hmac.size() == 16 + 32);
    CHECK(issued.hmac.find(issued.code) == std::string::npos);
  }
}

TEST_CASE("query codes and their salts differ across draws", "[query_code]") {
  std::set<std::string> codes_seen, hmacs_seen;
  for (int i = 0; i < 200; ++i) {
    const auto issued = codes().issue();
    codes_seen.insert(issued.code);
    hmacs_seen.insert(issued.hmac);
  }
  // 200 draws from a million collide about once in 50 runs; 5 collisions would be no chance.
  CHECK(codes_seen.size() >= 195);
  CHECK(hmacs_seen.size() == 200);
}

TEST_CASE("a query code matches only its own stored value under the same key", "[query_code]") {
  const auto issued = codes().issue();
  CHECK(codes().matches(issued.code, issued.hmac));

  std::string wrong = issued.code;
  wrong[5] = wrong[5] == '9' ? '0' : char(wrong[5] + 1);
  CHECK_FALSE(codes().matches(wrong, issued.hmac));

  auto other = codes().issue();
  while (other.code == issued.code) other = codes().issue();
  CHECK_FALSE(codes().matches(issued.code, other.hmac));  // another case's value

  CHECK_FALSE(codes().matches(issued.code, issued.hmac.substr(0, 47)));
  CHECK_FALSE(codes().matches(issued.code, issued.hmac.substr(0, 16)));
  CHECK_FALSE(codes().matches(issued.code, ""));
  CHECK_FALSE(codes().matches(issued.code, issued.hmac + "x"));

  const QueryCodes other_key(std::string(32, 'j'));
  CHECK_FALSE(other_key.matches(issued.code, issued.hmac));

  // One changed bit of the stored MAC.
  std::string tampered = issued.hmac;
  tampered[20] = char(tampered[20] ^ 1);
  CHECK_FALSE(codes().matches(issued.code, tampered));
}

TEST_CASE("only 6-digit query codes are checked", "[query_code]") {
  const auto issued = codes().issue();
  CHECK_FALSE(codes().matches(issued.code.substr(0, 5), issued.hmac));
  CHECK_FALSE(codes().matches(issued.code + "0", issued.hmac));
  CHECK_FALSE(codes().matches("", issued.hmac));
  CHECK_FALSE(codes().matches("12a456", issued.hmac));
  CHECK_FALSE(codes().matches(" " + issued.code.substr(1), issued.hmac));
}

// Stored values written before must keep matching: the MAC is HMAC-SHA256(key, salt || code)
// as any implementation computes it (expected values from Python's hmac module).
std::string stored(const std::string& mac_hex) {
  std::string out;
  for (int i = 0; i < 16; ++i) out += char(i);  // the salt
  for (size_t i = 0; i < mac_hex.size(); i += 2) out += char(std::stoi(mac_hex.substr(i, 2), nullptr, 16));
  return out;
}

TEST_CASE("query codes match stored values of HMAC-SHA256(key, salt || code)", "[query_code]") {
  const std::string under_k = stored("6f15077d11503073b0140d459fd242ba75fdc4382636947d275162a68d672341");
  const std::string under_j = stored("e88a54a00e252965aa053047969fc3f34cc1f3a7043f791259be14202546921c");
  const QueryCodes k(std::string(32, 'k')), j(std::string(32, 'j'));
  // Alternating keys on one thread: each check hashes under its own QueryCodes' key.
  for (int i = 0; i < 3; ++i) {
    CHECK(k.matches("042917", under_k));
    CHECK(j.matches("042917", under_j));
    CHECK_FALSE(k.matches("042917", under_j));
    CHECK_FALSE(j.matches("042917", under_k));
    CHECK_FALSE(k.matches("042918", under_k));
  }
  // A QueryCodes made where another was, with another key, does not inherit its key.
  for (const char fill : {'k', 'j', 'k'}) {
    auto made = std::make_unique<QueryCodes>(std::string(32, fill));
    CHECK(made->matches("042917", fill == 'k' ? under_k : under_j));
    CHECK_FALSE(made->matches("042917", fill == 'k' ? under_j : under_k));
  }
  // And from many threads at once.
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const bool use_k = (i + t) % 2 == 0;
        if (!(use_k ? k : j).matches("042917", use_k ? under_k : under_j)) ++wrong;
        if ((use_k ? k : j).matches("042917", use_k ? under_j : under_k)) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == 0);
}

TEST_CASE("the query code key file is created private and read back the same", "[query_code]") {
  testing::TempDir dir;
  const std::string file = dir.file("query-code.key");
  auto created = load_or_create_key(file);
  REQUIRE(created.ok());
  CHECK(created->size() == 32);

  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string text = read_text(file);
  CHECK(text.size() == 65);
  CHECK(text.find_first_not_of("0123456789abcdefABCDEF") == 64);
  CHECK(text.back() == '\n');

  auto again = load_or_create_key(file);
  REQUIRE(again.ok());
  CHECK(*again == *created);
  CHECK(read_text(file) == text);

  // A code issued under the key checks under the key read back by the next start.
  const auto issued = QueryCodes(*created).issue();
  CHECK(QueryCodes(*again).matches(issued.code, issued.hmac));

  // Nothing is left behind but the key.
  const std::filesystem::directory_iterator listing(std::filesystem::path(file).parent_path());
  CHECK(std::distance(begin(listing), end(listing)) == 1);
}

// Threads stand for processes here: the race is on the file system, not in memory.
TEST_CASE("starts racing to create the query code key all get the same key", "[query_code]") {
  testing::TempDir dir;
  const std::string file = dir.file("query-code.key");
  std::vector<std::string> keys(8);
  std::vector<std::thread> threads;
  for (auto& key : keys) {
    threads.emplace_back([&file, &key] {
      auto loaded = load_or_create_key(file);
      key = loaded.ok() ? *loaded : loaded.status().to_string();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& key : keys) CHECK(key == keys.front());
  CHECK(keys.front().size() == 32);
}

TEST_CASE("a query code key file with other contents is refused", "[query_code]") {
  testing::TempDir dir;
  const std::vector<std::string> bad = {"",
                                        "not a key\n",
                                        std::string(63, 'a') + "\n",
                                        std::string(65, 'a'),
                                        std::string(64, 'g'),
                                        std::string(64, 'a') + "\n\n",
                                        std::string(64, 'a') + " \n"};
  for (const std::string& contents : bad) {
    INFO("'" << contents << "'");
    const std::string file = dir.file("bad.key");
    std::ofstream(file, std::ios::trunc) << contents;
    auto loaded = load_or_create_key(file);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().code() == Code::kFailedPrecondition);
    CHECK_THAT(loaded.status().message(), Catch::Contains(file));
    CHECK(read_text(file) == contents);  // left as it was
  }
  // Upper-case hex, as an administrator might paste it, is a key.
  const std::string file = dir.file("upper.key");
  std::ofstream(file) << std::string(64, 'A');
  auto loaded = load_or_create_key(file);
  REQUIRE(loaded.ok());
  CHECK(*loaded == std::string(32, char(0xAA)));
}
