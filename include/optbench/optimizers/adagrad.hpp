#pragma once

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Adagrad, with torch.optim.Adagrad's names and defaults.
struct AdagradParams {
  double lr = 1e-2;
  double lr_decay = 0.0;
  double weight_decay = 0.0;
  double initial_accumulator_value = 0.0;
  double eps = 1e-10;
  bool maximize = false;  ///< ascend: the gradient negated first (torch's flag)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<AdagradParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Adagrad (Duchi, Hazan & Singer, 2011) as torch.optim.Adagrad:
///   maximize: g = -g;  g += wd*x;  clr = lr / (1 + (t-1)*lr_decay);  s += g^2;  x -= clr * g /
///   (sqrt(s) + eps).
class Adagrad final : public Optimizer {
 public:
  explicit Adagrad(const AdagradParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, s read; x and s written.
  double bytes_per_parameter() const override { return 40.0; }

 private:
  /// The sum of squares of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> sum;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in adagrad.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  AdagradParams p_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
};

}  // namespace optbench
