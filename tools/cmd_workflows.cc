// oneseal workflows check [DIR]: loads and validates the item catalogue.
#include <iostream>

#include "engine/catalogue.h"
#include "tools/commands.h"

namespace oneseal::cli {

void add_workflows_command(CLI::App& app, int* exit_code) {
  auto* workflows = app.add_subcommand("workflows", "Item definitions");
  workflows->require_subcommand(1);
  auto* check = workflows->add_subcommand("check", "Load and validate every item definition");
  static std::string dir = "workflows";
  check->add_option("DIR", dir, "The catalogue folder (departments.textproto, items/)")
      ->capture_default_str();
  check->callback([exit_code] {
    const CatalogueLoad load = load_catalogue(dir);
    for (const auto& e : load.errors) std::cerr << e << "\n";
    if (!load.errors.empty()) {
      std::cerr << dir << ": " << load.errors.size() << " error(s) in " << load.files << " files\n";
      *exit_code = 1;
      return;
    }
    std::cout << dir << ": " << load.catalogue.items.size() << " items and "
              << load.catalogue.departments.size() << " departments in " << load.files
              << " files, no errors\n";
  });
}

}  // namespace oneseal::cli
