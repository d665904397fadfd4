#include "optbench/optimizers/adam.hpp"

#include <algorithm>
#include <cmath>

namespace optbench {

Adam::Adam(const AdamParams& params, bool decoupled)
    : Optimizer(params.lr), p_(params), decoupled_(decoupled) {}

void Adam::reset(Eigen::Index n) {
  m_.setZero(n);
  v_.setZero(n);
  v_max_.setZero(p_.amsgrad ? n : 0);
  t_ = 0;
  saturated1_ = false;
  saturated2_ = false;
}

// torch: bias_correction = 1 - beta**step. Once beta**step <= 2^-54, 1 - beta**step rounds to
// exactly 1, and it stays 1 (beta**step only shrinks), so pow is not called again: the same
// numbers without pow's cost, whose slow path for tiny results (beta 0.9 after ~7000 steps)
// would triple the cost of a small step.
double Adam::bias_correction(double beta, bool& saturated) const {
  if (saturated) return 1.0;
  const double c = 1.0 - std::pow(beta, static_cast<double>(t_));
  saturated = c == 1.0;
  return c;
}

void Adam::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  ++t_;
  const Eigen::Index n = params.size();
  double* x = params.data();
  const double* g = grad.data();
  double* m = m_.data();
  double* v = v_.data();
  const double b1 = p_.betas[0];
  const double b2 = p_.betas[1];
  const double eps = p_.eps;
  const double step_size = lr_ / bias_correction(b1, saturated1_);
  const double correction2_sqrt = std::sqrt(bias_correction(b2, saturated2_));
  const double decay = decoupled_ ? 1.0 - lr_ * p_.weight_decay : 1.0;
  const double l2 = decoupled_ ? 0.0 : p_.weight_decay;
  if (p_.amsgrad) {
    double* vm = v_max_.data();
    for (Eigen::Index i = 0; i < n; ++i) {
      const double xi = x[i] * decay;
      const double gi = g[i] + l2 * xi;
      m[i] = m[i] * b1 + (1.0 - b1) * gi;
      v[i] = v[i] * b2 + (1.0 - b2) * (gi * gi);
      vm[i] = std::max(vm[i], v[i]);
      x[i] = xi - step_size * (m[i] / (std::sqrt(vm[i]) / correction2_sqrt + eps));
    }
    return;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double xi = x[i] * decay;
    const double gi = g[i] + l2 * xi;
    m[i] = m[i] * b1 + (1.0 - b1) * gi;
    v[i] = v[i] * b2 + (1.0 - b2) * (gi * gi);
    x[i] = xi - step_size * (m[i] / (std::sqrt(v[i]) / correction2_sqrt + eps));
  }
}

}  // namespace optbench
