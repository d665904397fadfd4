#pragma once
// Global strategies built on any first-order optimizer of the registry: multistart and basin
// hopping. The local optimizer is named by its text (optimizer_registry.hpp's optimizer_text).

#include <cstdint>
#include <memory>
#include <string>

#include "optbench/core/random.hpp"
#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

namespace detail {
class LocalDescent;
}

/// Hyperparameters of Multistart.
struct MultistartParams {
  std::string local = "adam";      ///< the local optimizer (optimizer_text)
  std::int64_t local_steps = 200;  ///< steps of one descent
  double gtol = 1e-8;              ///< a descent also ends at a gradient norm <= gtol

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<MultistartParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Multistart (random restarts; e.g. Boender, Rinnooy Kan, Timmer & Stougie, 1982): a descent of
/// the local optimizer from the run's start, then from points uniform in the search box, each
/// for local_steps steps or until the gradient norm is <= gtol (or f is not finite). One
/// recorded step is one local step: one evaluation and one gradient evaluation, and one more of
/// each where it starts the next descent. The incumbent is the best point evaluated.
class Multistart final : public Optimizer {
 public:
  explicit Multistart(const MultistartParams& params);
  ~Multistart() override;
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool drives_objective() const override { return true; }
  double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  void seed(std::uint64_t seed) override;
  /// Descents started so far (1 after begin_with_objective).
  std::int64_t descents() const { return descents_; }

 private:
  void allocate(Eigen::Index n, Precision precision) override;

  MultistartParams p_;
  std::unique_ptr<detail::LocalDescent> descent_;
  Rng rng_{0};
  Eigen::VectorXd best_;
  Eigen::VectorXd restart_;
  double best_value_ = 0.0;
  std::int64_t descents_ = 0;
};

/// Hyperparameters of BasinHopping (names as in scipy.optimize.basinhopping).
struct BasinHoppingParams {
  std::string local = "adam";      ///< the local optimizer (optimizer_text)
  std::int64_t hops = 100;         ///< perturbation-and-descent cycles (scipy's niter)
  double step = 0.5;               ///< displacement: uniform in [-step, step] per coordinate
  double T = 1.0;                  ///< temperature of the Metropolis test between minima
  std::int64_t local_steps = 200;  ///< steps of one descent
  double gtol = 1e-8;              ///< a descent also ends at a gradient norm <= gtol

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<BasinHoppingParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Basin hopping (Wales & Doye, 1997, "Global optimization by basin-hopping and the
/// lowest-energy structures of Lennard-Jones clusters"; Li & Scheraga, 1987): descend from the
/// start to a minimum; then, `hops` times, displace the last accepted minimum uniformly by up to
/// `step` per coordinate, descend again, and accept the new minimum by the Metropolis rule at
/// temperature T (metropolis_accept). A descent is local_steps steps of the local optimizer, or
/// fewer where the gradient norm falls to gtol. After the last hop the local optimizer keeps
/// descending from the last accepted minimum. One recorded step is one local step (one
/// evaluation and one gradient evaluation, one more of each at a displaced start); the
/// incumbent is the best point evaluated. The box is not imposed, as for any gradient method.
class BasinHopping final : public Optimizer {
 public:
  explicit BasinHopping(const BasinHoppingParams& params);
  ~BasinHopping() override;
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool drives_objective() const override { return true; }
  double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  void seed(std::uint64_t seed) override;
  /// Hops made and accepted so far.
  std::int64_t hops_made() const { return hops_made_; }
  std::int64_t hops_accepted() const { return hops_accepted_; }

 private:
  void allocate(Eigen::Index n, Precision precision) override;

  BasinHoppingParams p_;
  std::unique_ptr<detail::LocalDescent> descent_;
  Rng rng_{0};
  Eigen::VectorXd best_;
  Eigen::VectorXd anchor_;  ///< the last accepted minimum
  Eigen::VectorXd trial_;
  double best_value_ = 0.0;
  double anchor_value_ = 0.0;
  bool anchored_ = false;  ///< the first descent has ended
  std::int64_t hops_made_ = 0;
  std::int64_t hops_accepted_ = 0;
};

}  // namespace optbench
