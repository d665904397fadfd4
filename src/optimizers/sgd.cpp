#include "optbench/optimizers/sgd.hpp"

namespace optbench {

Sgd::Sgd(const SgdParams& params) : Optimizer(params.lr), p_(params) {}

void Sgd::reset(Eigen::Index n) {
  buffer_.setZero(p_.momentum != 0.0 ? n : 0);
  first_ = true;
}

void Sgd::step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) {
  const Eigen::Index n = params.size();
  double* x = params.data();
  const double* g = grad.data();
  const double lr = lr_;
  const double wd = p_.weight_decay;
  if (p_.momentum == 0.0) {
    for (Eigen::Index i = 0; i < n; ++i) x[i] -= lr * (g[i] + wd * x[i]);
    return;
  }
  double* b = buffer_.data();
  const double mu = p_.momentum;
  // The first step copies the gradient into the buffer: no dampening then (torch.optim.SGD).
  const double keep = first_ ? 0.0 : mu;
  const double take = first_ ? 1.0 : 1.0 - p_.dampening;
  first_ = false;
  if (p_.nesterov) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = g[i] + wd * x[i];
      b[i] = keep * b[i] + take * d;
      x[i] -= lr * (d + mu * b[i]);
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = g[i] + wd * x[i];
      b[i] = keep * b[i] + take * d;
      x[i] -= lr * b[i];
    }
  }
}

}  // namespace optbench
