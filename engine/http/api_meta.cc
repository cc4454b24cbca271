// What operators and tools read: health, Prometheus metrics, and the OpenAPI document.
#include "engine/http/openapi.h"
#include "engine/http/routes.h"

namespace oneseal::http {

void add_meta_routes(Router& router, ApiContext& ctx) {
  router.add({"GET", "/healthz", "Liveness: answers while the server serves", nullptr,
              v1::HealthResponse::descriptor(), {}, false, false, {}, [](Call& call) {
                v1::HealthResponse answer;
                answer.set_status("ok");
                return reply_with(call, answer);
              }});
  router.add({"GET", "/metrics", "Metrics in the Prometheus text format", nullptr, nullptr, {}, false, false, {},
              [&ctx](Call&) {
                Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = ctx.metrics.exposition();
                return r;
              }});
  // The document describes the table as it stands when asked, this route included.
  router.add({"GET", "/v1/openapi.json", "This API as an OpenAPI 3 document", nullptr, nullptr, {}, false, false, {},
              [&router](Call&) {
                Response r;
                r.content_type = kJsonType;
                r.body = openapi_document(router);
                return r;
              }});
}

}  // namespace oneseal::http
