#include "optbench/core/setting_label.hpp"

#include <map>
#include <set>

namespace optbench {

std::vector<std::string> setting_labels(const std::vector<LabelCells>& settings) {
  // Per name and column, the distinct values among that name's settings.
  std::map<std::string, std::map<std::string, std::set<std::string>>> values;
  for (const auto& s : settings) {
    for (const auto& [column, value] : s.cells) values[s.name][column].insert(value);
  }
  std::vector<std::string> labels;
  labels.reserve(settings.size());
  for (const auto& s : settings) {
    std::string label = s.name;
    const auto& by_column = values[s.name];
    for (const auto& [column, value] : s.cells) {
      const bool varies = by_column.at(column).size() > 1;
      if (varies || (column == "lr" && !value.empty())) label += " " + column + "=" + value;
    }
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace optbench
