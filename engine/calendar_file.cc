#include "engine/calendar_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

namespace oneseal {

namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) words.push_back(line.substr(i, j - i));
    i = j;
  }
  return words;
}

// The rest of the line after the first `n` words, trimmed.
std::string rest_after(std::string_view line, std::string_view last_word) {
  size_t pos = size_t(last_word.data() + last_word.size() - line.data());
  std::string_view rest = line.substr(pos);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
    rest.remove_suffix(1);
  return std::string(rest);
}

}  // namespace

Result<YearRules> parse_year_rules(std::string_view text, const std::string& name) {
  YearRules rules;
  int line_no = 0;
  auto error = [&](const std::string& message) {
    return Status::invalid_argument(name, name + ":" + std::to_string(line_no) + ": " + message);
  };
  auto date_at = [&](std::string_view word, Date* out) {
    auto d = parse_date(word);
    if (d) *out = *d;
    return d.has_value();
  };
  while (!text.empty()) {
    ++line_no;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto words = split_words(line);
    if (words.empty()) continue;
    if (words[0] == "year") {
      if (words.size() != 2) return error("expected: year YYYY");
      try {
        rules.year = std::stoi(std::string(words[1]));
      } catch (...) {
        return error("not a year: " + std::string(words[1]));
      }
    } else if (words[0] == "notice") {
      if (words.size() < 2) return error("expected: notice TITLE");
      rules.notice = rest_after(line, words[0]);
    } else if (words[0] == "holiday") {
      Holiday h;
      if (words.size() < 4 || !date_at(words[1], &h.first) || !date_at(words[2], &h.last)) {
        return error("expected: holiday FIRST-DATE LAST-DATE NAME (dates as YYYY-MM-DD)");
      }
      h.name = rest_after(line, words[2]);
      rules.holidays.push_back(h);
    } else if (words[0] == "workday") {
      Date d;
      if (words.size() < 2 || !date_at(words[1], &d)) {
        return error("expected: workday DATE [NOTE] (date as YYYY-MM-DD)");
      }
      rules.working_weekend_days.push_back(d);
    } else {
      return error("unknown line '" + std::string(words[0]) +
                   "' (expected year, notice, holiday or workday)");
    }
  }
  if (rules.year == 0) {
    line_no = 1;
    return error("missing 'year YYYY' line");
  }
  // Check the rules the same way the calendar will, so the error names this file.
  Calendar probe;
  if (Status s = probe.add_year(rules); !s.ok()) {
    line_no = 0;
    return Status::invalid_argument(name, name + ": " + s.message());
  }
  return rules;
}

Result<Calendar> load_calendar(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::not_found(dir.string() + ": not a directory");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Calendar calendar;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = file.string();
    auto rules = parse_year_rules(text.str(), name);
    if (!rules.ok()) return rules.status();
    if (file.stem() != std::to_string(rules->year)) {
      return Status::invalid_argument(name,
                                      name + ": declares year " + std::to_string(rules->year) +
                                          ", but the file is named " + file.filename().string());
    }
    if (Status s = calendar.add_year(*rules); !s.ok()) return s;
  }
  return calendar;
}

}  // namespace oneseal
