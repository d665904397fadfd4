#pragma once
// One place that derives a run's randomness from (plan, problem, optimizer, seed): every kind
// draws its start point, data, split, initial weights, dropout, batch order and optimizer seed
// from here, so two kinds that share a problem and seed share those numbers.

#include <cstdint>

#include <Eigen/Core>

#include "optbench/config/run_plan.hpp"

namespace optbench {

/// The seeds one run uses. Common random numbers: what depends on the problem (or data set and
/// model) and the seed alone is the same for every optimizer, so comparisons are paired.
struct RunRandomness {
  std::uint64_t start = 0;    ///< start-point noise (function), Newton's starts (critical points)
  std::uint64_t samples = 0;  ///< a synthetic data set's samples; 0 for a data set from a file
  std::uint64_t split = 0;    ///< the train/test split
  std::uint64_t validation = 0;  ///< a tuned config's validation part of the training part
  std::uint64_t init = 0;        ///< the network's initial weights (hidden widths and init only)
  std::uint64_t sharpness = 0;   ///< the fixed training subset sharpness is measured on
  std::uint64_t hessian = 0;     ///< the fixed training subset the Hessian spectrum is taken on
  std::uint64_t dropout = 0;     ///< dropout masks (0 for a plan without optimizers)
  std::uint64_t batches = 0;     ///< minibatch order (0 for a plan without optimizers)
  std::uint64_t optimizer = 0;   ///< the optimizer's own draws (0 for a plan without optimizers)
};

/// The seeds of `run` of `plan`.
RunRandomness run_randomness(const RunPlan& plan, const RunSpec& run);

/// The samples seed of a data-set plan at `seed` (RunRandomness::samples), for a data cache.
std::uint64_t samples_seed(const RunPlan& plan, std::uint64_t seed);

/// The seed of the Hessian spectrum's probe vectors at `epoch`: the same for every optimizer.
std::uint64_t probes_seed(const RunPlan& plan, const RunSpec& run, std::int64_t epoch);

/// The seed of the network critical-point search's start `index`.
std::uint64_t network_start_seed(const RunPlan& plan, const RunSpec& run, int index);

/// A test-function run's start point: the problem's start (zeros without one) plus its
/// start_noise drawn uniformly from the ball, seeded by `randomness.start`.
Eigen::VectorXd start_point(const ProblemInstance& problem, const RunRandomness& randomness);

}  // namespace optbench
