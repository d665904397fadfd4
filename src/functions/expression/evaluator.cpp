#include "evaluator.hpp"

namespace optbench::expression {

Evaluator::Evaluator(const ExpressionProgram& program, const std::vector<NativeFunction>* native)
    : program_(program),
      native_(native),
      entries_(static_cast<Eigen::Index>(program.hessian_entries.size())) {
  if (native_ == nullptr) {
    value_.emplace(program.value);
    gradient_.emplace(program.gradient);
    hessian_.emplace(program.hessian);
  }
}

double Evaluator::value(const double* x) {
  if (native_ != nullptr) return (*native_)[0](x, nullptr);
  value_->run(program_.value, x);
  return value_->output(program_.value, 0);
}

double Evaluator::value_and_gradient(const double* x, double* grad) {
  if (native_ != nullptr) return (*native_)[1](x, grad);
  const Tape& tape = program_.gradient;
  gradient_->run(tape, x);
  for (std::size_t i = 1; i < tape.outputs.size(); ++i) grad[i - 1] = gradient_->output(tape, i);
  return gradient_->output(tape, 0);
}

const Eigen::VectorXd& Evaluator::hessian_entries(const double* x) {
  if (native_ != nullptr) {
    (*native_)[2](x, entries_.data());
    return entries_;
  }
  const Tape& tape = program_.hessian;
  hessian_->run(tape, x);
  for (std::size_t k = 0; k < tape.outputs.size(); ++k) {
    entries_(static_cast<Eigen::Index>(k)) = hessian_->output(tape, k);
  }
  return entries_;
}

}  // namespace optbench::expression
