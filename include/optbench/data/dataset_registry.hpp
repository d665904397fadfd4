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

/// Loads `name` with `params` (checked against its specs, defaults filled in) and `seed`; throws
/// Error on an unknown name or parameter, a bad value, or a bad file.
Dataset load_dataset(const std::string& name, const Settings& params, std::uint64_t seed);

}  // namespace optbench
