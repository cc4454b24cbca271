// The one way into Asio and Beast for the HTTP layer. Boost 1.74's awaitable.hpp uses
// std::exchange without including <utility> (fails with g++ 12 in C++20), so it comes first.
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
