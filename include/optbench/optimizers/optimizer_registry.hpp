#pragma once
// The catalogue of optimizers: names, hyperparameters with defaults and ranges, factories.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "optbench/core/registry.hpp"
#include "optbench/core/setting.hpp"
#include "optbench/optimizers/optimizer.hpp"

namespace optbench {

/// Everything optbench knows about one optimizer name before it is built.
struct OptimizerInfo {
  std::string name;
  std::string summary;
  std::vector<ParamSpec> params;  ///< every hyperparameter, defaults written out
  /// Rules between hyperparameters (nesterov needs momentum); throws Error(key, message).
  std::function<void(const Settings&)> check;
  /// Builds the optimizer from complete, checked settings.
  std::function<std::unique_ptr<Optimizer>(const Settings&)> make;
};

/// The optimizers a config can name, in registration order.
using OptimizerRegistry = Registry<OptimizerInfo>;

/// Every built-in optimizer (src/optimizers/register_optimizers.cpp) and every registered one.
const OptimizerRegistry& optimizer_registry();

/// Adds an optimizer beside the built-ins (a program's own, a plugin's); call it before any
/// config is read, from one thread. Throws Error("name", ...) when the name is taken.
void register_optimizer(OptimizerInfo info);

/// The info of `name`; throws Error("name", ... did you mean ...) for an unknown name.
const OptimizerInfo& find_optimizer(const std::string& name);

/// The given settings completed with defaults, each checked against its spec, then the
/// cross-field rules; throws Error keyed by the offending hyperparameter.
Settings checked_optimizer_settings(const OptimizerInfo& info, const Settings& given);

/// Builds an optimizer from given (possibly partial) settings.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, const Settings& given);

/// A nested optimizer (basin_hopping's `local:`) as one line, its runs.csv cell: the name, then
/// key=value for every setting given, lists joined by commas ("adam lr=0.01 betas=0.9,0.999").
std::string optimizer_text(const std::string& name, const Settings& settings);

/// Reads optimizer_text back into the name and its settings, each checked against the
/// optimizer's specs; throws Error keyed by the offending word.
std::pair<std::string, Settings> parse_optimizer_text(const std::string& text);

}  // namespace optbench
