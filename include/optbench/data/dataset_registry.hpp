#pragma once
// The catalogue of data sets: names, parameters, loaders.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "optbench/core/registry.hpp"
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

/// The data sets a config can name, in registration order.
using DatasetRegistry = Registry<DatasetInfo>;

/// Every built-in data set (src/data/register_datasets.cpp) and every registered one.
const DatasetRegistry& dataset_registry();

/// Adds a data set beside the built-ins (a program's own, a plugin's); call it before any
/// config is read, from one thread. Throws Error("name", ...) when the name is taken.
void register_dataset(DatasetInfo info);

/// The files data set `name` reads with `params` (defaults filled in); none for synthetic sets.
std::vector<std::string> dataset_files(const std::string& name, const Settings& params);

/// Loads `name` with `params` (checked against its specs, defaults filled in) and `seed`; throws
/// Error on an unknown name or parameter, a bad value, or a bad file.
Dataset load_dataset(const std::string& name, const Settings& params, std::uint64_t seed);

}  // namespace optbench
