#pragma once
// A list inside one CSV cell, written one way everywhere: `[a b c]` (one space between items,
// numbers in shortest round-trip form), `[]` for the empty list. The brackets keep a column
// text for pandas and R whatever its length: a bare `16` would read as a number, `64 64` as text.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optbench {

/// Items already formatted (numbers, nested lists, `key=value` pairs) as one list cell.
std::string list_cell(const std::vector<std::string>& items);

/// Numbers as one list cell.
std::string list_cell(std::span<const double> values);

/// The numbers of a list cell; also reads the form optbench wrote before lists were bracketed
/// (space-separated, the empty list an empty cell). nullopt for an item that is not a number or
/// unbalanced brackets.
std::optional<std::vector<double>> parse_number_list(std::string_view cell);

/// A list cell without its brackets (`[[-5 5] [-5 5]]` -> `-5 5 -5 5`, `[]` -> ``): the form the
/// seeding keys and the plan hash keep, so a run draws the same numbers as before the brackets.
std::string unbracketed(std::string_view cell);

}  // namespace optbench
