#pragma once

#include <array>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of RAdam, with torch.optim.RAdam's names and defaults.
struct RAdamParams {
  double lr = 1e-3;
  std::array<double, 2> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool maximize = false;  ///< ascend: the gradient negated first (torch 2.0's flag; 1.13 has none)

  /// Throws Error(field, message) for a value torch.optim.RAdam refuses.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<RAdamParams>>& fields();
};

/// RAdam (Liu et al., 2020, "On the Variance of the Adaptive Learning Rate and Beyond") as
/// torch.optim.RAdam's single-tensor code:
///   g += wd*x;  m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;  m^ = m/(1 - b1^t);
///   rho_inf = 2/(1-b2) - 1;  rho_t = rho_inf - 2t*b2^t/(1 - b2^t);
///   rho_t > 5:  r = sqrt((rho_t-4)(rho_t-2)rho_inf / ((rho_inf-4)(rho_inf-2)rho_t)),
///               x -= lr * m^ * sqrt(1 - b2^t)/(sqrt(v) + eps) * r;
///   else        x -= lr * m^  (momentum SGD while the variance estimate is unreliable).
/// (torch 1.13's foreach code leaves eps out; the default path, followed here, has it.)
class RAdam final : public Optimizer {
 public:
  explicit RAdam(const RAdamParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, m, v read; x, m, v written (the unrectified steps update v too).
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
  /// The one fused update behind both step() overloads; defined in radam.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  RAdamParams p_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
};

}  // namespace optbench
