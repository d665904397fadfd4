#include "optbench/optimizers/rmsprop.hpp"

#include <cmath>

namespace optbench {

RmsProp::RmsProp(const RmsPropParams& params) : Optimizer(params.lr), p_(params) {}

void RmsProp::reset(Eigen::Index n) {
  square_avg_.setZero(n);
  grad_avg_.setZero(p_.centered ? n : 0);
  buffer_.setZero(p_.momentum > 0.0 ? n : 0);
}

namespace {

// One fused pass; the variant is a template argument so that every loop is branch-free and
// vectorises (a loop testing centered/momentum per element does not).
template <bool Centered, bool Momentum>
void rmsprop_pass(Eigen::Index n, double* __restrict x, const double* __restrict g,
                  double* __restrict v, double* __restrict a, double* __restrict b, double alpha,
                  double eps, double wd, double mu, double lr) {
  for (Eigen::Index i = 0; i < n; ++i) {
    const double gi = g[i] + wd * x[i];
    v[i] = v[i] * alpha + (1.0 - alpha) * (gi * gi);
    double avg = 0.0;
    if constexpr (Centered) {
      a[i] = a[i] * alpha + (1.0 - alpha) * gi;
      avg = std::sqrt(v[i] - a[i] * a[i]) + eps;
    } else {
      avg = std::sqrt(v[i]) + eps;
    }
    if constexpr (Momentum) {
      b[i] = b[i] * mu + gi / avg;
      x[i] -= lr * b[i];
    } else {
      x[i] -= lr * (gi / avg);
    }
  }
}

}  // namespace

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
  if (p_.centered) {
    if (mu > 0.0) {
      rmsprop_pass<true, true>(n, x, g, v, a, b, alpha, eps, wd, mu, lr);
    } else {
      rmsprop_pass<true, false>(n, x, g, v, a, b, alpha, eps, wd, mu, lr);
    }
  } else if (mu > 0.0) {
    rmsprop_pass<false, true>(n, x, g, v, a, b, alpha, eps, wd, mu, lr);
  } else {
    rmsprop_pass<false, false>(n, x, g, v, a, b, alpha, eps, wd, mu, lr);
  }
}

}  // namespace optbench
