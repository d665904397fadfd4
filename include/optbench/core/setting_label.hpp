#pragma once
// The one name of a setting (`adam lr=0.01`, `momentum lr=0.1 batchnorm=after_activation`): the
// text the console prints and the `setting` column of runs.csv, summary.csv and comparisons.csv.

#include <string>
#include <utility>
#include <vector>

namespace optbench {

/// A setting as its label sees it: its name (the optimizer) and (column, value) cells in the
/// order a label shows them.
struct LabelCells {
  std::string name;
  std::vector<std::pair<std::string, std::string>> cells;
};

/// One label per setting: the name, then ` column=value` for each column whose value differs
/// among the settings of that name, and `lr` always where it has a value.
std::vector<std::string> setting_labels(const std::vector<LabelCells>& settings);

}  // namespace optbench
