// What operators and tools read: health, Prometheus metrics, and the OpenAPI document.
#include <memory>
#include <mutex>

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
  // The document describes the table as it stands when first asked, this route included: every
  // route is added before the server starts. It is rendered once: rendering takes milliseconds
  // of an I/O thread, and anyone may ask (a slow-read attack on it stalled the server).
  struct Document {
    std::once_flag rendered;
    std::string json;
  };
  auto document = std::make_shared<Document>();
  router.add({"GET", "/v1/openapi.json", "This API as an OpenAPI 3 document", nullptr, nullptr, {}, false, false, {},
              [&router, document](Call&) {
                std::call_once(document->rendered, [&] { document->json = openapi_document(router); });
                Response r;
                r.content_type = kJsonType;
                r.body = document->json;
                return r;
              }});
}

}  // namespace oneseal::http
