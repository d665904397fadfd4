#pragma once
// The catalogue entry of an optimizer whose Params struct declares its fields (param_fields.hpp):
// specs, checks and the fill from settings all come from that one table.

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// The OptimizerInfo of `name`: its specs from P::fields() with the defaults `defaults` holds,
/// `check` running P::validate() (the ranges and the rules between fields), and `make` building
/// the optimizer through `make(const P&)`.
template <typename P, typename Make>
OptimizerInfo declared_optimizer(std::string name, std::string summary, const P& defaults,
                                 Make make) {
  OptimizerInfo info;
  info.name = std::move(name);
  info.summary = std::move(summary);
  info.params = param_specs(defaults);
  info.check = [defaults](const Settings& s) { params_from(s, defaults).validate(); };
  info.make = [defaults, make](const Settings& s) -> std::unique_ptr<Optimizer> {
    return make(params_from(s, defaults));
  };
  return info;
}

/// Replaces the help text of spec `name` (a variant that reads a field differently: AdamW's
/// decoupled weight_decay); throws std::logic_error for an unknown name.
inline void set_help(std::vector<ParamSpec>& specs, const std::string& name, std::string help) {
  for (ParamSpec& s : specs) {
    if (s.name == name) {
      s.help = std::move(help);
      return;
    }
  }
  throw std::logic_error("set_help: no hyperparameter " + name);
}

}  // namespace optbench
