// Loads the demo data of seeds/demo.textproto into a running server's directory and store.
#pragma once

#include <filesystem>
#include <ostream>

#include "engine/case_service.h"
#include "engine/catalogue.h"
#include "engine/query_code.h"
#include "storage/user_directory.h"

namespace oneseal::cli {

// Adds the demo users (known tokens) and files the demo cases, printing the tokens, case
// numbers and (on the first start only) query codes to `out`. Idempotent: each step carries
// an idempotency key, so a second start on the same database files nothing twice.
Status seed_demo(const std::filesystem::path& file, const Catalogue& catalogue, UserDirectory& users,
                 CaseService& cases, const QueryCodes& codes, std::ostream& out);

}  // namespace oneseal::cli
