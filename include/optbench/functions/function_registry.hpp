#pragma once
// The catalogue of test functions: names, dimension rules, parameters, factories.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "optbench/core/registry.hpp"
#include "optbench/core/setting.hpp"
#include "optbench/functions/test_function.hpp"

namespace optbench {

/// Everything optbench knows about one test function before it is built.
struct FunctionInfo {
  std::string name;
  std::string formula;
  Eigen::Index fixed_dim = 2;  ///< 0: any dimension >= min_dim, chosen by `dim:`
  Eigen::Index min_dim = 1;
  std::vector<ParamSpec> params;
  std::string known;  ///< the known minima and critical points, for `optbench list`
  std::function<std::unique_ptr<TestFunction>(Eigen::Index dim, const Settings& params)> make;
};

/// The test functions a config can name, in registration order.
using FunctionRegistry = Registry<FunctionInfo>;

/// Every built-in function (src/functions/register_functions.cpp) and every registered one.
const FunctionRegistry& function_registry();

/// Adds a test function beside the built-ins (a program's own, a plugin's); call it before any
/// config is read, from one thread. Throws Error("name", ...) when the name is taken.
void register_function(FunctionInfo info);

/// Builds `name` at `dim` with `params` (defaults filled in); throws Error on a bad name,
/// dimension or parameter.
std::unique_ptr<TestFunction> make_function(const std::string& name, Eigen::Index dim,
                                            const Settings& params);

}  // namespace optbench
