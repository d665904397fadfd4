#pragma once
// The names `optbench bench` gives a timing plan's benchmarks.

#include <string>
#include <vector>

#include "optbench/config/run_plan.hpp"

namespace optbench {

/// Benchmark names of a plan's (problem, optimizer) pairs, problems major:
/// "rosenbrock/dim=1000/adam", "digits/hidden=64/batchnorm=before_activation/batch_size=32/adam",
/// plus every id cell that differs between the plan's instances (lr=0.01, ...), so each name is
/// unique.
std::vector<std::string> benchmark_names(const RunPlan& plan);

}  // namespace optbench
