#include "optbench/optimizers/adagrad.hpp"

#include <cmath>

namespace optbench {

Adagrad::Adagrad(const AdagradParams& params) : Optimizer(params.lr), p_(params) {}

void Adagrad::reset(Eigen::Index n) {
  sum_.setConstant(n, p_.initial_accumulator_value);
  t_ = 0;
}

void Adagrad::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  ++t_;
  const Eigen::Index n = params.size();
  double* x = params.data();
  const double* g = grad.data();
  double* s = sum_.data();
  const double wd = p_.weight_decay;
  const double eps = p_.eps;
  const double clr = lr_ / (1.0 + static_cast<double>(t_ - 1) * p_.lr_decay);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double gi = g[i] + wd * x[i];
    s[i] += gi * gi;
    x[i] -= clr * (gi / (std::sqrt(s[i]) + eps));
  }
}

}  // namespace optbench
