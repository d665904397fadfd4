// The pagmo specs of the population methods; liboptbench_pagmo builds the algorithms.

#include "optbench/optimizers/population_methods.hpp"

#include "optbench/optimizers/pagmo_optimizer.hpp"
#include "pagmo/pagmo_spec.hpp"

namespace optbench {

namespace {

std::unique_ptr<Optimizer> pagmo_optimizer(std::int64_t population,
                                           pagmo_bridge::AlgorithmSpec algorithm) {
  auto spec = std::make_unique<PagmoOptimizer::Spec>();
  spec->algorithm = std::move(algorithm);
  return std::make_unique<PagmoOptimizer>(population, std::move(spec));
}

}  // namespace

std::unique_ptr<Optimizer> make_genetic(const GeneticParams& p) {
  return pagmo_optimizer(
      p.population,
      {"genetic",
       {{"cr", p.cr},
        {"eta_c", p.eta_c},
        {"m", p.m},
        {"param_m", p.param_m},
        {"param_s", static_cast<double>(p.param_s)}},
       {{"crossover", p.crossover}, {"mutation", p.mutation}, {"selection", p.selection}}});
}

std::unique_ptr<Optimizer> make_cmaes(const CmaesParams& p) {
  return pagmo_optimizer(
      p.population,
      {"cmaes",
       {{"cc", p.cc}, {"cs", p.cs}, {"c1", p.c1}, {"cmu", p.cmu}, {"sigma0", p.sigma0}},
       {}});
}

std::unique_ptr<Optimizer> make_differential_evolution(const DifferentialEvolutionParams& p) {
  return pagmo_optimizer(p.population,
                         {"differential_evolution",
                          {{"F", p.F}, {"CR", p.CR}, {"variant", static_cast<double>(p.variant)}},
                          {}});
}

std::unique_ptr<Optimizer> make_particle_swarm(const ParticleSwarmParams& p) {
  return pagmo_optimizer(p.population, {"particle_swarm",
                                        {{"omega", p.omega},
                                         {"eta1", p.eta1},
                                         {"eta2", p.eta2},
                                         {"max_vel", p.max_vel},
                                         {"variant", static_cast<double>(p.variant)},
                                         {"neighb_type", static_cast<double>(p.neighb_type)},
                                         {"neighb_param", static_cast<double>(p.neighb_param)}},
                                        {}});
}

}  // namespace optbench
