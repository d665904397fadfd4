#pragma once
// The catalogue of data sets: names, parameters, loaders.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "optbench/core/setting.hpp"
#include "optbench/data/dataset.hpp"

namespace optbench {

/// Everything optbench knows about one data set before it is loaded.
struct DatasetInfo {
  std::string name;
  std::string description;
  std::vector<ParamSpec> params;
  /// Loads the set from complete settings; synthetic sets draw their samples from `seed`.
  std::function<Dataset(const Settings& params, std::uint64_t seed)> load;
  /// The files `load` reads for these settings (empty for synthetic sets): their content is part
  /// of a sweep's identity.
  std::function<std::vector<std::string>(const Settings& params)> files;
};

/// Ordered lookup of the registered data sets.
class DatasetRegistry {
 public:
  void add(DatasetInfo info);
  const DatasetInfo* find(const std::string& name) const;
  const std::vector<DatasetInfo>& all() const { return infos_; }
  std::vector<std::string> names() const;

 private:
  std::vector<DatasetInfo> infos_;
};

/// The registry with every built-in data set (src/data/register_datasets.cpp).
const DatasetRegistry& dataset_registry();

/// The files data set `name` reads with `params` (defaults filled in); none for synthetic sets.
std::vector<std::string> dataset_files(const std::string& name, const Settings& params);

/// Loads `name` with `params` (checked against its specs, defaults filled in) and `seed`; throws
/// Error on an unknown name or parameter, a bad value, or a bad file.
Dataset load_dataset(const std::string& name, const Settings& params, std::uint64_t seed);

}  // namespace optbench
