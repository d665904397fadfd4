#pragma once
// The population methods optbench takes from pagmo2, each with pagmo's own parameter names and
// defaults (src/optimizers/pagmo/<method>.cpp builds the pagmo algorithm).

#include <cstdint>
#include <memory>
#include <string>

#include "optbench/optimizers/optimizer.hpp"
#include "optbench/optimizers/param_fields.hpp"

namespace optbench {

/// pagmo::sga, a simple genetic algorithm (Holland, 1975; Goldberg, 1989; Deb & Agrawal's SBX and
/// polynomial mutation, 1995): selection, crossover with probability cr, mutation with
/// probability m per gene, the offspring replacing the parents.
struct GeneticParams {
  std::int64_t population = 20;
  double cr = 0.9;                        ///< crossover probability
  double eta_c = 1.0;                     ///< distribution index of SBX crossover
  double m = 0.02;                        ///< mutation probability per gene
  double param_m = 1.0;                   ///< distribution index (polynomial) or width (others)
  std::int64_t param_s = 2;               ///< tournament size (tournament) or kept best (truncated)
  std::string crossover = "exponential";  ///< exponential, binomial, sbx or single
  std::string mutation = "polynomial";    ///< gaussian, uniform or polynomial
  std::string selection = "tournament";   ///< tournament or truncated

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<GeneticParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};
std::unique_ptr<Optimizer> make_genetic(const GeneticParams& params);

/// pagmo::cmaes, the covariance matrix adaptation evolution strategy (Hansen & Ostermeier, 2001;
/// Hansen, 2016, "The CMA Evolution Strategy: A Tutorial"): lambda = population samples from
/// N(mean, sigma^2 C) per generation, mean, C and sigma adapted from the best half. The
/// learning rates cc, cs, c1, cmu are Hansen's defaults where -1. Samples are clipped into the
/// box (force_bounds), and the adapted state carries over from one generation to the next.
struct CmaesParams {
  std::int64_t population = 20;
  double cc = -1.0;     ///< backward time horizon of the evolution path (-1: automatic)
  double cs = -1.0;     ///< makes partly up for the small variance loss (-1: automatic)
  double c1 = -1.0;     ///< learning rate of the rank-one update (-1: automatic)
  double cmu = -1.0;    ///< learning rate of the rank-mu update (-1: automatic)
  double sigma0 = 0.5;  ///< initial step size, as a fraction of the box width

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<CmaesParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};
std::unique_ptr<Optimizer> make_cmaes(const CmaesParams& params);

/// pagmo::de, differential evolution (Storn & Price, 1997): each member is crossed with a
/// mutant built from scaled differences of other members (variant 1..10: best/1/exp,
/// rand/1/exp, rand-to-best/1/exp, best/2/exp, rand/2/exp, and the same five with binomial
/// crossover), the better of the two kept.
struct DifferentialEvolutionParams {
  std::int64_t population = 20;
  double F = 0.8;            ///< weight of the differences
  double CR = 0.9;           ///< crossover probability
  std::int64_t variant = 2;  ///< mutation variant (2: rand/1/exp)

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<DifferentialEvolutionParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};
std::unique_ptr<Optimizer> make_differential_evolution(const DifferentialEvolutionParams& params);

/// pagmo::pso, particle swarm optimization (Kennedy & Eberhart, 1995; Poli, Kennedy & Blackwell,
/// 2007): particles move with an inertia (or constriction) omega toward their own best and
/// their neighbourhood's best, weighted eta1 and eta2. pagmo's pso starts each evolve() call
/// from the particles' best positions (the population it keeps) with the velocities kept.
struct ParticleSwarmParams {
  std::int64_t population = 20;
  double omega = 0.7298;          ///< inertia weight or constriction factor
  double eta1 = 2.05;             ///< social component
  double eta2 = 2.05;             ///< cognitive component
  double max_vel = 0.5;           ///< maximum velocity, as a fraction of the box width
  std::int64_t variant = 5;       ///< velocity update variant 1..6 (5: constriction factor)
  std::int64_t neighb_type = 2;   ///< topology: 1 gbest, 2 lbest, 3 Von Neumann, 4 adaptive random
  std::int64_t neighb_param = 4;  ///< neighbourhood size

  /// The table every hyperparameter is declared in, with its range and help (param_fields.hpp).
  static const std::vector<ParamField<ParticleSwarmParams>>& fields();
  /// Throws Error(field, message) for a value outside its declared range.
  void validate() const;
};
std::unique_ptr<Optimizer> make_particle_swarm(const ParticleSwarmParams& params);

}  // namespace optbench
