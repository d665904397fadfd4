#pragma once

#include <array>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Rprop, with torch.optim.Rprop's names and defaults.
struct RpropParams {
  double lr = 1e-2;                              ///< the initial step size of every coordinate
  std::array<double, 2> etas{0.5, 1.2};          ///< (etaminus, etaplus)
  std::array<double, 2> step_sizes{1e-6, 50.0};  ///< (smallest, largest) step size
  bool maximize = false;                         ///< ascend: the gradient negated first

  /// Throws Error(field, message) for a value torch.optim.Rprop refuses (etaminus < 1 < etaplus),
  /// or for step sizes that are negative or in the wrong order, which torch does not check.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<RpropParams>>& fields();
};

/// Rprop, resilient backpropagation (Riedmiller & Braun, 1993), as torch.optim.Rprop: per
/// coordinate, with p = g * g_prev,
///   s = clamp(s * (p > 0 ? etaplus : p < 0 ? etaminus : 1), step_sizes);
///   p < 0: g = 0 (no move after a sign change, and none of it remembered);
///   x -= sign(g) * s;  g_prev = g.
/// The step sizes start at lr on the first step (torch sets them when it first sees the
/// parameter, from the lr in force then); lr changes after that do not reach them.
class Rprop final : public Optimizer {
 public:
  explicit Rprop(const RpropParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, g_prev, s read; x, g_prev, s written.
  double bytes_per_parameter() const override { return 56.0; }

 private:
  /// The previous gradient and the step sizes of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> prev;
    Eigen::VectorX<T> step_size;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in rprop.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  RpropParams p_;
  State<double> state64_;
  State<float> state32_;
  bool first_ = true;
};

}  // namespace optbench
