// make_genetic: pagmo::sga, one generation per evolve().

#include <pagmo/algorithms/sga.hpp>

#include "optbench/optimizers/population_methods.hpp"
#include "pagmo_adapter.hpp"

namespace optbench {

std::unique_ptr<Optimizer> make_genetic(const GeneticParams& p) {
  auto algorithm = std::make_unique<PagmoOptimizer::Algorithm>([p](unsigned seed) {
    return pagmo::algorithm(pagmo::sga(1u, p.cr, p.eta_c, p.m, p.param_m,
                                       static_cast<unsigned>(p.param_s), p.crossover, p.mutation,
                                       p.selection, seed));
  });
  return std::make_unique<PagmoOptimizer>("genetic", p.population, std::move(algorithm));
}

}  // namespace optbench
