// The catalogue of approval items (办事指南): public, as a bureau publishes it.
#include "engine/http/routes.h"

namespace oneseal::http {

void add_catalogue_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/v1/items", "Every approval item", nullptr, v1::ListItemsResponse::descriptor(), {}, false,
              false, {}, [&ctx](Call& call) {
                v1::ListItemsResponse answer;
                for (const auto& [code, item] : ctx.catalogue.items) *answer.add_items() = item;
                return std::move(reply_with(call, answer).header("Access-Control-Allow-Origin", "*"));
              }});
  router.add({"GET", "/v1/items/{code}", "One approval item", nullptr, v1::ItemDefinition::descriptor(), {}, false,
              false, {}, [&ctx](Call& call) {
                const auto* item = ctx.catalogue.find(call.params["code"]);
                if (!item) return reply_error(call, Status::not_found("no item '" + call.params["code"] + "'"));
                return std::move(reply_with(call, *item).header("Access-Control-Allow-Origin", "*"));
              }});
}

}  // namespace oneseal::http
