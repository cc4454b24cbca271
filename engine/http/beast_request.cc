#include "engine/http/beast_request.h"

#include <string_view>
#include <utility>

namespace oneseal::http {

namespace bhttp = boost::beast::http;

std::string header_list(const BeastRequest& message, std::string_view name) {
  std::string list;
  const auto [first, last] = message.equal_range(boost::beast::string_view(name.data(), name.size()));
  for (auto field = first; field != last; ++field) {
    if (!list.empty()) list += ',';
    list.append(field->value().data(), field->value().size());
  }
  return list;
}

Request to_request(BeastRequest&& message, std::string client) {
  Request request;
  request.method = std::string(message.method_string());
  const std::string_view target(message.target().data(), message.target().size());
  const size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
  request.content_type = header(message, bhttp::field::content_type);
  request.accept = header(message, bhttp::field::accept);
  request.authorization = header(message, bhttp::field::authorization);
  request.idempotency_key = header(message, "Idempotency-Key");
  request.if_match = header(message, bhttp::field::if_match);
  request.if_none_match = header(message, bhttp::field::if_none_match);
  request.origin = header(message, bhttp::field::origin);
  request.client = std::move(client);
  request.body = std::move(message.body());
  return request;
}

}  // namespace oneseal::http
