#include "optbench/optimizers/newton.hpp"

#include <cmath>
#include <stdexcept>

namespace optbench {

const std::vector<ParamField<NewtonParams>>& NewtonParams::fields() {
  static const std::vector<ParamField<NewtonParams>> table{
      field("lr", &NewtonParams::lr, at_least(0.0), "step length along the Newton direction"),
      field("damping", &NewtonParams::damping, at_least(0.0), "added to every eigenvalue")};
  return table;
}

void NewtonParams::validate() const {
  check_fields(*this);
}

Newton::Newton(const NewtonParams& params, bool saddle_free)
    : Optimizer(validated(params).lr), p_(params), saddle_free_(saddle_free) {}

void Newton::allocate(Eigen::Index n, Precision precision) {
  if (precision != Precision::float64) {
    throw std::logic_error("Newton is float64 only: reset(n, Precision::float32) is not supported");
  }
  solver_.emplace(n);
  projected_.setZero(n);
  direction_.setZero(n);
}

void Newton::step(Eigen::Ref<Eigen::VectorXd> /*params*/,
                  Eigen::Ref<const Eigen::VectorXd> /*grad*/) {
  throw std::logic_error("Newton::step needs the Hessian: call step_with_hessian");
}

void Newton::step_with_hessian(Eigen::Ref<Eigen::VectorXd> params,
                               Eigen::Ref<const Eigen::VectorXd> grad,
                               Eigen::Ref<const Eigen::MatrixXd> hess) {
  solver_->compute(hess);
  const auto& values = solver_->eigenvalues();
  const auto& vectors = solver_->eigenvectors();
  const double scale = values.cwiseAbs().maxCoeff();
  // Eigenvalues this small relative to the largest are treated as zero (pseudo-inverse).
  const double cutoff = 1e-12 * scale;
  projected_.noalias() = vectors.transpose() * grad;
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const double curvature = (saddle_free_ ? std::abs(values(i)) : values(i)) + p_.damping;
    projected_(i) = std::abs(curvature) <= cutoff ? 0.0 : projected_(i) / curvature;
  }
  direction_.noalias() = vectors * projected_;
  params -= lr_ * direction_;
}

}  // namespace optbench
