// The catalogue of approval items: workflows/departments.textproto and one
// workflows/items/*.textproto per item (format: docs/workflows.md), parsed by protobuf's
// TextFormat and checked by validate_item().
//
// Thread-safety: a loaded Catalogue is immutable and may be shared by threads.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "oneseal/v1/workflow.pb.h"

namespace oneseal {

struct Catalogue {
  std::map<std::string, v1::Department> departments;     // by code
  std::map<std::string, v1::ItemDefinition> items;       // by code
  std::map<std::string, std::filesystem::path> sources;  // item code -> file

  const v1::ItemDefinition* find(const std::string& code) const {
    auto it = items.find(code);
    return it == items.end() ? nullptr : &it->second;
  }
  std::set<std::string> department_codes() const;
};

struct CatalogueLoad {
  Catalogue catalogue;  // the items that loaded and validated
  // "FILE:LINE:COLUMN: message" for syntax, "FILE: item CODE: message" for rules.
  std::vector<std::string> errors;
  int files = 0;
};

// Reads and checks the whole catalogue under `dir`, reporting every error found.
CatalogueLoad load_catalogue(const std::filesystem::path& dir);

// The rules of one item (docs/workflows.md), each broken one as a message.
std::vector<std::string> validate_item(const v1::ItemDefinition& item,
                                       const std::set<std::string>& departments);

}  // namespace oneseal
