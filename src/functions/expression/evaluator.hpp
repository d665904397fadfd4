#pragma once
// Runs an ExpressionProgram: its native functions where they were compiled, else its tapes.
// One evaluator per function object (the tape registers are its own), so no locking is needed.

#include <optional>

#include <Eigen/Core>

#include "expression_program.hpp"

namespace optbench::expression {

class Evaluator {
 public:
  /// `native`: the program's compiled functions (value, gradient, Hessian), or nullptr.
  Evaluator(const ExpressionProgram& program, const std::vector<NativeFunction>* native);

  double value(const double* x);
  /// f, with the gradient written to grad.
  double value_and_gradient(const double* x, double* grad);
  /// The Hessian's nonzero upper entries, in program.hessian_entries order.
  const Eigen::VectorXd& hessian_entries(const double* x);
  bool compiled() const { return native_ != nullptr; }

 private:
  const ExpressionProgram& program_;
  const std::vector<NativeFunction>* native_;
  std::optional<TapeWorkspace> value_;
  std::optional<TapeWorkspace> gradient_;
  std::optional<TapeWorkspace> hessian_;
  Eigen::VectorXd entries_;
};

}  // namespace optbench::expression
