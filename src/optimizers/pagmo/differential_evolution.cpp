// make_differential_evolution: pagmo::de, one generation per evolve().

#include <pagmo/algorithms/de.hpp>

#include "optbench/optimizers/population_methods.hpp"
#include "pagmo_adapter.hpp"

namespace optbench {

std::unique_ptr<Optimizer> make_differential_evolution(const DifferentialEvolutionParams& p) {
  auto algorithm = std::make_unique<PagmoOptimizer::Algorithm>([p](unsigned seed) {
    // ftol = xtol = 0: optbench's stop rules end the run, not pagmo's convergence tests.
    return pagmo::algorithm(
        pagmo::de(1u, p.F, p.CR, static_cast<unsigned>(p.variant), 0.0, 0.0, seed));
  });
  return std::make_unique<PagmoOptimizer>("differential_evolution", p.population,
                                          std::move(algorithm));
}

}  // namespace optbench
