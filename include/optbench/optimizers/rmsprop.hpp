#pragma once

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of RmsProp, with torch.optim.RMSprop's names and defaults.
struct RmsPropParams {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum = 0.0;
  bool centered = false;
  bool maximize = false;  ///< ascend: the gradient negated first (torch's flag)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<RmsPropParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// RMSprop (Hinton, Lecture 6e; centered form from Graves, 2013) as torch.optim.RMSprop:
///   maximize: g = -g;  g += wd*x;  v = alpha*v + (1-alpha)*g^2;  centered: a = alpha*a +
///   (1-alpha)*g, v~ = v - a^2; d = g / (sqrt(v~) + eps);  momentum: b = mu*b + d, x -= lr*b;  else
///   x -= lr*d.
class RmsProp final : public Optimizer {
 public:
  explicit RmsProp(const RmsPropParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, v read, x and v written; centered and momentum add a read and a write each.
  double bytes_per_parameter() const override {
    return 40.0 + (p_.centered ? 16.0 : 0.0) + (p_.momentum > 0.0 ? 16.0 : 0.0);
  }
  CycledMomentum cycled_momentum() const override { return CycledMomentum::momentum; }
  double momentum() const override { return p_.momentum; }
  /// A schedule's momentum; a zero buffer appears the first time it is positive.
  void set_momentum(double value) override;

 private:
  /// The running averages of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> square_avg;
    Eigen::VectorX<T> grad_avg;  ///< empty unless centered
    Eigen::VectorX<T> buffer;    ///< empty without momentum
    Eigen::Index n = -1;         ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in rmsprop.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  RmsPropParams p_;
  State<double> state64_;
  State<float> state32_;
};

}  // namespace optbench
