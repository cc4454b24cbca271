// The real catalogue (workflows/) and calendar (seeds/calendar/), loaded once for the tests.
#pragma once

#include <stdexcept>

#include "engine/calendar_file.h"
#include "engine/catalogue.h"

namespace oneseal::fixtures {

inline const Calendar& calendar() {
  static const Calendar calendar = [] {
    auto loaded = load_calendar(ONESEAL_SOURCE_DIR "/seeds/calendar");
    if (!loaded.ok()) throw std::runtime_error(loaded.status().to_string());
    return *loaded;
  }();
  return calendar;
}

inline const Catalogue& catalogue() {
  static const Catalogue catalogue = [] {
    auto load = load_catalogue(ONESEAL_SOURCE_DIR "/workflows");
    if (!load.errors.empty()) throw std::runtime_error(load.errors.front());
    return load.catalogue;
  }();
  return catalogue;
}

}  // namespace oneseal::fixtures
