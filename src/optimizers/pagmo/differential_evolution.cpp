// pagmo::de, one generation per evolve().

#include <pagmo/algorithms/de.hpp>

#include "pagmo_algorithms.hpp"

namespace optbench::pagmo_bridge {

pagmo::algorithm differential_evolution_algorithm(const AlgorithmSpec& spec, unsigned seed) {
  const auto& n = spec.numbers;
  // ftol = xtol = 0: optbench's stop rules end the run, not pagmo's convergence tests.
  return pagmo::algorithm(
      pagmo::de(1u, n.at("F"), n.at("CR"), static_cast<unsigned>(n.at("variant")), 0.0, 0.0, seed));
}

}  // namespace optbench::pagmo_bridge
