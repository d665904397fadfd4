#pragma once

#include <cstdint>
#include <string>

#include "optbench/core/random.hpp"
#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// Hyperparameters of SimulatedAnnealing (names as in Kirkpatrick et al. and Aarts & Korst).
struct SimulatedAnnealingParams {
  double T0 = 1.0;                    ///< initial temperature T_0
  std::string cooling = "geometric";  ///< geometric or logarithmic
  double alpha = 0.95;                ///< geometric cooling factor: T_k = T_0 alpha^k
  std::string proposal = "gaussian";  ///< gaussian or uniform
  double step_size = 0.1;             ///< proposal scale, a fraction of each coordinate's box width
  std::int64_t chain_length = 10;     ///< L: proposals per temperature level (one recorded step)
  std::int64_t reheat_every = 0;      ///< levels between reheats to T_0 (0: never)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<SimulatedAnnealingParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};

/// Whether the Metropolis rule accepts a move that changes f by `delta` at `temperature`, given
/// u uniform in [0, 1): always when delta <= 0, else when u < exp(-delta / temperature) (never
/// at temperature 0). Metropolis et al. (1953); Kirkpatrick, Gelatt & Vecchi (1983).
bool metropolis_accept(double delta, double temperature, double u);

/// Simulated annealing (Kirkpatrick, Gelatt & Vecchi, 1983, "Optimization by simulated
/// annealing"). One recorded step is one temperature level k: `chain_length` proposals
/// y = x + s * xi, with s = step_size (upper - lower) per coordinate and xi ~ N(0, I) (gaussian)
/// or uniform in [-1, 1]^D (uniform); a proposal outside the search box is rejected without an
/// evaluation (so the chain's stationary law is the Boltzmann distribution exp(-f/T) restricted
/// to the box), one inside costs one evaluation and is accepted by metropolis_accept() with
/// u drawn for every evaluated proposal. After the level the temperature falls: geometric
/// T_k = T_0 alpha^k (Kirkpatrick et al.), or logarithmic T_k = T_0 / ln(e + k) (Geman & Geman,
/// 1984: the schedule under which annealing provably reaches the global minimum, slowly).
/// With reheat_every = R > 0, k returns to 0 (T = T_0) every R levels, the chain going on from
/// where it is. The start is clamped into the box; the incumbent (best point evaluated) is what
/// the run reports, the chain's own state is state().
class SimulatedAnnealing final : public Optimizer {
 public:
  explicit SimulatedAnnealing(const SimulatedAnnealingParams& params);
  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool drives_objective() const override { return true; }
  bool uses_gradient() const override { return false; }
  double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  void seed(std::uint64_t seed) override { rng_ = Rng(seed); }

  /// The temperature of level k (before reheats).
  double temperature(std::int64_t level) const;
  /// The chain's current state and its value.
  const Eigen::VectorXd& state() const { return current_; }
  double state_value() const { return current_value_; }
  /// Proposals evaluated and accepted so far.
  std::int64_t evaluated() const { return evaluated_; }
  std::int64_t accepted() const { return accepted_; }

 private:
  void allocate(Eigen::Index n, Precision precision) override;

  SimulatedAnnealingParams p_;
  Rng rng_{0};
  Eigen::VectorXd current_;
  Eigen::VectorXd best_;
  Eigen::VectorXd candidate_;
  Eigen::VectorXd scale_;
  double current_value_ = 0.0;
  double best_value_ = 0.0;
  std::int64_t level_ = 0;
  std::int64_t evaluated_ = 0;
  std::int64_t accepted_ = 0;
};

}  // namespace optbench
