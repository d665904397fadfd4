#include "optbench/config/problem_function.hpp"

#include "optbench/functions/function_registry.hpp"

namespace optbench {

std::unique_ptr<TestFunction> make_problem_function(const ProblemInstance& problem) {
  if (problem.expression) {
    return std::make_unique<ExpressionFunction>(problem.expression, problem.dim, problem.evaluator);
  }
  return make_function(problem.function, problem.dim, problem.params);
}

}  // namespace optbench
