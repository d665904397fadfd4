#include "global_optimizer_infos.hpp"

#include "optbench/optimizers/declared_optimizer.hpp"
#include "optbench/optimizers/lbfgs.hpp"
#include "optbench/optimizers/population_methods.hpp"
#include "optbench/optimizers/restart_strategies.hpp"
#include "optbench/optimizers/simulated_annealing.hpp"

namespace optbench::detail {

namespace {

template <typename Opt, typename P>
OptimizerInfo plain(std::string name, std::string summary) {
  return declared_optimizer(std::move(name), std::move(summary), P{},
                            [](const P& p) { return std::make_unique<Opt>(p); });
}

template <typename P>
OptimizerInfo made_by(std::string name, std::string summary,
                      std::unique_ptr<Optimizer> (*make)(const P&)) {
  return declared_optimizer(std::move(name), std::move(summary), P{}, make);
}

}  // namespace

OptimizerInfo simulated_annealing_info() {
  return plain<SimulatedAnnealing, SimulatedAnnealingParams>(
      "simulated_annealing",
      "simulated annealing: Metropolis acceptance, geometric or logarithmic cooling "
      "(Kirkpatrick et al. 1983)");
}

OptimizerInfo genetic_info() {
  return made_by<GeneticParams>("genetic", "genetic algorithm (pagmo::sga)", make_genetic);
}

OptimizerInfo cmaes_info() {
  return made_by<CmaesParams>(
      "cmaes", "CMA-ES, covariance matrix adaptation (pagmo::cmaes; Hansen & Ostermeier 2001)",
      make_cmaes);
}

OptimizerInfo differential_evolution_info() {
  return made_by<DifferentialEvolutionParams>(
      "differential_evolution", "differential evolution (pagmo::de; Storn & Price 1997)",
      make_differential_evolution);
}

OptimizerInfo particle_swarm_info() {
  return made_by<ParticleSwarmParams>(
      "particle_swarm", "particle swarm optimization (pagmo::pso; Kennedy & Eberhart 1995)",
      make_particle_swarm);
}

OptimizerInfo multistart_info() {
  return plain<Multistart, MultistartParams>(
      "multistart", "random restarts of a gradient optimizer from points uniform in the box");
}

OptimizerInfo basin_hopping_info() {
  return plain<BasinHopping, BasinHoppingParams>(
      "basin_hopping", "basin hopping around a gradient optimizer (Wales & Doye 1997)");
}

OptimizerInfo lbfgs_info() {
  return plain<Lbfgs, LbfgsParams>(
      "lbfgs", "L-BFGS (torch.optim.LBFGS), optionally with a strong-Wolfe line search");
}

}  // namespace optbench::detail
