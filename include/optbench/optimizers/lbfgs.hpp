#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of Lbfgs: torch.optim.LBFGS's names and defaults (torch 1.13).
struct LbfgsParams {
  double lr = 1.0;
  std::int64_t max_iter = 20;       ///< iterations per step
  std::int64_t max_eval = 0;        ///< evaluations per step; 0: max_iter * 5 / 4 (torch's None)
  double tolerance_grad = 1e-7;     ///< a step ends once max |g| <= tolerance_grad
  double tolerance_change = 1e-9;   ///< ... or a change of f or x below it
  std::int64_t history_size = 100;  ///< curvature pairs kept
  std::string line_search_fn = "none";  ///< none or strong_wolfe
  bool maximize = false;                ///< maximise f (minimise -f)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<LbfgsParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// L-BFGS (Liu & Nocedal, 1989; Nocedal & Wright, "Numerical Optimization", algorithms 7.4 and
/// 7.5, the strong-Wolfe line search 3.5/3.6) exactly as torch.optim.LBFGS (torch 1.13,
/// itself a port of minFunc): one recorded step is one call of torch's step(closure), i.e. up to
/// max_iter iterations of the two-loop recursion with the scaling H0 = s'y / y'y, a curvature
/// pair kept only where s'y > 1e-10, the first step length min(1, 1/|g|_1) lr, then lr, either
/// fixed (line_search_fn none) or from the strong-Wolfe search (c1 = 1e-4, c2 = 0.9, at most
/// 25 evaluations, cubic interpolation) with torch's stopping tests. Each closure call is one
/// evaluation and one gradient evaluation. torch evaluates f again at the start of every
/// step(closure); where the previous step ended at a point it had not evaluated (no line search,
/// max_iter reached), that call is made at the end of the previous step instead, so the value
/// can be recorded: the counts then run one evaluation ahead of torch's func_evals until the
/// next step (evaluations_ahead()). maximize: true minimises -f (torch 1.13's LBFGS has no such
/// flag; negating f, not only the gradient, keeps the line search's sufficient-decrease test
/// meaningful); the recorded loss stays f.
class Lbfgs final : public Optimizer {
 public:
  explicit Lbfgs(const LbfgsParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool drives_objective() const override { return true; }
  double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;

  /// torch's state['func_evals']: closure calls of the steps so far.
  std::int64_t func_evals() const { return func_evals_; }
  /// torch's state['n_iter']: iterations so far.
  std::int64_t n_iter() const { return n_iter_; }
  /// 1 where the next step's first closure call has been made already (see the class comment).
  std::int64_t evaluations_ahead() const { return pending_ ? 1 : 0; }

 private:
  void allocate(Eigen::Index n, Precision precision) override;
  /// One closure call at x: f (or -f) and its gradient into g.
  double closure(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::VectorXd& g,
                 Objective& objective) const;
  /// torch's _strong_wolfe from x along d; returns the accepted f and updates t, g and the
  /// evaluation count.
  double strong_wolfe(const Eigen::VectorXd& x, double& t, const Eigen::VectorXd& d, double f,
                      Eigen::VectorXd& g, double gtd, std::int64_t& evals, Objective& objective);

  LbfgsParams p_;
  std::int64_t max_eval_;
  // torch's state, kept between steps.
  Eigen::VectorXd d_;
  double t_ = 0.0;
  std::deque<Eigen::VectorXd> old_dirs_;  ///< y
  std::deque<Eigen::VectorXd> old_stps_;  ///< s
  std::deque<double> ro_;
  std::vector<double> al_;
  double h_diag_ = 1.0;
  Eigen::VectorXd prev_flat_grad_;
  std::int64_t n_iter_ = 0;
  std::int64_t func_evals_ = 0;
  // The closure value at the current point, evaluated ahead of the next step.
  bool pending_ = false;
  double pending_loss_ = 0.0;
  Eigen::VectorXd flat_grad_;
  Eigen::VectorXd trial_;
};

}  // namespace optbench
