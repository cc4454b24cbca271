// Reads the yearly holiday files of seeds/calendar/ (format: docs/calendar.md).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/calendar.h"
#include "engine/status.h"

namespace oneseal {

// Parses one file's text. Errors read "NAME:LINE: message" with `name` as given.
Result<YearRules> parse_year_rules(std::string_view text, const std::string& name);

// Loads every YYYY.txt in `dir` into a calendar; the file's name must match its `year` line.
Result<Calendar> load_calendar(const std::filesystem::path& dir);

}  // namespace oneseal
