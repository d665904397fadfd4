#pragma once

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Adadelta, with torch.optim.Adadelta's names and defaults.
struct AdadeltaParams {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0.0;
  bool maximize = false;  ///< ascend: the gradient negated first

  /// Throws Error(field, message) for a value torch.optim.Adadelta refuses.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<AdadeltaParams>>& fields();
};

/// Adadelta (Zeiler, 2012, "ADADELTA: An Adaptive Learning Rate Method") as torch.optim.Adadelta:
///   g += wd*x;  v = rho*v + (1-rho)*g^2;  d = sqrt(a + eps)/sqrt(v + eps) * g;
///   a = rho*a + (1-rho)*d^2;  x -= lr*d.
class Adadelta final : public Optimizer {
 public:
  explicit Adadelta(const AdadeltaParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, v, a read; x, v, a written.
  double bytes_per_parameter() const override { return 56.0; }

 private:
  /// The running averages of squared gradients and squared updates of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> square_avg;
    Eigen::VectorX<T> acc_delta;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in adadelta.cpp, inlined into
  /// each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  AdadeltaParams p_;
  State<double> state64_;
  State<float> state32_;
};

}  // namespace optbench
