// One line per test function: the catalogue `optbench list functions` and the tests iterate.

#include "optbench/functions/function_registry.hpp"
#include "optbench/functions/quartic_saddle.hpp"
#include "optbench/functions/rosenbrock.hpp"

namespace optbench {

namespace {

template <typename F>
FunctionInfo fixed2(std::string name, std::string formula, std::string known) {
  return {std::move(name), std::move(formula), 2, 2, {}, std::move(known),
          [](Eigen::Index, const Settings&) { return std::make_unique<F>(); }};
}

template <typename F>
FunctionInfo any_dim(std::string name, std::string formula, Eigen::Index min_dim,
                     std::string known) {
  return {std::move(name), std::move(formula), 0, min_dim, {}, std::move(known),
          [](Eigen::Index dim, const Settings&) { return std::make_unique<F>(dim); }};
}

FunctionRegistry build() {
  FunctionRegistry r;
  r.add(fixed2<QuarticSaddle>("quartic_saddle", "x0^2 + x1^4/4 - x1^2/2",
                              "saddle at 0 (eigenvalues -1, 2); minima (0, +-1), f* = -1/4"));
  r.add(any_dim<Rosenbrock>("rosenbrock", "sum 100(x_{i+1} - x_i^2)^2 + (1 - x_i)^2", 2,
                            "minimum at (1, ..., 1), f* = 0"));
  return r;
}

}  // namespace

const FunctionRegistry& function_registry() {
  static const FunctionRegistry registry = build();
  return registry;
}

}  // namespace optbench
