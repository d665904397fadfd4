#pragma once

#include <array>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of NAdam, with torch.optim.NAdam's names and defaults.
struct NAdamParams {
  double lr = 2e-3;
  std::array<double, 2> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum_decay = 4e-3;
  bool maximize = false;  ///< ascend: the gradient negated first (torch 2.0's flag; 1.13 has none)

  /// Throws Error(field, message) for a value torch.optim.NAdam refuses.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<NAdamParams>>& fields();
};

/// NAdam (Dozat, 2016, "Incorporating Nesterov Momentum into Adam"), the formula torch.optim.NAdam
/// documents (psi = momentum_decay):
///   g += wd*x;  mu_t = b1*(1 - 0.96^(t*psi)/2);  P_t = mu_1*...*mu_t;
///   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;  d = sqrt(v)/sqrt(1 - b2^t) + eps;
///   x -= lr*(1-mu_t)/(1-P_t) * g/d + lr*mu_{t+1}/(1-P_t*mu_{t+1}) * m/d.
/// torch 1.13's default single-tensor code puts one more mu_t into the last denominator
/// (pytorch#92699, fixed in 2.0); its foreach code, like this one, does not.
class NAdam final : public Optimizer {
 public:
  explicit NAdam(const NAdamParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, m, v read; x, m, v written.
  double bytes_per_parameter() const override { return 56.0; }

 private:
  /// The moments of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> m;
    Eigen::VectorX<T> v;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in nadam.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  NAdamParams p_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
  double mu_product_ = 1.0;  ///< P_t, the product of the momentum coefficients so far
};

}  // namespace optbench
