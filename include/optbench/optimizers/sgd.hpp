#pragma once

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Sgd, with torch.optim.SGD's names and defaults.
struct SgdParams {
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  bool nesterov = false;
  double weight_decay = 0.0;
  bool maximize = false;  ///< ascend: the gradient negated first (torch's flag)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<SgdParams>>& fields();
  /// The defaults of the `momentum` optimizer: heavy-ball momentum 0.9.
  static SgdParams momentum_defaults() {
    SgdParams p;
    p.momentum = 0.9;
    return p;
  }
  /// The defaults of the `nesterov` optimizer: Nesterov momentum 0.9.
  static SgdParams nesterov_defaults() {
    SgdParams p = momentum_defaults();
    p.nesterov = true;
    return p;
  }
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as
/// torch.optim.SGD documents it (Sutskever et al., 2013):
///   d = +-g + wd*x (minus with maximize);  b_1 = d,  b_t = mu*b_{t-1} + (1 - dampening)*d;
///   d = d + mu*b (nesterov) or d = b (momentum);  x -= lr*d.
class Sgd final : public Optimizer {
 public:
  explicit Sgd(const SgdParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g read and x written; with momentum the buffer is read and written too.
  double bytes_per_parameter() const override { return p_.momentum != 0.0 ? 40.0 : 24.0; }
  CycledMomentum cycled_momentum() const override { return CycledMomentum::momentum; }
  double momentum() const override { return p_.momentum; }
  /// A schedule's momentum; the buffer appears the first time it is non-zero (torch creates it
  /// from the gradient at the first step with momentum).
  void set_momentum(double value) override;

 private:
  /// The run state of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> buffer;  ///< momentum buffer (empty without momentum)
    Eigen::Index n = -1;       ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in sgd.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  SgdParams p_;
  State<double> state64_;
  State<float> state32_;
  bool first_ = true;
};

}  // namespace optbench
