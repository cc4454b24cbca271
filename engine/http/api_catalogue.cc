// The catalogue of approval items (办事指南): public, as a bureau publishes it.
#include "engine/http/routes.h"

namespace oneseal::http {

void add_catalogue_routes(Router& router, ApiContext& ctx) {
  // A bureau's own site, or a city's service portal, shows the items from its own origin.
  auto add = [&router](Route route) { router.add(open_to_all_origins(std::move(route))); };
  add({"GET", "/v1/items", "Every approval item", nullptr, v1::ListItemsResponse::descriptor(), {}, false,
       false, {}, [&ctx](Call& call) {
         v1::ListItemsResponse answer;
         for (const auto& [code, item] : ctx.catalogue.items) *answer.add_items() = item;
         return reply_with(call, answer);
       }});
  add({"GET", "/v1/items/{code}", "One approval item", nullptr, v1::ItemDefinition::descriptor(), {}, false,
       false, {}, [&ctx](Call& call) {
         const auto* item = ctx.catalogue.find(call.params["code"]);
         if (!item) return reply_error(call, Status::not_found("no item '" + call.params["code"] + "'"));
         return reply_with(call, *item);
       }});
}

}  // namespace oneseal::http
