#pragma once

#include <array>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Adamax, with torch.optim.Adamax's names and defaults.
struct AdamaxParams {
  double lr = 2e-3;
  std::array<double, 2> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool maximize = false;  ///< ascend: the gradient negated first

  /// Throws Error(field, message) for a value torch.optim.Adamax refuses.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<AdamaxParams>>& fields();
};

/// Adamax, the infinity-norm variant of Adam (Kingma & Ba, 2015, section 7.1), as
/// torch.optim.Adamax:
///   g += wd*x;  m = b1*m + (1-b1)*g;  u = max(b2*u, |g| + eps);  x -= lr/(1 - b1^t) * m/u.
class Adamax final : public Optimizer {
 public:
  explicit Adamax(const AdamaxParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, m, u read; x, m, u written.
  double bytes_per_parameter() const override { return 56.0; }

 private:
  /// The first moment and the infinity norm of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> m;
    Eigen::VectorX<T> u;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in adamax.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  AdamaxParams p_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
};

}  // namespace optbench
