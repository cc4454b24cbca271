#include "engine/catalogue.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace oneseal {

namespace {

// Collects TextFormat's errors as "FILE:LINE:COLUMN: message" (1-based, as editors count).
class FileErrors : public google::protobuf::io::ErrorCollector {
 public:
  FileErrors(std::string file, std::vector<std::string>* out) : file_(std::move(file)), out_(out) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    out_->push_back(file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                    ": " + message);
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  std::string file_;
  std::vector<std::string>* out_;
};

bool parse_file(const std::filesystem::path& file, google::protobuf::Message* message,
                std::vector<std::string>* errors) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    errors->push_back(file.string() + ": cannot be read");
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  google::protobuf::TextFormat::Parser parser;
  FileErrors collector(file.string(), errors);
  parser.RecordErrorsTo(&collector);
  return parser.ParseFromString(text.str(), message);
}

}  // namespace

std::set<std::string> Catalogue::department_codes() const {
  std::set<std::string> codes;
  for (const auto& [code, _] : departments) codes.insert(code);
  return codes;
}

CatalogueLoad load_catalogue(const std::filesystem::path& dir) {
  CatalogueLoad load;
  const auto departments_file = dir / "departments.textproto";
  v1::DepartmentList departments;
  ++load.files;
  if (parse_file(departments_file, &departments, &load.errors)) {
    for (const auto& d : departments.department()) {
      if (d.code().empty() || d.name().empty()) {
        load.errors.push_back(departments_file.string() + ": a department needs a code and a name");
      } else if (!load.catalogue.departments.emplace(d.code(), d).second) {
        load.errors.push_back(departments_file.string() + ": department " + d.code() +
                              " is listed twice");
      }
    }
  }
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "items", ec)) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  if (ec) load.errors.push_back((dir / "items").string() + ": " + ec.message());
  std::sort(files.begin(), files.end());

  const auto department_codes = load.catalogue.department_codes();
  for (const auto& file : files) {
    ++load.files;
    v1::ItemDefinition item;
    if (!parse_file(file, &item, &load.errors)) continue;
    const std::string prefix = file.string() + ": item " + item.code() + ": ";
    auto problems = validate_item(item, department_codes);
    if (auto other = load.catalogue.sources.find(item.code());
        other != load.catalogue.sources.end()) {
      problems.push_back("code is also used by " + other->second.string());
    }
    for (const auto& p : problems) load.errors.push_back(prefix + p);
    if (problems.empty()) {
      load.catalogue.sources.emplace(item.code(), file);
      load.catalogue.items.emplace(item.code(), std::move(item));
    }
  }
  return load;
}

}  // namespace oneseal
