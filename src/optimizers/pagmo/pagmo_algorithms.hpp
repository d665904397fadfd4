#pragma once
// Private to liboptbench_pagmo: one function per pagmo algorithm, each in its own file, building
// the algorithm (gen = 1) from optbench's spec.

#include <pagmo/algorithm.hpp>

#include "pagmo_bridge.hpp"

namespace optbench::pagmo_bridge {

pagmo::algorithm genetic_algorithm(const AlgorithmSpec& spec, unsigned seed);
pagmo::algorithm cmaes_algorithm(const AlgorithmSpec& spec, unsigned seed);
pagmo::algorithm differential_evolution_algorithm(const AlgorithmSpec& spec, unsigned seed);
pagmo::algorithm particle_swarm_algorithm(const AlgorithmSpec& spec, unsigned seed);

}  // namespace optbench::pagmo_bridge
