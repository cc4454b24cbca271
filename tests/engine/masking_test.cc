#include "engine/masking.h"

#include <catch2/catch.hpp>

using namespace oneseal;

TEST_CASE("personal data is masked as shared/domain.md shows", "[masking]") {
  CHECK(mask_name("张小三") == "张*三");
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("欧阳小明") == "欧**明");
  CHECK(mask_name("张") == "*");
  CHECK(mask_name("") == "");
  CHECK(mask_name("Li Lei") == "L****i");
  CHECK(mask_name("张\xe4\xb8") == "张*");  // a character cut short counts as one
  CHECK(mask_id_number("110101199001011234") == "110101********1234");
  CHECK(mask_id_number("12345") == "*****");
  CHECK(mask_phone("13812345678") == "138****5678");
  CHECK(mask_phone("1234567") == "*******");
}
