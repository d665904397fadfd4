#pragma once
// The one way the experiment kinds build a problem's test function, whether it names a
// registered function or writes an expression.

#include <memory>

#include "optbench/config/run_plan.hpp"
#include "optbench/functions/test_function.hpp"

namespace optbench {

/// The test function of `problem`: make_function for a registered one, an ExpressionFunction
/// (with the instance's evaluator) for `function: expression`.
std::unique_ptr<TestFunction> make_problem_function(const ProblemInstance& problem);

}  // namespace optbench
