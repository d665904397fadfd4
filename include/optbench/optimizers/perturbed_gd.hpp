#pragma once

#include "optbench/core/random.hpp"
#include "optbench/optimizers/optimizer.hpp"

namespace optbench {

/// Hyperparameters of PerturbedGd.
struct PerturbedGdParams {
  double lr = 1e-3;
  double radius = 1e-3;       ///< radius of the uniform ball the perturbation is drawn from
  double g_thres = 1e-3;      ///< perturb only where the gradient norm is at most this
  std::int64_t t_thres = 10;  ///< and at most once every t_thres steps
};

/// Perturbed gradient descent (Jin, Ge, Netrapalli, Kakade & Jordan, 2017, "How to escape saddle
/// points efficiently"): where ||g|| <= g_thres and no perturbation happened in the last t_thres
/// steps, the step is x += xi with xi uniform in the ball of radius `radius`; otherwise
/// x -= lr*g. (Jin et al. take the gradient step at the perturbed point in the same iteration;
/// here it is the next step, which evaluates the gradient there.)
class PerturbedGd final : public Optimizer {
 public:
  explicit PerturbedGd(const PerturbedGdParams& params);
  void reset(Eigen::Index n) override;
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  /// The gradient norm reads g once more than plain descent's x, g read and x written.
  double bytes_per_parameter() const override { return 32.0; }
  void seed(std::uint64_t seed) override { rng_ = Rng(seed); }

 private:
  PerturbedGdParams p_;
  Rng rng_{0};
  Eigen::VectorXd noise_;
  std::int64_t t_ = 0;
  std::int64_t last_perturbation_ = 0;
  bool perturbed_ = false;
};

}  // namespace optbench
