#include "optbench/data/dataset.hpp"

#include <algorithm>
#include <cstdlib>

#ifndef OPTBENCH_DATA_DIR
#define OPTBENCH_DATA_DIR "data"
#endif

namespace optbench {

std::string data_dir() {
  const char* env = std::getenv("OPTBENCH_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return OPTBENCH_DATA_DIR;
}

std::vector<Eigen::Index> class_counts(const Dataset& data) {
  std::vector<Eigen::Index> counts(static_cast<std::size_t>(std::max(data.classes, 0)), 0);
  for (Eigen::Index j = 0; j < data.y.size(); ++j) ++counts[static_cast<std::size_t>(data.y[j])];
  return counts;
}

Dataset select_samples(const Dataset& data, const std::vector<Eigen::Index>& columns) {
  Dataset out;
  out.name = data.name;
  out.classes = data.classes;
  out.feature_names = data.feature_names;
  const auto n = static_cast<Eigen::Index>(columns.size());
  out.x.resize(data.x.rows(), n);
  out.y.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index source = columns[static_cast<std::size_t>(j)];
    out.x.col(j) = data.x.col(source);
    out.y[j] = data.y[source];
  }
  return out;
}

}  // namespace optbench
