#include "global_optimizer_infos.hpp"

#include <limits>

#include "optbench/core/error.hpp"
#include "optbench/optimizers/lbfgs.hpp"
#include "optbench/optimizers/population_methods.hpp"
#include "optbench/optimizers/restart_strategies.hpp"
#include "optbench/optimizers/simulated_annealing.hpp"

namespace optbench::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

ParamSpec real(std::string name, double value, double min, double max, std::string help,
               bool min_open = false) {
  return number_param(std::move(name), SettingType::Real, value, min, max, std::move(help),
                      min_open);
}

ParamSpec whole(std::string name, std::int64_t value, double min, double max, std::string help) {
  return number_param(std::move(name), SettingType::Integer, value, min, max, std::move(help));
}

// pagmo's own lower bounds on the population: de and cmaes draw 5 distinct members, sga pairs
// parents.
ParamSpec population(std::int64_t min) {
  return whole("population", 20, static_cast<double>(min), kInf, "individuals per generation");
}

// `local:` of the restart strategies: a first-order gradient optimizer of the registry.
ParamSpec local_optimizer() {
  return text_param("local", "adam", {},
                    "the local gradient optimizer: a name or a map such as {name: adam, lr: 0.01}");
}

void check_local(const Settings& s) {
  std::unique_ptr<Optimizer> local;
  std::string name;
  try {
    auto parsed = parse_optimizer_text(s.text("local"));
    name = parsed.first;
    local = find_optimizer(name).make(parsed.second);
  } catch (const Error& e) {
    throw Error("local", e.keypath() + ": " + e.message());
  }
  if (local->drives_objective() || local->needs_hessian()) {
    throw Error("local", name +
                             (local->drives_objective() ? " evaluates the function itself"
                                                        : " needs the Hessian") +
                             "; the local optimizer must be a first-order gradient method "
                             "(sgd, momentum, adam, ...)");
  }
}

}  // namespace

OptimizerInfo simulated_annealing_info() {
  OptimizerInfo info;
  info.name = "simulated_annealing";
  info.summary =
      "simulated annealing: Metropolis acceptance, geometric or logarithmic cooling "
      "(Kirkpatrick et al. 1983)";
  info.params = {
      real("T0", 1.0, 0.0, kInf, "initial temperature", true),
      text_param("cooling", "geometric", {"geometric", "logarithmic"},
                 "T_k = T0 alpha^k, or T_k = T0 / ln(e + k)"),
      real("alpha", 0.95, 0.0, 1.0, "geometric cooling factor per level", true),
      text_param("proposal", "gaussian", {"gaussian", "uniform"},
                 "x + step_size (box width) N(0, I), or uniform in [-1, 1] per coordinate"),
      real("step_size", 0.1, 0.0, kInf, "proposal scale, a fraction of each coordinate's box width",
           true),
      whole("chain_length", 10, 1.0, kInf, "proposals per temperature level (one step)"),
      whole("reheat_every", 0, 0.0, kInf, "levels between reheats to T0 (0: never)")};
  info.make = [](const Settings& s) {
    return std::make_unique<SimulatedAnnealing>(SimulatedAnnealingParams{
        s.real("T0"), s.text("cooling"), s.real("alpha"), s.text("proposal"), s.real("step_size"),
        s.integer("chain_length"), s.integer("reheat_every")});
  };
  return info;
}

