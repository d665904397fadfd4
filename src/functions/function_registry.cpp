#include "optbench/functions/function_registry.hpp"

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"

namespace optbench {

std::unique_ptr<TestFunction> make_function(const std::string& name, Eigen::Index dim,
                                            const Settings& params) {
  const FunctionInfo* info = &function_registry().get(name, "function");
  if (info->fixed_dim != 0 && dim != info->fixed_dim) {
    throw Error("dim", name + " is defined for dim " + std::to_string(info->fixed_dim) +
                           " only, got " + std::to_string(dim));
  }
  if (dim < info->min_dim) {
    throw Error("dim", name + " needs dim >= " + std::to_string(info->min_dim) + ", got " +
                           std::to_string(dim));
  }
  for (const auto& [key, value] : params.items()) {
    bool known = false;
    for (const auto& spec : info->params) {
      if (spec.name == key) {
        check_setting(spec, value);
        known = true;
      }
    }
    if (!known) throw Error(key, "unknown parameter of " + name);
  }
  return info->make(dim, complete_settings(info->params, params));
}

}  // namespace optbench
