#pragma once

#include <optional>

#include <Eigen/Eigenvalues>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Newton and SaddleFreeNewton.
struct NewtonParams {
  double lr = 1.0;       ///< step length along the Newton direction
  double damping = 0.0;  ///< added to every |eigenvalue| (saddle-free) or eigenvalue (plain)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<NewtonParams>>& fields();
  /// The defaults of saddle-free Newton: damping 1e-3 keeps |H| + damping invertible.
  static NewtonParams saddle_free_defaults() {
    NewtonParams p;
    p.damping = 1e-3;
    return p;
  }
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Newton's method on the Hessian's eigen-decomposition H = V diag(l) V^T.
/// Plain (Newton): x -= lr * V diag(1/(l + damping)) V^T g, which is attracted to any critical
/// point, saddles included, because it divides by negative curvature too (directions with a
/// zero eigenvalue are left alone: the pseudo-inverse).
/// Saddle-free (Dauphin et al., 2014, "Identifying and attacking the saddle point problem"):
/// x -= lr * V diag(1/(|l| + damping)) V^T g, which turns negative curvature into descent.
class Newton final : public Optimizer {
 public:
  Newton(const NewtonParams& params, bool saddle_free);
  /// Newton is float64 only: the float32 step() is the base's, which throws std::logic_error.
  using Optimizer::step;
  /// Newton needs the Hessian: a call without it is a programming error.
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool needs_hessian() const override { return true; }
  void step_with_hessian(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad,
                         Eigen::Ref<const Eigen::MatrixXd> hess) override;

 private:
  /// Sizes the float64 workspaces; throws std::logic_error for float32 (no float32 form).
  void allocate(Eigen::Index n, Precision precision) override;

  NewtonParams p_;
  bool saddle_free_;
  // Built in place by allocate(): copying a sized solver reads its uninitialised status (UBSan).
  std::optional<Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>> solver_;
  Eigen::VectorXd projected_;
  Eigen::VectorXd direction_;
};

}  // namespace optbench
