#pragma once
// Private to src/optimizers: the catalogue entries of the objective-driven methods (global
// strategies, pagmo's population methods, L-BFGS), one line each in register_optimizers.cpp.

#include "optbench/optimizers/optimizer_registry.hpp"

namespace optbench::detail {

OptimizerInfo simulated_annealing_info();
OptimizerInfo genetic_info();
OptimizerInfo cmaes_info();
OptimizerInfo differential_evolution_info();
OptimizerInfo particle_swarm_info();
OptimizerInfo multistart_info();
OptimizerInfo basin_hopping_info();
OptimizerInfo lbfgs_info();

}  // namespace optbench::detail
