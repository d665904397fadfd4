// pagmo::pso, one generation per evolve(), the velocities kept between them.

#include <pagmo/algorithms/pso.hpp>

#include "pagmo_algorithms.hpp"

namespace optbench::pagmo_bridge {

pagmo::algorithm particle_swarm_algorithm(const AlgorithmSpec& spec, unsigned seed) {
  const auto& n = spec.numbers;
  constexpr bool memory = true;
  return pagmo::algorithm(pagmo::pso(1u, n.at("omega"), n.at("eta1"), n.at("eta2"), n.at("max_vel"),
                                     static_cast<unsigned>(n.at("variant")),
                                     static_cast<unsigned>(n.at("neighb_type")),
                                     static_cast<unsigned>(n.at("neighb_param")), memory, seed));
}

}  // namespace optbench::pagmo_bridge
