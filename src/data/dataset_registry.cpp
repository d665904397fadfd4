#include "optbench/data/dataset_registry.hpp"

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench {

Dataset load_dataset(const std::string& name, const Settings& params, std::uint64_t seed) {
  const DatasetInfo* info = &dataset_registry().get(name, "dataset");
  for (const auto& [key, value] : params.items()) {
    const ParamSpec* spec = nullptr;
    std::vector<std::string> known;
    for (const auto& s : info->params) {
      if (s.name == key) spec = &s;
      known.push_back(s.name);
    }
    if (spec == nullptr) {
      throw Error(key, "unknown parameter of data set " + name + did_you_mean(key, known));
    }
    check_setting(*spec, value);
  }
  return info->load(complete_settings(info->params, params), seed);
}

std::vector<std::string> dataset_files(const std::string& name, const Settings& params) {
  const DatasetInfo* info = dataset_registry().find(name);
  if (info == nullptr || !info->files) return {};
  return info->files(complete_settings(info->params, params));
}

}  // namespace optbench
