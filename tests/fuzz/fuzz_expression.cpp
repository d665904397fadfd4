// libFuzzer target: any bytes given to the expression parser, the symbolic differentiation and
// the interpreter end in a program or in optbench::ExpressionError, never in a crash, a hang or
// another exception.

#include <cstddef>
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "functions/expression/evaluator.hpp"
#include "functions/expression/expression_program.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)optbench::check_expression_syntax(text);
    // Not the process-wide cache: every input would stay in memory.
    const auto program = optbench::expression::build_expression_program(text, 3);
    optbench::expression::Evaluator evaluator(*program, nullptr);
    const Eigen::Vector3d x(0.5, -1.25, 2.0);
    Eigen::Vector3d grad;
    (void)evaluator.value(x.data());
    (void)evaluator.value_and_gradient(x.data(), grad.data());
    (void)evaluator.hessian_entries(x.data());
  } catch (const optbench::ExpressionError&) {
    // Bad input is expected to end here.
  }
  return 0;
}
