// The pagmo specs of the population methods; liboptbench_pagmo builds the algorithms.

#include "optbench/optimizers/population_methods.hpp"

#include <string>
#include <utility>

#include "optbench/core/error.hpp"
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

// pagmo's own lower bounds on the population: de and cmaes draw 5 distinct members, sga pairs
// parents.
template <typename P>
ParamField<P> population_field(double min) {
  return field("population", &P::population, at_least(min), "individuals per generation");
}

// cmaes's rates: -1 leaves the rate to Hansen's formula.
ParamField<CmaesParams> rate(std::string name, double CmaesParams::*member,
                             const std::string& help) {
  return field(std::move(name), member, within(-1.0, 1.0), help + " (-1: Hansen's default)");
}

}  // namespace

const std::vector<ParamField<GeneticParams>>& GeneticParams::fields() {
  static const std::vector<ParamField<GeneticParams>> table{
      population_field<GeneticParams>(2.0),
      field("cr", &GeneticParams::cr, within(0.0, 1.0), "crossover probability"),
      field("eta_c", &GeneticParams::eta_c, within(1.0, 100.0),
            "distribution index of sbx crossover"),
      field("m", &GeneticParams::m, within(0.0, 1.0), "mutation probability per gene"),
      field("param_m", &GeneticParams::param_m, within(0.0, 100.0),
            "mutation distribution index (polynomial: [1, 100]) or width ([0, 1])"),
      field("param_s", &GeneticParams::param_s, at_least(1.0),
            "tournament size, or the best kept (truncated); <= population"),
      field("crossover", &GeneticParams::crossover, {"exponential", "binomial", "sbx", "single"},
            "crossover operator"),
      field("mutation", &GeneticParams::mutation, {"gaussian", "uniform", "polynomial"},
            "mutation operator"),
      field("selection", &GeneticParams::selection, {"tournament", "truncated"},
            "selection operator")};
  return table;
}

void GeneticParams::validate() const {
  check_fields(*this);
  if (param_s > population) {
    throw Error("param_s", "the selection parameter " + std::to_string(param_s) +
                               " exceeds the population " + std::to_string(population));
  }
  if (crossover == "sbx" && population % 2 != 0) {
    throw Error("population",
                "sbx crossover pairs the individuals: the population must be even, got " +
                    std::to_string(population));
  }
  if (mutation == "polynomial" ? param_m < 1.0 : param_m > 1.0) {
    throw Error("param_m", mutation == "polynomial"
                               ? "polynomial mutation needs a distribution index in [1, 100]"
                               : mutation + " mutation needs a width in [0, 1]");
  }
}

const std::vector<ParamField<CmaesParams>>& CmaesParams::fields() {
  static const std::vector<ParamField<CmaesParams>> table{
      population_field<CmaesParams>(5.0),
      rate("cc", &CmaesParams::cc, "backward time horizon of the evolution path"),
      rate("cs", &CmaesParams::cs, "makes partly up for the small variance loss"),
      rate("c1", &CmaesParams::c1, "learning rate of the rank-one update"),
      rate("cmu", &CmaesParams::cmu, "learning rate of the rank-mu update"),
      field("sigma0", &CmaesParams::sigma0, above(0.0),
            "initial step size, a fraction of the box width")};
  return table;
}

void CmaesParams::validate() const {
  check_fields(*this);
  const std::pair<const char*, double> rates[] = {{"cc", cc}, {"cs", cs}, {"c1", c1}, {"cmu", cmu}};
  for (const auto& [key, v] : rates) {
    if (v != -1.0 && v < 0.0) throw Error(key, "must be -1 (automatic) or in [0, 1]");
  }
}

const std::vector<ParamField<DifferentialEvolutionParams>>& DifferentialEvolutionParams::fields() {
  static const std::vector<ParamField<DifferentialEvolutionParams>> table{
      population_field<DifferentialEvolutionParams>(5.0),
      field("F", &DifferentialEvolutionParams::F, within(0.0, 1.0),
            "weight of the difference vectors"),
      field("CR", &DifferentialEvolutionParams::CR, within(0.0, 1.0), "crossover probability"),
      field("variant", &DifferentialEvolutionParams::variant, within(1.0, 10.0),
            "mutation variant: 1 best/1/exp, 2 rand/1/exp, 3 rand-to-best/1/exp, "
            "4 best/2/exp, 5 rand/2/exp, 6..10 the same with binomial crossover")};
  return table;
}

void DifferentialEvolutionParams::validate() const {
  check_fields(*this);
}

const std::vector<ParamField<ParticleSwarmParams>>& ParticleSwarmParams::fields() {
  static const std::vector<ParamField<ParticleSwarmParams>> table{
      population_field<ParticleSwarmParams>(2.0),
      field("omega", &ParticleSwarmParams::omega, within(0.0, 1.0),
            "inertia weight or constriction factor"),
      field("eta1", &ParticleSwarmParams::eta1, within(0.0, 4.0), "social component"),
      field("eta2", &ParticleSwarmParams::eta2, within(0.0, 4.0), "cognitive component"),
      field("max_vel", &ParticleSwarmParams::max_vel, within(0.0, 1.0, true),
            "maximum velocity, a fraction of the box width"),
      field("variant", &ParticleSwarmParams::variant, within(1.0, 6.0),
            "velocity update variant (5: constriction factor)"),
      field("neighb_type", &ParticleSwarmParams::neighb_type, within(1.0, 4.0),
            "topology: 1 gbest, 2 lbest, 3 Von Neumann, 4 adaptive random"),
      field("neighb_param", &ParticleSwarmParams::neighb_param, at_least(1.0),
            "neighbourhood size")};
  return table;
}

void ParticleSwarmParams::validate() const {
  check_fields(*this);
}

std::unique_ptr<Optimizer> make_genetic(const GeneticParams& p) {
  p.validate();
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
  p.validate();
  return pagmo_optimizer(
      p.population,
      {"cmaes",
       {{"cc", p.cc}, {"cs", p.cs}, {"c1", p.c1}, {"cmu", p.cmu}, {"sigma0", p.sigma0}},
       {}});
}

std::unique_ptr<Optimizer> make_differential_evolution(const DifferentialEvolutionParams& p) {
  p.validate();
  return pagmo_optimizer(p.population,
                         {"differential_evolution",
                          {{"F", p.F}, {"CR", p.CR}, {"variant", static_cast<double>(p.variant)}},
                          {}});
}

std::unique_ptr<Optimizer> make_particle_swarm(const ParticleSwarmParams& p) {
  p.validate();
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
