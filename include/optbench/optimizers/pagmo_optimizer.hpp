#pragma once
// The adapter that runs a pagmo2 algorithm (genetic algorithm, CMA-ES, differential evolution,
// particle swarm) as an optbench optimizer. pagmo's headers stay in src/optimizers/pagmo/, which
// builds liboptbench_pagmo.

#include <cstdint>
#include <memory>

#include "optbench/optimizers/optimizer.hpp"

namespace optbench {

/// A pagmo2 population method behind the objective-driven interface (Biscani & Izzo, 2020,
/// "A parallel global multiobjective framework for optimization: pagmo", JOSS 5(53), 2338).
/// The problem is the run's Objective over the function's search box (pagmo's problem adapter:
/// fitness is one counted evaluation, bounds are the box). The first population holds the run's
/// start (clamped into the box, evaluated once) and population - 1 points uniform in the box
/// (pagmo's random_decision_vector), drawn from the population seed; a step is one generation:
/// the algorithm's evolve() with gen = 1, which for each of these methods evaluates `population`
/// new points. The algorithm is built afresh for every run, seeded from the run's seed;
/// algorithms with memory between evolve() calls (CMA-ES's adapted covariance, particle swarm's
/// velocities) keep it from one step to the next. The incumbent is pagmo's champion, the best
/// point the population has ever held. pagmo itself runs in liboptbench_pagmo
/// (src/optimizers/pagmo/pagmo_bridge.hpp says why).
class PagmoOptimizer final : public Optimizer {
 public:
  /// The pagmo algorithm's name and parameters (src/optimizers/pagmo/pagmo_spec.hpp).
  struct Spec;

  PagmoOptimizer(std::int64_t population, std::unique_ptr<Spec> spec);
  ~PagmoOptimizer() override;

  void step(Eigen::Ref<Eigen::VectorXd> params, Eigen::Ref<const Eigen::VectorXd> grad) override;
  bool drives_objective() const override { return true; }
  bool uses_gradient() const override { return false; }
  double begin_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  /// One generation; `objective` must be the one begin_with_objective() was given.
  double step_with_objective(Eigen::Ref<Eigen::VectorXd> x, Objective& objective) override;
  void seed(std::uint64_t seed) override { seed_ = seed; }

  /// The seed of the pagmo algorithm of a run seeded `seed` (pagmo's seeds are 32 bits).
  static unsigned algorithm_seed(std::uint64_t seed) { return static_cast<unsigned>(seed); }
  /// The seed of the first population's random members.
  static unsigned population_seed(std::uint64_t seed) { return static_cast<unsigned>(seed >> 32); }

 private:
  void allocate(Eigen::Index n, Precision precision) override;

  struct Run;  ///< the pagmo run of the current optbench run
  std::int64_t population_;
  std::unique_ptr<Spec> spec_;
  std::unique_ptr<Run> run_;
  std::uint64_t seed_ = 0;
  Eigen::Index size_ = 0;
};

}  // namespace optbench