OptimizerInfo genetic_info() {
  OptimizerInfo info;
  info.name = "genetic";
  info.summary = "genetic algorithm (pagmo::sga)";
  info.params = {
      population(2),
      real("cr", 0.9, 0.0, 1.0, "crossover probability"),
      real("eta_c", 1.0, 1.0, 100.0, "distribution index of sbx crossover"),
      real("m", 0.02, 0.0, 1.0, "mutation probability per gene"),
      real("param_m", 1.0, 0.0, 100.0,
           "mutation distribution index (polynomial: [1, 100]) or width ([0, 1])"),
      whole("param_s", 2, 1.0, kInf,
            "tournament size, or the best kept (truncated); <= population"),
      text_param("crossover", "exponential", {"exponential", "binomial", "sbx", "single"},
                 "crossover operator"),
      text_param("mutation", "polynomial", {"gaussian", "uniform", "polynomial"},
                 "mutation operator"),
      text_param("selection", "tournament", {"tournament", "truncated"}, "selection operator")};
  info.check = [](const Settings& s) {
    const std::int64_t n = s.integer("population");
    if (s.integer("param_s") > n) {
      throw Error("param_s", "the selection parameter " + std::to_string(s.integer("param_s")) +
                                 " exceeds the population " + std::to_string(n));
    }
    if (s.text("crossover") == "sbx" && n % 2 != 0) {
      throw Error("population",
                  "sbx crossover pairs the individuals: the population must be "
                  "even, got " +
                      std::to_string(n));
    }
    const double param_m = s.real("param_m");
    if (s.text("mutation") == "polynomial" ? param_m < 1.0 : param_m > 1.0) {
      throw Error("param_m", s.text("mutation") == "polynomial"
                                 ? "polynomial mutation needs a distribution index in [1, 100]"
                                 : s.text("mutation") + " mutation needs a width in [0, 1]");
    }
  };
  info.make = [](const Settings& s) {
    return make_genetic(GeneticParams{
        s.integer("population"), s.real("cr"), s.real("eta_c"), s.real("m"), s.real("param_m"),
        s.integer("param_s"), s.text("crossover"), s.text("mutation"), s.text("selection")});
  };
  return info;
}

OptimizerInfo cmaes_info() {
  OptimizerInfo info;
  info.name = "cmaes";
  info.summary = "CMA-ES, covariance matrix adaptation (pagmo::cmaes; Hansen & Ostermeier 2001)";
  const auto rate = [](std::string name, const std::string& help) {
    return real(std::move(name), -1.0, -1.0, 1.0, help + " (-1: Hansen's default)");
  };
  info.params = {
      population(5),
      rate("cc", "backward time horizon of the evolution path"),
      rate("cs", "makes partly up for the small variance loss"),
      rate("c1", "learning rate of the rank-one update"),
      rate("cmu", "learning rate of the rank-mu update"),
      real("sigma0", 0.5, 0.0, kInf, "initial step size, a fraction of the box width", true)};
  info.check = [](const Settings& s) {
    for (const char* key : {"cc", "cs", "c1", "cmu"}) {
      const double v = s.real(key);
      if (v != -1.0 && v < 0.0) throw Error(key, "must be -1 (automatic) or in [0, 1]");
    }
  };
  info.make = [](const Settings& s) {
    return make_cmaes(CmaesParams{s.integer("population"), s.real("cc"), s.real("cs"), s.real("c1"),
                                  s.real("cmu"), s.real("sigma0")});
  };
  return info;
}

OptimizerInfo differential_evolution_info() {
  OptimizerInfo info;
  info.name = "differential_evolution";
  info.summary = "differential evolution (pagmo::de; Storn & Price 1997)";
  info.params = {population(5), real("F", 0.8, 0.0, 1.0, "weight of the difference vectors"),
                 real("CR", 0.9, 0.0, 1.0, "crossover probability"),
                 whole("variant", 2, 1.0, 10.0,
                       "mutation variant: 1 best/1/exp, 2 rand/1/exp, 3 rand-to-best/1/exp, "
                       "4 best/2/exp, 5 rand/2/exp, 6..10 the same with binomial crossover")};
  info.make = [](const Settings& s) {
    return make_differential_evolution(DifferentialEvolutionParams{
        s.integer("population"), s.real("F"), s.real("CR"), s.integer("variant")});
  };
  return info;
}

