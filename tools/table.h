// Text tables for the terminal, their columns aligned under Chinese text, which takes two
// columns a character.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace oneseal::cli {

// Prints `rows` (the header first), each column padded to its widest cell, two spaces apart.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

}  // namespace oneseal::cli
