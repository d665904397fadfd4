#pragma once
// The interface every optimizer implements: one fused update of one flat parameter vector.

#include <cstdint>
#include <type_traits>

#include <Eigen/Core>

namespace optbench {

class Objective;

/// The floating-point type of the parameters a run updates (classification's train.dtype).
enum class Precision { float64, float32 };

/// The Precision of a scalar type (double or float).
template <typename Scalar>
constexpr Precision precision_of_scalar() {
  static_assert(std::is_same_v<Scalar, double> || std::is_same_v<Scalar, float>);
  return std::is_same_v<Scalar, double> ? Precision::float64 : Precision::float32;
}

/// "float64" or "float32": the name train.dtype and timings.csv use.
constexpr const char* precision_name(Precision p) {
  return p == Precision::float32 ? "float32" : "float64";
}

/// The hyperparameter torch's OneCycleLR and CyclicLR cycle when cycle_momentum is on: the
/// param group's 'momentum' (SGD, RMSprop) or betas[0] (Adam, AdamW); none where there is
/// neither (torch then refuses cycle_momentum).
enum class CycledMomentum { none, momentum, beta1 };

/// An optimizer holds its hyperparameters (fixed at construction) and its run state (moments,
/// step count), which reset() allocates and zeros. step() never allocates.
class Optimizer {
 public:
  explicit Optimizer(double lr) : lr_(lr), base_lr_(lr) {}
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// Allocates and zeros the state for `n` parameters of `precision` (the state has the
  /// parameters' type, as in torch.optim); call before every run.
  void reset(Eigen::Index n, Precision precision = Precision::float64) {
    precision_ = precision;
    allocate(n, precision);
  }
  /// The precision of the last reset().
  Precision precision() const { return precision_; }
  /// One update of `params` from the gradient `grad` at `params` (after a float64 reset()).
  virtual void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) = 0;
  /// The same update of float32 parameters, in float32 arithmetic (after a float32 reset()).
  /// Throws std::logic_error where supports_float32() is false.
  virtual void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad);
  /// Whether step() has a float32 form (the first-order methods).
  virtual bool supports_float32() const { return false; }

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

  // Objective-driven methods (population and global strategies, L-BFGS) evaluate the function
  // themselves, as often as they need: the harness calls begin_with_objective() once and then
  // step_with_objective() once per recorded step, never step(). First-order methods keep step().

  /// True where the method drives the objective itself (begin/step_with_objective).
  virtual bool drives_objective() const { return false; }
  /// False for derivative-free methods: they never request a gradient, and the trace has no
  /// gradient norm or learning rate for them.
  virtual bool uses_gradient() const { return true; }
  /// Sets up a run from the start point `x` (after reset() and seed()), evaluating what it needs
  /// through `objective`; leaves the incumbent (best point so far) in `x` and returns f there.
  /// Throws std::logic_error where drives_objective() is false.
  virtual double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective);
  /// One recorded step: a generation, a temperature level, one L-BFGS step(closure) or one local
  /// step of a restart strategy. Leaves the incumbent in `x` and returns f there.
  virtual double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective);

  /// The learning rate the next step uses (a schedule changes it between steps).
  double lr() const { return lr_; }
  void set_lr(double lr) { lr_ = lr; }
  /// The configured learning rate, before any schedule.
  double base_lr() const { return base_lr_; }

  /// Which momentum-like hyperparameter a schedule may cycle.
  virtual CycledMomentum cycled_momentum() const { return CycledMomentum::none; }
  /// Its value for the next step (0 where there is none).
  virtual double momentum() const { return 0.0; }
  /// Sets it for the following steps, as a scheduler writes the param group's entry.
  virtual void set_momentum(double /*value*/) {}

 protected:
  /// Allocates and zeros the state of `precision` for `n` parameters (and frees the other's).
  virtual void allocate(Eigen::Index n, Precision precision) = 0;

  double lr_;

 private:
  double base_lr_;
  Precision precision_ = Precision::float64;
};

}  // namespace optbench
