// make_particle_swarm: pagmo::pso, one generation per evolve(), the velocities kept between them.

#include <pagmo/algorithms/pso.hpp>

#include "optbench/optimizers/population_methods.hpp"
#include "pagmo_adapter.hpp"

namespace optbench {

std::unique_ptr<Optimizer> make_particle_swarm(const ParticleSwarmParams& p) {
  auto algorithm = std::make_unique<PagmoOptimizer::Algorithm>([p](unsigned seed) {
    constexpr bool memory = true;
    return pagmo::algorithm(pagmo::pso(1u, p.omega, p.eta1, p.eta2, p.max_vel,
                                       static_cast<unsigned>(p.variant),
                                       static_cast<unsigned>(p.neighb_type),
                                       static_cast<unsigned>(p.neighb_param), memory, seed));
  });
  return std::make_unique<PagmoOptimizer>("particle_swarm", p.population, std::move(algorithm));
}

}  // namespace optbench
