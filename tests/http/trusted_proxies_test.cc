// Who the client is behind reverse proxies: X-Forwarded-For read from its right end, past the
// trusted proxies only, so that what a client writes into the header itself is never taken.
#include "engine/http/trusted_proxies.h"

#include <catch2/catch.hpp>

using oneseal::http::TrustedProxies;

namespace {

TrustedProxies trusting(const std::vector<std::string>& addresses) {
  auto proxies = TrustedProxies::parse(addresses);
  REQUIRE(proxies.ok());
  return *proxies;
}

}  // namespace

TEST_CASE("trusted proxies: with none, the client is the peer and the header is not read") {
  const TrustedProxies none;
  CHECK(none.empty());
  CHECK(none.client("127.0.0.1", "203.0.113.7") == "127.0.0.1");
}

TEST_CASE("trusted proxies: the client is the right-most address that no trusted proxy is") {
  const TrustedProxies proxies = trusting({"127.0.0.1", "10.0.0.2"});
  CHECK_FALSE(proxies.empty());
  // A peer that is not a trusted proxy is the client, whatever it writes.
  CHECK(proxies.client("192.0.2.50", "203.0.113.7") == "192.0.2.50");
  CHECK(proxies.client("127.0.0.1", "203.0.113.7") == "203.0.113.7");
  // Two proxies in a row; the left-most entry is the client's own writing and is passed over.
  CHECK(proxies.client("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2") == "203.0.113.7");
  // Several headers are one list, joined by commas.
  CHECK(proxies.client("127.0.0.1", "203.0.113.7,10.0.0.2") == "203.0.113.7");
  // Only trusted hops: the left-most of them. No header: the peer.
  CHECK(proxies.client("127.0.0.1", "10.0.0.2") == "10.0.0.2");
  CHECK(proxies.client("127.0.0.1", "") == "127.0.0.1");
}

TEST_CASE("trusted proxies: an entry that is not an address stops at the hop that passed it on") {
  const TrustedProxies proxies = trusting({"127.0.0.1", "10.0.0.2"});
  CHECK(proxies.client("127.0.0.1", "203.0.113.7, garbage") == "127.0.0.1");
  CHECK(proxies.client("127.0.0.1", "garbage, 10.0.0.2") == "10.0.0.2");
  CHECK(proxies.client("127.0.0.1", "203.0.113.7,,10.0.0.2") == "10.0.0.2");
  CHECK(proxies.client("127.0.0.1", "203.0.113.7:4711") == "127.0.0.1");  // no ports
}

TEST_CASE("trusted proxies: addresses compare as addresses, IPv6 and IPv4 through IPv6 included") {
  const TrustedProxies proxies = trusting({"::1", "10.0.0.2"});
  CHECK(proxies.client("0:0:0:0:0:0:0:1", " 2001:DB8::7 ") == "2001:db8::7");
  CHECK(proxies.client("::ffff:10.0.0.2", "203.0.113.7") == "203.0.113.7");
}

TEST_CASE("trusted proxies: a proxy that is not an address is refused, naming it") {
  for (const char* bad : {"10.0.0.300", "proxy.example.cn", "", "10.0.0.0/8"}) {
    INFO(bad);
    const auto proxies = TrustedProxies::parse({"127.0.0.1", bad});
    REQUIRE_FALSE(proxies.ok());
    CHECK(proxies.status().field() == "trusted-proxy");
    CHECK(proxies.status().message().find(std::string("'") + bad + "'") != std::string::npos);
  }
}