OptimizerInfo particle_swarm_info() {
  OptimizerInfo info;
  info.name = "particle_swarm";
  info.summary = "particle swarm optimization (pagmo::pso; Kennedy & Eberhart 1995)";
  info.params = {
      population(2),
      real("omega", 0.7298, 0.0, 1.0, "inertia weight or constriction factor"),
      real("eta1", 2.05, 0.0, 4.0, "social component"),
      real("eta2", 2.05, 0.0, 4.0, "cognitive component"),
      real("max_vel", 0.5, 0.0, 1.0, "maximum velocity, a fraction of the box width", true),
      whole("variant", 5, 1.0, 6.0, "velocity update variant (5: constriction factor)"),
      whole("neighb_type", 2, 1.0, 4.0,
            "topology: 1 gbest, 2 lbest, 3 Von Neumann, 4 adaptive random"),
      whole("neighb_param", 4, 1.0, kInf, "neighbourhood size")};
  info.make = [](const Settings& s) {
    return make_particle_swarm(ParticleSwarmParams{
        s.integer("population"), s.real("omega"), s.real("eta1"), s.real("eta2"), s.real("max_vel"),
        s.integer("variant"), s.integer("neighb_type"), s.integer("neighb_param")});
  };
  return info;
}

OptimizerInfo multistart_info() {
  OptimizerInfo info;
  info.name = "multistart";
  info.summary = "random restarts of a gradient optimizer from points uniform in the box";
  info.params = {local_optimizer(), whole("local_steps", 200, 1.0, kInf, "steps of one descent"),
                 real("gtol", 1e-8, 0.0, kInf, "a descent ends at a gradient norm <= gtol")};
  info.check = check_local;
  info.make = [](const Settings& s) {
    return std::make_unique<Multistart>(
        MultistartParams{s.text("local"), s.integer("local_steps"), s.real("gtol")});
  };
  return info;
}

OptimizerInfo basin_hopping_info() {
  OptimizerInfo info;
  info.name = "basin_hopping";
  info.summary = "basin hopping around a gradient optimizer (Wales & Doye 1997)";
  info.params = {
      local_optimizer(),
      whole("hops", 100, 0.0, kInf, "perturbation-and-descent cycles"),
      real("step", 0.5, 0.0, kInf, "displacement: uniform in [-step, step] per coordinate", true),
      real("T", 1.0, 0.0, kInf, "temperature of the Metropolis test between minima"),
      whole("local_steps", 200, 1.0, kInf, "steps of one descent"),
      real("gtol", 1e-8, 0.0, kInf, "a descent ends at a gradient norm <= gtol")};
  info.check = check_local;
  info.make = [](const Settings& s) {
    return std::make_unique<BasinHopping>(
        BasinHoppingParams{s.text("local"), s.integer("hops"), s.real("step"), s.real("T"),
                           s.integer("local_steps"), s.real("gtol")});
  };
  return info;
}

OptimizerInfo lbfgs_info() {
  OptimizerInfo info;
  info.name = "lbfgs";
  info.summary = "L-BFGS (torch.optim.LBFGS), optionally with a strong-Wolfe line search";
  info.params = {
      real("lr", 1.0, 0.0, kInf, "step length (the line search's first trial)"),
      whole("max_iter", 20, 1.0, kInf, "iterations per step"),
      whole("max_eval", 0, 0.0, kInf, "evaluations per step (0: max_iter * 5 / 4)"),
      real("tolerance_grad", 1e-7, 0.0, kInf, "a step ends once max |g| <= this"),
      real("tolerance_change", 1e-9, 0.0, kInf, "a step ends once f or x changes by less"),
      whole("history_size", 100, 1.0, kInf, "curvature pairs kept"),
      text_param("line_search_fn", "none", {"none", "strong_wolfe"},
                 "fixed steps of lr, or the strong-Wolfe line search"),
      flag_param("maximize", false, "maximise f (minimise -f)")};
  info.make = [](const Settings& s) {
    return std::make_unique<Lbfgs>(
        LbfgsParams{s.real("lr"), s.integer("max_iter"), s.integer("max_eval"),
                    s.real("tolerance_grad"), s.real("tolerance_change"), s.integer("history_size"),
                    s.text("line_search_fn"), s.flag("maximize")});
  };
  return info;
}

}  // namespace optbench::detail
