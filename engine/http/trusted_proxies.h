// The client behind reverse proxies the server trusts. Each proxy appends to X-Forwarded-For
// the address it received the request from, so the list read from its right end, past the
// trusted proxies, reaches the first address no trusted proxy vouches for: the client. Entries
// further left were written by the client itself and could be anything, so they are never
// taken. With no proxy trusted (the default) the client is the TCP peer and the header is not
// read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace oneseal::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // One IPv4 or IPv6 address each; an error names the first that is not one.
  static Result<TrustedProxies> parse(const std::vector<std::string>& addresses);

  bool empty() const { return addresses_.empty(); }
  // The client of a request from `peer` carrying `forwarded_for` (its X-Forwarded-For headers
  // joined by commas): `peer` when it is not a trusted proxy; else the right-most address of
  // the list that is not one, the left-most when all are; an entry that is not an address ends
  // the walk at the trusted hop that passed it on.
  std::string client(const std::string& peer, std::string_view forwarded_for) const;

 private:
  bool trusted(const std::string& address) const;
  std::vector<std::string> addresses_;  // each as Boost.Asio prints it, so that equal ones compare equal
};

}  // namespace oneseal::http
