#pragma once

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of ASGD, with torch.optim.ASGD's names and defaults.
struct AsgdParams {
  double lr = 1e-2;
  double lambd = 1e-4;  ///< decay term
  double alpha = 0.75;  ///< power of the eta update
  double t0 = 1e6;      ///< the step after which averaging starts
  double weight_decay = 0.0;
  bool maximize = false;  ///< ascend: the gradient negated first

  /// Throws Error(field, message) for a value torch.optim.ASGD refuses, or a negative lambd,
  /// which torch accepts until its eta update takes a power of a negative number.
  void validate() const;

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<AsgdParams>>& fields();
};

/// Averaged SGD (Polyak & Juditsky, 1992; the schedule of Bottou, 2012) as torch.optim.ASGD:
///   g += wd*x;  x *= 1 - lambd*eta;  x -= eta*g;
///   ax = x while mu = 1, else ax += mu*(x - ax);
///   then eta = lr/(1 + lambd*lr*t)^alpha and mu = 1/max(1, t - t0) for the next step
///   (eta starts at lr). The iterate x is what the run follows; ax, the average torch keeps in
///   its state, is averaged_params().
class Asgd final : public Optimizer {
 public:
  explicit Asgd(const AsgdParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  void step(Eigen::Ref<Eigen::VectorXf> params, Eigen::Ref<const Eigen::VectorXf> grad) override;
  bool supports_float32() const override { return true; }
  /// x, g, ax read; x, ax written (while mu = 1 ax is written without a read, but a store to a
  /// line not in cache reads it first).
  double bytes_per_parameter() const override { return 40.0; }

  /// The averaged iterate of the float64 state (torch's state['ax']).
  const Eigen::VectorXd& averaged_params() const { return state64_.ax; }
  /// The averaged iterate of the float32 state.
  const Eigen::VectorXf& averaged_params_float32() const { return state32_.ax; }

 private:
  /// The averaged iterate of one precision.
  template <typename T>
  struct State {
    Eigen::VectorX<T> ax;
    Eigen::Index n = -1;  ///< parameters reset() sized this state for; -1: not reset
  };

  void allocate(Eigen::Index n, Precision precision) override;
  /// The one fused update behind both step() overloads; defined in asgd.cpp, inlined into each.
  template <typename T>
  inline void update(Eigen::Index n, T* x, const T* g, State<T>& state);

  AsgdParams p_;
  State<double> state64_;
  State<float> state32_;
  long long t_ = 0;
  double eta_ = 0.0;  ///< the step of the next update (lr on the first)
  double mu_ = 1.0;   ///< the averaging weight of the next update
};

}  // namespace optbench
