#pragma once

#include "optbench/core/random.hpp"
#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of PerturbedGd.
struct PerturbedGdParams {
  double lr = 1e-3;
  double radius = 1e-3;       ///< radius of the uniform ball the perturbation is drawn from
  double g_thres = 1e-3;      ///< perturb only where the gradient norm is at most this
  std::int64_t t_thres = 10;  ///< and at most once every t_thres steps

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<PerturbedGdParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Perturbed gradient descent (Jin, Ge, Netrapalli, Kakade & Jordan, 2017, "How to escape saddle
/// points efficiently"): where ||g|| <= g_thres and no perturbation happened in the last t_thres
/// steps, the step is x += xi with xi uniform in the ball of radius `radius`; otherwise
/// x -= lr*g. (Jin et al. take the gradient step at the perturbed point in the same iteration;
/// here it is the next step, which evaluates the gradient there.)
class PerturbedGd final : public Optimizer {
 public:
  explicit PerturbedGd(const PerturbedGdParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  /// float32 parameters get the same perturbation, drawn in double and rounded.
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// The gradient norm reads g once more than plain descent's x, g read and x written.
  double bytes_per_parameter() const override { return 32.0; }
  void seed(std::uint64_t seed) override { rng_ = Rng(seed); }

 private:
  void allocate(Eigen::Index n, Precision precision) override;
  /// The update behind both step() overloads; `state_size` is the size reset() gave precision T
  /// (-1: not reset). Defined in perturbed_gd.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Ref<Eigen::VectorX<T>> params, Eigen::Ref<const Eigen::VectorX<T>> grad,
                     Eigen::Index state_size);

  PerturbedGdParams p_;
  Rng rng_{0};
  Eigen::VectorXd noise_;     ///< the draw, in double for either precision
  Eigen::Index size64_ = -1;  ///< parameters the last reset() was for, per precision; -1: not it
  Eigen::Index size32_ = -1;
  std::int64_t t_ = 0;
  std::int64_t last_perturbation_ = 0;
  bool perturbed_ = false;
};

}  // namespace optbench
