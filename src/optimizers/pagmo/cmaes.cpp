// make_cmaes: pagmo::cmaes, one generation per evolve(), the adapted state kept between them.

#include <pagmo/algorithms/cmaes.hpp>

#include "optbench/optimizers/population_methods.hpp"
#include "pagmo_adapter.hpp"

namespace optbench {

std::unique_ptr<Optimizer> make_cmaes(const CmaesParams& p) {
  auto algorithm = std::make_unique<PagmoOptimizer::Algorithm>([p](unsigned seed) {
    // ftol = xtol = 0: pagmo's early exits would return without evaluating anything, a step
    // that costs nothing; optbench's stop rules end the run instead.
    constexpr bool memory = true;
    constexpr bool force_bounds = true;
    return pagmo::algorithm(pagmo::cmaes(1u, p.cc, p.cs, p.c1, p.cmu, p.sigma0, 0.0, 0.0, memory,
                                         force_bounds, seed));
  });
  return std::make_unique<PagmoOptimizer>("cmaes", p.population, std::move(algorithm));
}

}  // namespace optbench
