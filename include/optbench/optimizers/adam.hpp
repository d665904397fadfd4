#pragma once

#include <array>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Adam and AdamW, with torch.optim's names; AdamW's weight_decay
/// default is 1e-2, Adam's 0.
struct AdamParams {
  double lr = 1e-3;
  std::array<double, 2> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;  ///< ascend: the gradient negated first (torch's flag)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<AdamParams>>& fields();
  /// The defaults of AdamW: torch.optim.AdamW's weight_decay 1e-2.
  static AdamParams adamw_defaults() {
    AdamParams p;
    p.weight_decay = 1e-2;
    return p;
  }
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Adam (Kingma & Ba, 2015) with torch.optim.Adam's arithmetic, or AdamW (Loshchilov & Hutter,
/// 2019) when `decoupled`:
///   maximize: g = -g;  AdamW: x *= 1 - lr*wd;  Adam: g += wd*x;
///   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;  (amsgrad: v^ = max(v^, v), used below)
///   x -= lr/(1 - b1^t) * m / (sqrt(v)/sqrt(1 - b2^t) + eps).
/// Bias corrections are two scalars per step, folded into the one pass over memory.
class Adam final : public Optimizer {
 public:
  Adam(const AdamParams& params, bool decoupled);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, m, v read; x, m, v written (amsgrad: the running maximum too).
  double bytes_per_parameter() const override { return p_.amsgrad ? 72.0 : 56.0; }
  CycledMomentum cycled_momentum() const override { return CycledMomentum::beta1; }
  double momentum() const override { return p_.betas[0]; }
  /// A schedule's beta1 (torch's OneCycleLR writes betas[0]); the bias correction then uses
  /// the new beta1 to the power t, as torch's does.
  void set_momentum(double value) override;

 private:
  /// The moments of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> m;
    Eigen::VectorX<T> v;
    Eigen::VectorX<T> v_max;  ///< amsgrad's running maximum of v (empty without amsgrad)
    Eigen::Index n = -1;      ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in adam.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  AdamParams p_;
  bool decoupled_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
  bool saturated1_ = false;  // 1 - beta1^t has reached exactly 1
  bool saturated2_ = false;

  /// 1 - beta^t for the current step, as torch computes it (std::pow).
  double bias_correction(double beta, bool& saturated) const;
};

}  // namespace optbench
