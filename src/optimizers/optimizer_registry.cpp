#include "optbench/optimizers/optimizer_registry.hpp"

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench {

void OptimizerRegistry::add(OptimizerInfo info) {
  infos_.push_back(std::move(info));
}

const OptimizerInfo* OptimizerRegistry::find(const std::string& name) const {
  for (const auto& info : infos_) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::vector<std::string> OptimizerRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(infos_.size());
  for (const auto& info : infos_) out.push_back(info.name);
  return out;
}

const OptimizerInfo& find_optimizer(const std::string& name) {
  const OptimizerInfo* info = optimizer_registry().find(name);
  if (info == nullptr) {
    throw Error("name", "unknown optimizer '" + name + "'" +
                            did_you_mean(name, optimizer_registry().names()));
  }
  return *info;
}

Settings checked_optimizer_settings(const OptimizerInfo& info, const Settings& given) {
  std::vector<std::string> names;
  for (const auto& spec : info.params) names.push_back(spec.name);
  for (const auto& [key, value] : given.items()) {
    const ParamSpec* spec = nullptr;
    for (const auto& s : info.params) {
      if (s.name == key) spec = &s;
    }
    if (spec == nullptr) {
      throw Error(key, "unknown hyperparameter of " + info.name + did_you_mean(key, names));
    }
    check_setting(*spec, value);
  }
  Settings complete = complete_settings(info.params, given);
  if (info.check) info.check(complete);
  return complete;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const Settings& given) {
  const OptimizerInfo& info = find_optimizer(name);
  return info.make(checked_optimizer_settings(info, given));
}

}  // namespace optbench
