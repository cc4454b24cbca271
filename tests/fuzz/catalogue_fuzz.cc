// Fuzz target: an item definition file through the catalogue loader (engine/catalogue.h):
// TextFormat's parse, then validate_item() against the real departments. The input is written
// as the one item of a catalogue in a temporary folder, so the loader's own file and error
// handling run as `oneseal workflows check` runs them.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/catalogue.h"

namespace {

namespace fs = std::filesystem;

// A catalogue folder of this process: the real departments.textproto beside an items/ folder
// that holds the input; removed at exit.
struct CatalogueDir {
  CatalogueDir() {
    fs::create_directories(path / "items");
    fs::copy_file(ONESEAL_SOURCE_DIR "/workflows/departments.textproto", path / "departments.textproto",
                  fs::copy_options::overwrite_existing);
  }
  ~CatalogueDir() { fs::remove_all(path); }

  const fs::path path = fs::temp_directory_path() / ("oneseal-fuzz-catalogue-" + std::to_string(::getpid()));
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const CatalogueDir catalogue;
  const fs::path& dir = catalogue.path;
  std::ofstream(dir / "items" / "item.textproto", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  const oneseal::CatalogueLoad load = oneseal::load_catalogue(dir);
  // An item either loads or is refused with a reason, never both and never neither.
  if (load.catalogue.items.empty() == load.errors.empty()) {
    std::fprintf(stderr, "%zu items loaded with %zu errors\n", load.catalogue.items.size(), load.errors.size());
    std::abort();
  }
  return 0;
}
