#pragma once
// The interface every optimizer implements: one fused update of one flat parameter vector.

#include <cstdint>

#include <Eigen/Core>

namespace optbench {

/// An optimizer holds its hyperparameters (fixed at construction) and its run state (moments,
/// step count), which reset() allocates and zeros. step() never allocates.
class Optimizer {
 public:
  explicit Optimizer(double lr) : lr_(lr), base_lr_(lr) {}
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// Allocates and zeros the state for `n` parameters; call before every run.
  virtual void reset(Eigen::Index n) = 0;
  /// One update of `params` from the gradient `grad` at `params`.
  virtual void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) = 0;

  /// True for second-order methods, which are stepped through step_with_hessian().
  virtual bool needs_hessian() const { return false; }
  /// One update with the Hessian at `params` as well; first-order methods ignore it.
  virtual void step_with_hessian(Eigen::Ref<Eigen::VectorXd> params,
                                 Eigen::Ref<const Eigen::VectorXd> grad,
                                 Eigen::Ref<const Eigen::MatrixXd> /*hess*/) {
    step(params, grad);
  }
  /// Bytes one step reads and writes per parameter (float64), the figure its bandwidth is
  /// judged by; 0 where the step is not memory-bound (second-order methods).
  virtual double bytes_per_parameter() const { return 0.0; }
  /// Seeds the optimizer's own randomness (perturbations); deterministic methods ignore it.
  virtual void seed(std::uint64_t /*seed*/) {}

  /// The learning rate the next step uses (a schedule changes it between steps).
  double lr() const { return lr_; }
  void set_lr(double lr) { lr_ = lr; }
  /// The configured learning rate, before any schedule.
  double base_lr() const { return base_lr_; }

 protected:
  double lr_;

 private:
  double base_lr_;
};

}  // namespace optbench
