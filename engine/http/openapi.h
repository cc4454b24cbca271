// The OpenAPI 3 document of the API, generated from the route table and the messages'
// descriptors (never written by hand, so it cannot drift from the routes).
#pragma once

#include <string>

#include "engine/http/router.h"

namespace oneseal::http {

// The document as JSON.
std::string openapi_document(const Router& router);

}  // namespace oneseal::http
