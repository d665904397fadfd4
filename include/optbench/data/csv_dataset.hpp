#pragma once
// Reads a labelled data set from a CSV file with a header row (bundled or the user's own).

#include <string>

#include "optbench/data/dataset.hpp"

namespace optbench {

/// Reads `path`: a header row, then one sample per row; every column but `label_column` is a
/// feature (finite numbers), `label_column` holds integer classes 0..max, each of which must occur.
/// Throws Error(path:line:column) at the first bad cell, a ragged row, a missing label column,
/// an empty file or a header without rows. The data set is named after the file's stem.
Dataset read_csv_dataset(const std::string& path, const std::string& label_column = "label");

}  // namespace optbench
