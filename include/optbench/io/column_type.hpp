#pragma once
// The declared type of a CSV column: what every cell of it holds, whatever the sweep's values,
// so that pandas and R read a column the same way in every result folder (results/README.md).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace optbench {

/// What the cells of a column hold; an empty cell (not applicable, not reached) fits any type.
enum class ColumnType {
  Text,     ///< a word or free text (never a bare number)
  Number,   ///< a number in shortest round-trip form, or nan, inf, -inf
  Integer,  ///< a whole number
  Bool,     ///< true or false
  List,     ///< `[a b c]`, `[]` for the empty list (io/list_cell.hpp)
};

/// The type's name as results/README.md writes it: text, number, integer, bool, list.
std::string_view type_name(ColumnType type);

/// A column of a CSV file: its header name and declared type.
struct Column {
  std::string name;
  ColumnType type = ColumnType::Text;

  bool operator==(const Column&) const = default;
};

/// The header line's names, in order.
std::vector<std::string> column_names(const std::vector<Column>& columns);

/// Columns of one type from names, for a table that declares many alike.
std::vector<Column> typed(std::initializer_list<const char*> names, ColumnType type);

}  // namespace optbench
