#include "optbench/optimizers/rmsprop.hpp"

#include <cmath>

namespace optbench {

RmsProp::RmsProp(const RmsPropParams& params) : Optimizer(params.lr), p_(params) {}

void RmsProp::reset(Eigen::Index n) {
  square_avg_.setZero(n);
  grad_avg_.setZero(p_.centered ? n : 0);
  buffer_.setZero(p_.momentum > 0.0 ? n : 0);
}

void RmsProp::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  const Eigen::Index n = params.size();
  double* x = params.data();
  const double* g = grad.data();
  double* v = square_avg_.data();
  double* a = grad_avg_.data();
  double* b = buffer_.data();
  const double alpha = p_.alpha;
  const double eps = p_.eps;
  const double wd = p_.weight_decay;
  const double mu = p_.momentum;
  const double lr = lr_;
  const bool centered = p_.centered;
  const bool momentum = mu > 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double gi = g[i] + wd * x[i];
    v[i] = v[i] * alpha + (1.0 - alpha) * (gi * gi);
    double avg = 0.0;
    if (centered) {
      a[i] = a[i] * alpha + (1.0 - alpha) * gi;
      avg = std::sqrt(v[i] - a[i] * a[i]) + eps;
    } else {
      avg = std::sqrt(v[i]) + eps;
    }
    if (momentum) {
      b[i] = b[i] * mu + gi / avg;
      x[i] -= lr * b[i];
    } else {
      x[i] -= lr * (gi / avg);
    }
  }
}

}  // namespace optbench
