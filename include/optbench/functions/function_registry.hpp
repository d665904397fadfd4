#pragma once
// The catalogue of test functions: names, dimension rules, parameters, factories.

#include <functional>
#include <memory>
#include <string>
#include <vector>

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

/// Ordered lookup of the registered test functions.
class FunctionRegistry {
 public:
  void add(FunctionInfo info);
  const FunctionInfo* find(const std::string& name) const;
  const std::vector<FunctionInfo>& all() const { return infos_; }
  std::vector<std::string> names() const;

 private:
  std::vector<FunctionInfo> infos_;
};

/// The registry with every built-in function (src/functions/register_functions.cpp).
const FunctionRegistry& function_registry();

/// Builds `name` at `dim` with `params` (defaults filled in); throws Error on a bad name,
/// dimension or parameter.
std::unique_ptr<TestFunction> make_function(const std::string& name, Eigen::Index dim,
                                            const Settings& params);

}  // namespace optbench
