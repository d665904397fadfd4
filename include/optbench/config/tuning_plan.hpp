#pragma once
// The two phases of a tuned config (tune:): the trials, each optimizer's sampled settings run on
// the tuning seeds, and the final runs of the chosen settings on fresh seeds. Both are ordinary
// ExperimentSpecs, so they expand, run, resume and verify as any other sweep.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "optbench/config/experiment_spec.hpp"

namespace optbench {

/// The first `count` points of Boost.Random's Sobol sequence in [0, 1)^dims (Joe & Kuo's
/// direction numbers; Boost leaves out the all-zero first point).
std::vector<std::vector<double>> sobol_points(std::size_t dims, std::size_t count);

/// The points in [0, 1)^dims a method gives trials 0 .. trials-1 of one optimizer entry: Sobol
/// points moved by a seeded random shift modulo 1 (quasi_random) or seeded uniform draws (random).
std::vector<std::vector<double>> unit_points(TuneSpec::Method method, std::size_t dims,
                                             std::size_t trials, std::uint64_t seed);

/// The value of a search space at u in [0, 1): uniform, log-uniform, a whole number or a list
/// element, each inside the space's bounds.
Setting space_value(const SearchSpace& space, double u);

/// The tuning phase of `spec` (which has tune:): each optimizer entry becomes tune.trials
/// entries (trial 0, 1, ...) with its search spaces set to the sampled values, run on the tuning
/// seeds; classification evaluates on the validation part. Throws Error located at the entry
/// when a grid has fewer points than tune.trials.
ExperimentSpec tuning_spec(const ExperimentSpec& spec);

/// The final phase: for problem instance p and optimizer entry e, the trial
/// chosen[p * entries + e] of tuning_spec(spec), run on the final seeds 0 .. final_seeds-1.
ExperimentSpec final_spec(const ExperimentSpec& spec, const std::vector<std::size_t>& chosen,
                          std::size_t problem_instances);

}  // namespace optbench
