#include "pagmo_bridge.hpp"

#include <stdexcept>
#include <utility>

#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>

#include "pagmo_algorithms.hpp"

namespace optbench::pagmo_bridge {

namespace {

// A pagmo user-defined problem: minimise `fitness` over the box. Copies share the fitness
// (pagmo copies problems into populations and algorithms' results).
struct BoxProblem {
  std::shared_ptr<const Fitness> f;
  pagmo::vector_double lower;
  pagmo::vector_double upper;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const { return {(*f)(x.data())}; }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {lower, upper};
  }
  std::string get_name() const { return "optbench objective"; }
};

pagmo::algorithm make_algorithm(const AlgorithmSpec& spec, unsigned seed) {
  if (spec.name == "genetic") return genetic_algorithm(spec, seed);
  if (spec.name == "cmaes") return cmaes_algorithm(spec, seed);
  if (spec.name == "differential_evolution") return differential_evolution_algorithm(spec, seed);
  if (spec.name == "particle_swarm") return particle_swarm_algorithm(spec, seed);
  throw std::invalid_argument("no pagmo algorithm named " + spec.name);
}

class PagmoRun final : public Run {
 public:
  PagmoRun(pagmo::algorithm algorithm, pagmo::population population)
      : algorithm_(std::move(algorithm)), population_(std::move(population)) {}

  double evolve(std::vector<double>& champion) override {
    population_ = algorithm_.evolve(population_);
    champion = population_.champion_x();
    return population_.champion_f()[0];
  }

 private:
  pagmo::algorithm algorithm_;
  pagmo::population population_;
};

}  // namespace

Run::~Run() = default;

std::unique_ptr<Run> start_run(const AlgorithmSpec& spec, unsigned algorithm_seed,
                               unsigned population_seed, std::int64_t population,
                               const std::vector<double>& lower, const std::vector<double>& upper,
                               const std::vector<double>& start, double start_value,
                               Fitness fitness, std::vector<double>& champion,
                               double& champion_value) {
  pagmo::algorithm algorithm = make_algorithm(spec, algorithm_seed);
  const pagmo::problem problem{
      BoxProblem{std::make_shared<const Fitness>(std::move(fitness)), lower, upper}};
  pagmo::population first(problem, 0u, population_seed);
  first.push_back(start, {start_value});
  for (std::int64_t i = 1; i < population; ++i) first.push_back(first.random_decision_vector());
  champion = first.champion_x();
  champion_value = first.champion_f()[0];
  return std::make_unique<PagmoRun>(std::move(algorithm), std::move(first));
}

}  // namespace optbench::pagmo_bridge
