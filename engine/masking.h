// Personal data shown in lists and public answers is masked as shared/domain.md says:
// 张*三, 110101********1234, 138****5678.
#pragma once

#include <string>
#include <string_view>

namespace oneseal {

// Keeps the first and last character (UTF-8 aware) of a person's name: 张三 -> 张*, 张小三 -> 张*三.
std::string mask_name(std::string_view name);
// Keeps the first 6 and last 4 characters.
std::string mask_id_number(std::string_view id);
// Keeps the first 3 and last 4 digits.
std::string mask_phone(std::string_view phone);

}  // namespace oneseal
