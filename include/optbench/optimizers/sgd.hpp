#pragma once

#include "optbench/optimizers/optimizer.hpp"

namespace optbench {

/// Hyperparameters of Sgd, with torch.optim.SGD's names and defaults.
struct SgdParams {
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;
};

/// Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as
/// torch.optim.SGD documents it (Sutskever et al., 2013):
///   d = g + wd*x;  b_1 = d,  b_t = mu*b_{t-1} + (1 - dampening)*d;
///   d = d + mu*b (nesterov) or d = b (momentum);  x -= lr*d.
class Sgd final : public Optimizer {
 public:
  explicit Sgd(const SgdParams& params);
  void reset(Eigen::Index n) override;
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  /// x, g read and x written; with momentum the buffer is read and written too.
  double bytes_per_parameter() const override { return p_.momentum != 0.0 ? 40.0 : 24.0; }

 private:
  SgdParams p_;
  Eigen::VectorXd buffer_;
  bool first_ = true;
};

}  // namespace optbench
