#include "optbench/data/dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#ifndef OPTBENCH_DATA_DIR
#define OPTBENCH_DATA_DIR "data"
#endif

namespace optbench {

std::string data_dir() {
  const char* env = std::getenv("OPTBENCH_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  // An installed optbench reads the copy installed with it, PREFIX/share/optbench/data beside
  // PREFIX/bin (a package may use another prefix than the build's), even where the source tree
  // it was built from still exists; a program in the build folder reads the source tree's.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "optbench" / "data";
    if (std::filesystem::is_directory(beside, ec)) return beside.string();
  }
#ifdef OPTBENCH_INSTALLED_DATA_DIR
  if (!std::filesystem::is_directory(OPTBENCH_DATA_DIR, ec) &&
      std::filesystem::is_directory(OPTBENCH_INSTALLED_DATA_DIR, ec)) {
    return OPTBENCH_INSTALLED_DATA_DIR;
  }
#endif
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
