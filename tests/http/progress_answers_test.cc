// Kept progress answers: found only for the version and day they were kept for, replaced by a
// newer one, and never more of them than the capacity, the least recently used dropped first.
#include "engine/http/progress_answers.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

namespace {

using oneseal::Date;
using oneseal::http::ProgressAnswers;

std::shared_ptr<const ProgressAnswers::Answer> answer(const std::string& body) {
  return std::make_shared<const ProgressAnswers::Answer>(ProgressAnswers::Answer{body, "\"" + body + "\""});
}

const Date kMonday = *oneseal::parse_date("2026-11-02");
const Date kTuesday = kMonday + std::chrono::days{1};

}  // namespace

TEST_CASE("a kept progress answer is found for its version and day only", "[http][progress_answers]") {
  ProgressAnswers kept(10);
  CHECK(kept.find("A", 1, kMonday) == nullptr);
  kept.put("A", 1, kMonday, answer("a1"));
  REQUIRE(kept.find("A", 1, kMonday) != nullptr);
  CHECK(kept.find("A", 1, kMonday)->body == "a1");
  CHECK(kept.find("A", 2, kMonday) == nullptr);
  CHECK(kept.find("A", 1, kTuesday) == nullptr);
  CHECK(kept.find("B", 1, kMonday) == nullptr);

  kept.put("A", 2, kMonday, answer("a2"));
  CHECK(kept.find("A", 1, kMonday) == nullptr);
  CHECK(kept.find("A", 2, kMonday)->body == "a2");
  CHECK(kept.size() == 1);
}

TEST_CASE("kept progress answers stay within their capacity, dropping the least recently used",
          "[http][progress_answers]") {
  ProgressAnswers kept(3);
  kept.put("A", 1, kMonday, answer("a"));
  kept.put("B", 1, kMonday, answer("b"));
  kept.put("C", 1, kMonday, answer("c"));
  CHECK(kept.find("A", 1, kMonday) != nullptr);  // A is now the most recent
  kept.put("D", 1, kMonday, answer("d"));          // drops B
  CHECK(kept.size() == 3);
  CHECK(kept.find("B", 1, kMonday) == nullptr);
  for (const char* id : {"A", "C", "D"}) CHECK(kept.find(id, 1, kMonday) != nullptr);

  ProgressAnswers none(0);
  none.put("A", 1, kMonday, answer("a"));
  CHECK(none.size() == 0);
  CHECK(none.find("A", 1, kMonday) == nullptr);
}
