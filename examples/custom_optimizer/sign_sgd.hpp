#pragma once
// sign-SGD, a user's optimizer added to optbench without forking it (docs/extending.md).

#include <Eigen/Core>

#include "optbench/optimizers/optimizer_registry.hpp"

namespace example {

/// sign-SGD (Bernstein et al. 2018, "signSGD: compressed optimisation for non-convex problems"):
/// x <- x - lr * sign(g), with sign(0) = 0, so a coordinate whose gradient vanishes stays put.
class SignSgd final : public optbench::Optimizer {
 public:
  explicit SignSgd(double lr) : Optimizer(lr) {}
  using Optimizer::step;
  /// One fused pass over the parameters.
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;

 protected:
  void allocate(Eigen::Index /*n*/, optbench::Precision /*precision*/) override {}
};

/// The catalogue entry: name sign_sgd, one hyperparameter lr (> 0, default 0.01).
optbench::OptimizerInfo sign_sgd_info();

/// Registers sign_sgd beside the built-ins (what the plugin and the own main both call).
void register_sign_sgd();

}  // namespace example
