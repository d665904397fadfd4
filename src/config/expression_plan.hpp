#pragma once
// Grid expansion of a `function: expression` entry: its dimension, its function at that
// dimension and the check at the start, each error placed inside the expression where it can be.

#include <memory>
#include <optional>
#include <vector>

#include "optbench/config/experiment_spec.hpp"
#include "optbench/functions/expression/expression_function.hpp"

namespace optbench {

/// The entry's definition, shared by every instance of it.
std::shared_ptr<const ExpressionProblem> expression_problem(const ExpressionEntry& entry);

/// The dimension of an instance without dim:, from the highest xN, else the start's length.
Eigen::Index expression_instance_dim(const ExpressionEntry& entry,
                                     const std::optional<std::vector<double>>& start);

/// The instance's function (interpreted: nothing is compiled to validate a config); checks that
/// known_points and search_box fit `dim`.
std::unique_ptr<ExpressionFunction> expression_instance_function(
    const ExpressionEntry& entry, const std::shared_ptr<const ExpressionProblem>& problem,
    Eigen::Index dim);

/// Fails when the value, gradient or Hessian is undefined at the start (zeros when none).
void check_expression_start(const ExpressionEntry& entry, const TestFunction& f,
                            const std::optional<std::vector<double>>& start, Eigen::Index dim);

}  // namespace optbench
