#include "optbench/io/column_type.hpp"

namespace optbench {

std::string_view type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Text:
      return "text";
    case ColumnType::Number:
      return "number";
    case ColumnType::Integer:
      return "integer";
    case ColumnType::Bool:
      return "bool";
    case ColumnType::List:
      return "list";
  }
  return "text";
}

std::vector<std::string> column_names(const std::vector<Column>& columns) {
  std::vector<std::string> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.name);
  return out;
}

std::vector<Column> typed(std::initializer_list<const char*> names, ColumnType type) {
  std::vector<Column> out;
  out.reserve(names.size());
  for (const char* name : names) out.push_back({name, type});
  return out;
}

}  // namespace optbench
