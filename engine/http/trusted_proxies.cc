#include "engine/http/trusted_proxies.h"

#include <algorithm>
#include <optional>

#include <boost/asio/ip/address.hpp>

namespace oneseal::http {

namespace {

using boost::asio::ip::address;

// The address in a list entry or a peer's text, as Boost.Asio prints it; an IPv4 address seen
// through an IPv6 socket (::ffff:a.b.c.d) is the IPv4 address.
std::optional<std::string> normalized(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return std::nullopt;
  text = text.substr(begin, text.find_last_not_of(" \t") + 1 - begin);
  boost::system::error_code ec;
  const address a = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6()).to_string();
  }
  return a.to_string();
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& addresses) {
  TrustedProxies proxies;
  for (const std::string& text : addresses) {
    const auto a = normalized(text);
    if (!a) return Status::invalid_argument("trusted-proxy", "'" + text + "' is not an IPv4 or IPv6 address");
    proxies.addresses_.push_back(*a);
  }
  return proxies;
}

bool TrustedProxies::trusted(const std::string& a) const {
  return std::find(addresses_.begin(), addresses_.end(), a) != addresses_.end();
}

std::string TrustedProxies::client(const std::string& peer, std::string_view forwarded_for) const {
  if (addresses_.empty()) return peer;
  const auto from = normalized(peer);
  if (!from || !trusted(*from)) return peer;
  std::string hop = peer;  // the nearest address known, vouched for by the hop after it
  for (size_t end = forwarded_for.size(); end > 0;) {
    const size_t comma = forwarded_for.rfind(',', end - 1);
    const size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    const auto entry = normalized(forwarded_for.substr(begin, end - begin));
    if (!entry) return hop;
    hop = *entry;
    if (!trusted(*entry) || comma == std::string_view::npos) return hop;
    end = comma;
  }
  return hop;
}

}  // namespace oneseal::http
